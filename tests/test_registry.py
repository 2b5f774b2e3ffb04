"""The registry: every entry loads and its module meets the contract of its kind; the data
of the entries (names, media types, extensions, ranks) is complete and consistent; the
reader entries resolve.

Shared extensions, by design (the extension alone picks the kind's first format in
preference order; ``Accept`` or ``-t`` reaches the others):

* ``.txt``: txt (transcript formats, and with no kind), rev-txt (caption formats); avid-ds
  and avid-dvd only through ``Accept``. ``.qt.txt`` is longer, so it always means qt.
* ``.srt``: srt; facebook-srt only through ``Accept`` (it names its files by language).
* ``.stl``: spruce-stl; ebu-stl is reached by its own ``.ebu.stl`` (or ``Accept``).

YouTube text has no extension: its files are ``<stem>.youtube.txt``, a suffix that never
selects it (``x.youtube.txt`` is txt).
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any

import pytest

from transconv import readers
from transconv.formats import (
    FORMATS,
    KINDS,
    READERS,
    SHAPES,
    Format,
    Kind,
    by_filename,
    candidates,
    conformance,
    file_suffixes,
    get,
)
from transconv.formats.contract import CaptionWriter, TranscriptWriter
from transconv.model import CaptionTrack, Transcript
from transconv.readers.detection import function
from transconv.segment import CaptionStyle
from transconv.text.repertoire import Repertoire

NAMES = list(FORMATS)

#: The preference orders as documented before they became ranks on the entries (negotiation
#: breaks ties by them; the first is the kind's default).
ORDERS: dict[Kind | None, list[str]] = {
    "transcript": ["rev-json", "docx", "pdf", "txt", "youtube", "srt", "vtt"],
    "caption": ["srt", "scc", "mcc", "ttml", "qt", "rev-txt", "vtt", "dfxp", "cap",
                "spruce-stl", "avid-ds", "avid-dvd", "facebook-srt", "ebu-stl"],
    None: ["rev-json", "docx", "pdf", "txt", "youtube", "srt", "vtt", "scc", "mcc", "ttml",
           "qt", "rev-txt", "dfxp", "cap", "spruce-stl", "avid-ds", "avid-dvd",
           "facebook-srt", "ebu-stl"],
}

#: Extension → (kind → the format it selects); every extension two formats share is here.
SHARED: dict[str, dict[Kind | None, str]] = {
    ".txt": {None: "txt", "transcript": "txt", "caption": "rev-txt"},
    ".srt": {None: "srt", "transcript": "srt", "caption": "srt"},
    ".stl": {None: "spruce-stl", "caption": "spruce-stl"},
}


def _positional(func: Callable[..., Any]) -> tuple[int, int]:
    """(required, accepted) positional parameters, ``self`` excluded; a required
    keyword-only parameter counts as unusable (-1, -1)."""
    params = [p for p in inspect.signature(func).parameters.values() if p.name != "self"]
    if any(p.kind is p.KEYWORD_ONLY and p.default is p.empty for p in params):
        return -1, -1
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = sum(p.default is p.empty for p in positional)
    return required, len(positional)


def _callable_like(module: Any, protocol: type, name: str) -> None:
    function = getattr(module, name, None)
    assert callable(function), f"{module.__name__} has no {name}()"
    wanted, _ = _positional(getattr(protocol, name))
    required, accepted = _positional(function)
    assert required <= wanted <= accepted, f"{module.__name__}.{name} takes {wanted} arguments"


@pytest.mark.parametrize("name", NAMES)
def test_every_entry_loads_and_meets_its_contract(name: str) -> None:
    fmt = get(name)
    module = fmt.load()
    options_type = module.Options
    assert dataclasses.is_dataclass(options_type) and isinstance(options_type, type)
    assert options_type.__dataclass_params__.frozen  # type: ignore[attr-defined]
    options = options_type()  # every field has its documented default
    field = dataclasses.fields(options_type)[0].name if dataclasses.fields(options_type) else ""
    if field:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(options, field, getattr(options, field))
    assert fmt.options_type() is options_type
    if fmt.is_caption:
        assert fmt.caption_writer() is module
        assert isinstance(options.style, CaptionStyle)
        assert isinstance(module.repertoire(options), Repertoire)
        _callable_like(module, CaptionWriter, "repertoire")
        _callable_like(module, CaptionWriter, "render")
        assert conformance.CAPTION_WRITERS[name] is module
        with pytest.raises(TypeError):
            fmt.transcript_writer()
    else:
        assert fmt.transcript_writer() is module
        _callable_like(module, TranscriptWriter, "write")
        assert not hasattr(module, "render")
        assert conformance.TRANSCRIPT_WRITERS[name] is module
        with pytest.raises(TypeError):
            fmt.caption_writer()


def test_the_static_conformance_tables_are_the_registry() -> None:
    caption = {f.name for f in FORMATS.values() if f.is_caption}
    assert set(conformance.CAPTION_WRITERS) == caption
    assert set(conformance.TRANSCRIPT_WRITERS) == set(FORMATS) - caption
    naming = {name for name, fmt in FORMATS.items() if fmt.names_files()}
    assert set(conformance.OUTPUT_NAMES) == naming == {"facebook-srt"}
    for name in naming:
        assert conformance.OUTPUT_NAMES[name] is get(name).load().output_name
        _callable_like(get(name).load(), _OutputNameCall, "output_name")


class _OutputNameCall:
    """The ``OutputName`` protocol's call, as a named method for :func:`_callable_like`."""

    def output_name(self, stem: str, document: Any, locale: str | None, /) -> str: ...


@pytest.mark.parametrize("name", NAMES)
def test_every_entry_is_described(name: str) -> None:
    fmt = get(name)
    kind, slash, sub = fmt.media_type.partition("/")
    assert kind and slash and sub and fmt.media_type == fmt.media_type.strip()
    assert fmt.title and fmt.module
    assert fmt.kinds and fmt.kinds <= set(KINDS) and set(fmt.ranks) == fmt.kinds
    assert all(ext.startswith(".") and ext == ext.lower() for ext in fmt.extensions)
    assert len(set(fmt.extensions)) == len(fmt.extensions)
    assert fmt.output_suffix.startswith(".")
    assert bool(fmt.file_suffix) == (not fmt.extensions)  # only for formats without one
    assert fmt.kind_label == ("both" if len(fmt.kinds) > 1 else next(iter(fmt.kinds)))


def test_names_and_media_types_are_unique() -> None:
    assert len({f.name for f in FORMATS.values()}) == len(FORMATS)
    assert all(name == fmt.name == name.lower() for name, fmt in FORMATS.items())
    assert len({f.media_type for f in FORMATS.values()}) == len(FORMATS)
    assert len(SHAPES) == len(set(SHAPES)) == sum(1 + len(r.aliases) for r in READERS)


@pytest.mark.parametrize("kind", [*KINDS, None])
def test_preference_orders_are_the_documented_ones(kind: Kind | None) -> None:
    assert [f.name for f in candidates(kind)] == ORDERS[kind]
    if kind is not None:
        ranks = sorted(f.ranks[kind] for f in FORMATS.values() if kind in f.ranks)
        assert ranks == list(range(len(ranks)))


def test_defaults() -> None:
    assert candidates("transcript")[0].name == candidates()[0].name == "rev-json"
    assert candidates("caption")[0].name == "srt"


def test_writer_contract_follows_the_caption_kind() -> None:
    # srt and vtt are offered as transcript formats too, but render a caption track.
    assert get("srt").kinds == get("vtt").kinds == {"transcript", "caption"}
    assert get("srt").is_caption and get("vtt").is_caption
    assert not any(f.is_caption for f in FORMATS.values() if f.kinds == {"transcript"})


def _selects(ext: str, kind: Kind | None, fmt: Format) -> str:
    """The format ``ext`` should select under ``kind``: the format itself unless shared."""
    return SHARED.get(ext, {}).get(kind, fmt.name)


@pytest.mark.parametrize("name", NAMES)
def test_by_filename_round_trips_every_own_extension(name: str) -> None:
    fmt = get(name)
    for ext in fmt.extensions:
        for kind in (None, *sorted(fmt.kinds)):
            found = by_filename(f"Talk{ext.upper()}", kind)
            assert found is not None and found.name == _selects(ext, kind, fmt), (ext, kind)
    # The preferred extension reaches the format itself unless it is a documented share.
    if fmt.extensions and fmt.extension not in SHARED:
        assert by_filename(f"x{fmt.extension}") is fmt


def test_the_shared_extensions_are_the_documented_ones() -> None:
    owners: dict[str, set[str]] = {}
    for fmt in FORMATS.values():
        for ext in fmt.extensions:
            owners.setdefault(ext, set()).add(fmt.name)
    assert {ext for ext, names in owners.items() if len(names) > 1} == set(SHARED)
    assert by_filename("x.qt.txt").name == "qt"  # type: ignore[union-attr]
    assert by_filename("x.ebu.stl").name == "ebu-stl"  # type: ignore[union-attr]
    assert by_filename("x.docx", "caption") is None


def test_every_name_a_run_gives_maps_back_to_its_format() -> None:
    # the hardening issue: -o x.youtube.txt wrote plain txt
    everything = list(FORMATS.values())
    for fmt, suffix in zip(everything, file_suffixes(everything), strict=True):
        assert by_filename(f"x{suffix}") is fmt, suffix
    assert by_filename("x.youtube.txt") is get("youtube")
    assert by_filename("x.rev-txt.txt") is get("rev-txt")


def test_file_suffixes_keep_shared_extensions_apart() -> None:
    names = ["txt", "rev-txt", "avid-ds", "youtube", "srt", "facebook-srt", "ebu-stl"]
    formats = [get(n) for n in names]
    assert file_suffixes(formats) == [
        ".txt", ".rev-txt.txt", ".avid-ds.txt", ".youtube.txt", ".srt", ".facebook-srt.srt",
        ".ebu.stl",
    ]
    # In caption order rev-txt owns .txt, as negotiation picks it for that extension.
    assert file_suffixes([get("avid-ds"), get("rev-txt")], "caption") == [
        ".avid-ds.txt", ".txt"]


def test_output_names() -> None:
    french = Transcript(language="fr")
    assert get("facebook-srt").output_name("talk", french) == "talk.fr_FR.srt"
    assert get("facebook-srt").output_name("talk", french, "en_GB") == "talk.en_GB.srt"
    track = CaptionTrack.of(Transcript(language="pt"), [])
    assert get("facebook-srt").output_name("talk", track) == "talk.pt_BR.srt"
    assert get("srt").output_name("talk", french) == "talk.srt"
    assert get("youtube").output_name("talk", french) == "talk.youtube.txt"
    assert not get("srt").names_files() and get("facebook-srt").names_files()


# ---------------------------------------------------------------------------- readers


@pytest.mark.parametrize("reader", READERS, ids=[r.name for r in READERS])
def test_every_reader_entry_resolves(reader: Any) -> None:
    assert reader.title and reader.kinds and reader.kinds <= set(KINDS)
    assert reader.input in ("json", "text", "binary")
    assert bool(reader.required) == (reader.input == "json")  # a forced JSON shape's check
    assert reader.input == "json" or reader.sniff is not None  # every file is detected
    assert callable(function(reader.read))
    assert reader.sniff is None or callable(function(reader.sniff))


def test_shapes_are_the_reader_entries() -> None:
    assert readers.SHAPES == SHAPES
    assert SHAPES[:4] == ("rev", "rev-json", "revai", "smartdoc")
    # rev and revai share one reader; only the Rev flavour is ever detected.
    assert get_reader("rev").read == get_reader("revai").read
    assert get_reader("revai").sniff is None


def get_reader(name: str) -> Any:
    return next(r for r in READERS if r.name == name)


@pytest.mark.parametrize(("doc", "shape"), [
    ({"monologues": []}, "rev"),
    ({"monologues": [], "transcript": {}}, "rev"),  # both certain: the earlier entry
    ({"speakers": [], "taskId": 7}, "smartdoc"),  # certain beats likely
    ({"speakers": []}, "rev"),  # likely only
    ({"speakers": {}}, None),
    ({"transcript": "{}"}, "smartdoc"),
    ({"totalTimeInSeconds": 3}, "smartdoc"),
    ({}, None),
    ({"data": {}}, None),
])
def test_detection_asks_the_entries(doc: dict[str, Any], shape: str | None) -> None:
    assert readers.detect(doc) == shape
