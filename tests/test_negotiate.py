"""Negotiation: every row of charsets-negotiation.md §6.4, then the rules it states in §6.1–§6.3.

The seed table and rules run against exactly the five offers of §6.4 (the ``offer`` fixture
hides the other formats); the extension rules run against the whole registry.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

import pytest

import transconv
from transconv.errors import NotAcceptable
from transconv.formats import Format, Kind, candidates, get
from transconv.negotiation import content_type, negotiate, negotiate_charset, parse, select

SEED = ("rev-json", "txt", "youtube", "srt", "vtt")
SEED_TYPES = ["application/json+rev-transcript", "text/plain",
              "text/plain; format=youtube-transcript", "application/x-subrip", "text/vtt"]

Offer = Callable[[Iterable[str]], None]
#: The module itself (its functions are also imported by name above).
negotiation = importlib.import_module("transconv.negotiation")


@pytest.fixture
def offer(monkeypatch: pytest.MonkeyPatch) -> Offer:
    """Make negotiation offer exactly the named formats (in registry order) for one test."""

    def apply(names: Iterable[str]) -> None:
        wanted = set(names)

        def offered(kind: Kind | None = None) -> list[Format]:
            return [f for f in candidates(kind) if f.name in wanted]

        monkeypatch.setattr(negotiation, "candidates", offered)

    return apply


# §6.4, one row each: Accept → expected format name (None: 406).
SEED_TABLE = [
    ("text/*;q=0.9, text/plain;q=0.1", "vtt"),
    ("text/plain;format=youtube-transcript;q=0.2, text/plain;q=0.9", "txt"),
    ("text/plain;format=youtube-transcript", "youtube"),
    ('text/plain; format="youtube-transcript"', "youtube"),
    ("text/plain", "txt"),
    ("TEXT/PLAIN", "txt"),
    ("text/plain;format=other", None),
    ("*/*", "rev-json"),
    ("text/vtt;q=0.5, application/x-subrip;q=0.5", "srt"),
    ("application/msword", None),
    ("text/plain;q=0, */*;q=0.1", "rev-json"),
]


@pytest.mark.parametrize(("accept", "expected"), SEED_TABLE)
def test_seed_table(offer: Offer, accept: str, expected: str | None) -> None:
    offer(SEED)
    if expected is None:
        with pytest.raises(NotAcceptable) as err:
            negotiate("transcript", accept)
        assert err.value.available == SEED_TYPES
        assert err.value.exit_code == 4
    else:
        assert negotiate("transcript", accept).name == expected


# Further rules of §6.1–§6.2 and the issue: (kind, Accept, expected).
RULES = [
    ("transcript", None, "rev-json"),
    ("caption", None, "srt"),
    (None, None, "rev-json"),
    ("transcript", "", "rev-json"),  # empty header = absent
    ("transcript", "   ", "rev-json"),
    ("transcript", "text/plain;q=abc, text/vtt", "vtt"),  # bad qvalue drops that element
    ("transcript", "text/plain;q=1.5, text/vtt;q=0.5", "vtt"),
    ("transcript", "text/plain;q=0.1234, text/vtt;q=0.5", "vtt"),  # four decimals: invalid
    ("transcript", "*/plain, text/vtt;q=0.1", "vtt"),  # */plain is not a range
    ("transcript", "text/plain;q=abc", "rev-json"),  # nothing usable = absent
    ("transcript", "garbage, ;;, text/", "rev-json"),
    ("transcript", "text/plain;q=0", None),  # q=0 excludes
    ("transcript", "*/*;q=0", None),
    ("transcript", "*/*;q=0.1, application/*;q=0.8", "rev-json"),  # type/* beats */*
    ("transcript", "*/*;q=0.9, application/*;q=0.1", "txt"),  # ...even when lower
    ("transcript", "text/*, text/plain;format=youtube-transcript;q=0.5", "txt"),
    ("transcript", "text/plain;format=youtube-transcript, text/plain;q=0.5", "youtube"),
    ("transcript", "text/plain;FORMAT=youtube-transcript", "youtube"),  # names fold case
    ("transcript", "Text/Plain; Format=youtube-transcript", "youtube"),
    ("transcript", "text/plain;format=YouTube-Transcript", None),  # values do not
    ("transcript", 'text/plain;format="youtube\\-transcript"', "youtube"),  # quoted-pair
    ("transcript", 'text/plain;format="a,b", text/vtt;q=0.2', "vtt"),  # comma in quotes
    ("transcript", "text/vtt;q=0.5;level=1, application/x-subrip;q=0.4", "vtt"),  # accept-ext
    ("transcript", "text/plain;charset=iso-8859-1", "txt"),  # charset never blocks
    ("transcript", "text/plain;charset=koi8-r", "txt"),
    ("caption", "text/vtt, application/x-subrip", "srt"),  # tie: kind's default
    ("caption", "*/*", "srt"),
    ("caption", "text/*", "vtt"),
    ("caption", "text/plain", None),  # txt is not a caption format
    (None, "text/vtt;q=0.9, application/json+rev-transcript;q=0.9", "rev-json"),
]


@pytest.mark.parametrize(("kind", "accept", "expected"), RULES)
def test_accept_rules(offer: Offer, kind: transconv.formats.Kind | None,
                      accept: str | None, expected: str | None) -> None:
    offer(SEED)
    if expected is None:
        with pytest.raises(NotAcceptable):
            negotiate(kind, accept)
    else:
        assert negotiate(kind, accept).name == expected


# Extensions: (kind, extension, Accept, expected); the extension wins over Accept.
EXTENSIONS = [
    ("transcript", ".srt", None, "srt"),
    ("transcript", "srt", None, "srt"),
    ("transcript", "interview.VTT", None, "vtt"),
    ("transcript", ".vtt", "application/x-subrip", "vtt"),
    (None, ".json", "text/vtt", "rev-json"),
    (None, ".txt", None, "txt"),
    ("caption", ".txt", None, "rev-txt"),
    ("caption", ".txt", "text/vnd.avid-ds", "avid-ds"),
    ("caption", ".txt", "text/vnd.avid-dvd;q=0.5, text/vnd.avid-ds;q=0.4", "avid-dvd"),
    ("caption", ".txt", "application/x-subrip", "rev-txt"),  # header names none of them
    ("caption", "out.qt.txt", None, "qt"),  # the longest extension wins
    ("caption", ".srt", None, "srt"),
    ("caption", ".srt", "text/x-facebook-srt", "facebook-srt"),
    ("caption", ".stl", None, "spruce-stl"),
    ("caption", ".stl", "text/x-ebu-stl", "ebu-stl"),
    ("caption", "x.ebu.stl", None, "ebu-stl"),
    ("caption", ".docx", None, None),  # not a caption format
    (None, ".xyz", None, None),
]


@pytest.mark.parametrize(("kind", "extension", "accept", "expected"), EXTENSIONS)
def test_extensions(kind: transconv.formats.Kind | None, extension: str,
                    accept: str | None, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(NotAcceptable):
            negotiate(kind, accept, extension)
    else:
        assert negotiate(kind, accept, extension).name == expected


def test_youtube_has_no_extension_and_needs_the_header() -> None:
    assert negotiate("transcript", None, ".txt").name == "txt"
    youtube = "text/plain; format=youtube-transcript"
    assert negotiate("transcript", youtube, ".txt").name == "txt"
    assert negotiate("transcript", youtube).name == "youtube"


def test_formats_not_offered_are_never_chosen(offer: Offer) -> None:
    offer(SEED)
    assert negotiate("transcript", "application/pdf, */*;q=0.1").name == "rev-json"
    with pytest.raises(NotAcceptable) as err:
        negotiate("transcript", "application/pdf")
    assert str(err.value).startswith("no acceptable transcript format for Accept "
                                     "'application/pdf'; available: ")
    assert err.value.available == SEED_TYPES
    with pytest.raises(NotAcceptable):
        negotiate("caption", None, ".scc")
    # Shared extension: only an offered format is chosen.
    assert negotiate(None, "text/x-rev-transcript", ".txt").name == "txt"


def test_the_whole_registry_refuses_with_every_media_type_of_the_kind() -> None:
    assert negotiate("transcript", "application/pdf").name == "pdf"
    with pytest.raises(NotAcceptable) as err:
        negotiate("caption", "application/msword")
    assert err.value.available == [f.media_type for f in candidates("caption")]
    assert str(err.value).startswith("no acceptable caption format for Accept "
                                     "'application/msword'; available: application/x-subrip, "
                                     "text/x-scc, text/x-mcc, ")
    with pytest.raises(NotAcceptable) as err:
        negotiate("caption", None, ".docx")
    assert str(err.value).startswith("no acceptable caption format for extension '.docx'")


def test_caption_refusal_lists_the_caption_formats(offer: Offer) -> None:
    offer({"srt", "vtt", "ttml", "txt"})
    with pytest.raises(NotAcceptable) as err:
        negotiate("caption", "application/msword")
    assert err.value.available == ["application/x-subrip", "application/ttml+xml", "text/vtt"]
    assert str(err.value).endswith("available: application/x-subrip, application/ttml+xml, "
                                   "text/vtt")


def test_parse_keeps_parameters_and_weights() -> None:
    ranges = parse('Text/Plain; Format="youtube-transcript"; q=0.25; ext=1, */*;q=0, bad')
    assert [(r.type, r.subtype, r.params, r.q) for r in ranges] == [
        ("text", "plain", (("format", "youtube-transcript"),), 250),
        ("*", "*", (), 0),
    ]


# Accept-Charset for txt: (header, expected charset; None = 406).
CHARSET_TABLE = [
    (None, "utf-8"),
    ("", "utf-8"),
    ("iso-8859-1", "iso-8859-1"),
    ("cp1252", "windows-1252"),
    ("US-ASCII", "us-ascii"),
    ("utf-16", "utf-16"),
    ("iso-8859-1;q=0.5, utf-8;q=0.9, *;q=0.1", "utf-8"),
    ("latin1;q=0.5, koi8-r", "iso-8859-1"),
    ("*", "utf-8"),
    ("utf-8;q=0, *", "utf-16"),
    ("utf-8;q=0, utf-16;q=0, *;q=0.5", "windows-1252"),
    ("iso-8859-1;q=0.5, windows-1252;q=0.5", "windows-1252"),  # tie: lossless first
    ("utf-8;q=x, latin1", "iso-8859-1"),  # malformed element ignored
    ("koi8-r", None),
    ("utf-8;q=0", None),  # no * → unnamed charsets are not acceptable
    ("*;q=0", None),
]


@pytest.mark.parametrize(("header", "expected"), CHARSET_TABLE)
def test_accept_charset(header: str | None, expected: str | None) -> None:
    txt = get("txt")
    if expected is None:
        with pytest.raises(NotAcceptable) as err:
            negotiate_charset(header, txt)
        assert err.value.available == ["utf-8", "utf-16", "windows-1252", "iso-8859-1",
                                       "us-ascii"]
    else:
        assert negotiate_charset(header, txt) == expected


def test_only_plain_text_honours_accept_charset() -> None:
    assert negotiate_charset("koi8-r", get("srt")) == "utf-8"
    assert negotiate_charset("iso-8859-1", get("vtt")) == "utf-8"
    assert negotiate_charset("us-ascii", get("youtube")) == "us-ascii"
    assert negotiate_charset("us-ascii", get("docx")) is None  # binary: no charset


def test_accept_charset_parameter_is_a_preference(offer: Offer) -> None:
    offer(SEED)
    choice = select("transcript", "text/plain;charset=latin1")
    assert (choice.format.name, choice.charset) == ("txt", "iso-8859-1")
    assert select("transcript", "text/plain;charset=latin1", None, "utf-16").charset == "utf-16"
    assert select("transcript", "text/plain;charset=koi8-r").charset == "utf-8"


@pytest.mark.parametrize(("name", "charset", "expected"), [
    ("txt", "windows-1252", "text/plain; charset=windows-1252"),
    ("youtube", "windows-1252", "text/plain; format=youtube-transcript; charset=windows-1252"),
    ("txt", None, "text/plain; charset=utf-8"),
    ("vtt", "utf-8", "text/vtt; charset=utf-8"),
    ("rev-json", "utf-8", "application/json+rev-transcript; charset=utf-8"),
    ("docx", None,
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_content_type_always_names_the_charset(name: str, charset: str | None,
                                               expected: str) -> None:
    assert content_type(get(name), charset) == expected


def test_select_gives_the_full_content_type(offer: Offer) -> None:
    offer(SEED)
    choice = select("transcript", "text/plain;format=youtube-transcript", None, "cp1252")
    assert choice.content_type == "text/plain; format=youtube-transcript; charset=windows-1252"
    with pytest.raises(NotAcceptable):
        select("transcript", "text/plain", None, "koi8-r")
    assert select("transcript", "text/vtt", None, "koi8-r").charset == "utf-8"


def test_represent_returns_body_and_content_type(offer: Offer,
                                                 transcript: transconv.Transcript) -> None:
    offer(SEED)
    body, ctype = transconv.represent(transcript, "txt", accept_charset="windows-1252")
    assert ctype == "text/plain; charset=windows-1252"
    assert "Montréal" in body.decode("cp1252")
    assert "“" not in body.decode("latin-1")  # the curly quotes are 1252 bytes, not UTF-8
    body, ctype = transconv.represent(transcript, kind="transcript", accept_charset="us-ascii",
                                      accept="text/plain;format=youtube-transcript")
    assert ctype == "text/plain; format=youtube-transcript; charset=us-ascii"
    assert max(body) < 0x80 and b"Montreal" in body
    with pytest.raises(NotAcceptable):
        transconv.represent(transcript, kind="caption", accept="text/plain")


def test_the_function_survives_the_module_being_imported() -> None:
    # Importing transconv.negotiate (the module's old name) made the package attribute the
    # module: `transconv.negotiate('caption')` then raised "'module' object is not callable".
    import transconv

    importlib.import_module("transconv.negotiation")
    transconv.represent(transconv.Transcript(), kind="transcript")
    assert transconv.negotiate("caption").name == "srt"


def test_no_public_name_is_also_a_submodule() -> None:
    import pkgutil

    import transconv

    submodules = {m.name for m in pkgutil.iter_modules(transconv.__path__)}
    assert submodules.isdisjoint(transconv.__all__)
    assert set(dir(transconv)) >= set(transconv.__all__)
