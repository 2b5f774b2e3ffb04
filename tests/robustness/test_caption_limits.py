"""Every caption format × every charset option it has × random Unicode text: the limits hold.

For each variant (a caption format with one of its encoding, charset, fallback or 608 mode
options) a random transcript is written with a random ``max_chars`` and ``max_lines``, the
bytes are decoded independently into rows per caption (:mod:`tests.robustness.caption_rows`),
and four things are asserted:

1. no row is wider than ``max_chars`` (characters as shown: a 608 extended character or an
   EBU STL accented letter is one);
2. no caption has more rows than ``max_lines`` (608 roll-up has no captions to count: its
   window is the decoder's);
3. every word the format's repertoire carries appears intact, in order: the input is cut
   into the pieces the documented spacing rules keep together (a word with the punctuation
   that touches it, :func:`groups`), and each piece whose characters are all in the
   repertoire must come out as whole whitespace-separated tokens, split only across rows
   when it is longer than a row;
4. no two of those pieces are glued together: as they are matched token for token, a piece
   that lost the space before or after it does not match, so gluing fails (3) too.

The repertoire (``module.repertoire(options).carries``) only decides which pieces must
survive; what they must look like is stated here, with the transformations a format
documents (SubRip's ``<`` → ``‹`` and ``-->`` → ``→``, Spruce's ``|`` → ``/``, QuickTime's
braces, TTML dropping what XML cannot carry).
"""

from __future__ import annotations

import logging
import re
import string
import typing
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given, seed
from hypothesis import strategies as st

import transconv
from tests.robustness.caption_rows import CAPTION_FORMATS, Decoded, decode
from tests.robustness.support import examples, fuzz_settings
from transconv.formats import FORMATS
from transconv.model import (
    CLOSING_PUNCT,
    OPENING_PUNCT,
    PUNCT,
    SPACE,
    WORD,
    Speaker,
    Token,
    TokenKind,
    Transcript,
    Turn,
)
from transconv.options import make_options
from transconv.segment.text import GLUE_PUNCT
from transconv.text.repertoire import Repertoire

# ----------------------------------------------------------------------------- variants


@dataclass(frozen=True)
class Variant:
    """A caption format and the charset-related options it is written with."""

    name: str
    options: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return "-".join([self.name, *(f"{v}" for v in self.options.values())])

    @property
    def line21(self) -> bool:
        return self.name in ("scc", "mcc")


_MODES = ("pop-on", "roll-up", "paint-on")
VARIANTS: tuple[Variant, ...] = (
    Variant("srt"), Variant("facebook-srt"), Variant("vtt"), Variant("ttml"),
    Variant("dfxp"), Variant("dfxp", {"legacy": True}), Variant("rev-txt"),
    *(Variant(name, {"mode": mode, "replacement": replacement})
      for name in ("scc", "mcc") for mode in _MODES for replacement in ("?", "[?]")),
    Variant("qt", {"encoding": "utf-8"}), Variant("qt", {"encoding": "us-ascii"}),
    *(Variant(name, {"encoding": encoding}) for name in ("spruce-stl", "avid-dvd")
      for encoding in ("utf-8", "windows-1252", "us-ascii")),
    Variant("avid-ds", {"encoding": "utf-8"}), Variant("avid-ds", {"encoding": "utf-16"}),
    Variant("cap", {"fallback": "?"}), Variant("cap", {"fallback": ""}),
    Variant("ebu-stl", {"fallback": "?"}), Variant("ebu-stl", {"fallback": "#"}),
    Variant("ebu-stl", {"fallback": "?", "display": "open"}),
)
#: Options every run of a format takes so that a failure replays byte for byte.
FIXED: dict[str, dict[str, Any]] = {"mcc": {"deterministic": True},
                                    "ebu-stl": {"creation_date": "2024-01-01"}}


def test_every_caption_format_and_option_is_covered() -> None:
    captions = {name for name, fmt in FORMATS.items() if fmt.is_caption}
    assert captions == {v.name for v in VARIANTS} == set(CAPTION_FORMATS)
    for name in captions:
        hints = typing.get_type_hints(FORMATS[name].options_type())
        for option in {"encoding", "mode", "replacement", "fallback"} & set(hints):
            covered = {v.options.get(option) for v in VARIANTS if v.name == name}
            assert covered - {None}, f"{name} is never written with a chosen {option}"
            for choice in typing.get_args(hints[option]):  # every choice of a Literal
                assert choice in covered, f"{name} {option}={choice} is not exercised"


# -------------------------------------------------------------------------- transcripts

#: Character pools: every script and symbol class the issue names.
_POOLS: dict[str, str] = {
    "ascii": string.ascii_letters + string.digits,
    "latin": "éèêëàâäåãáíóúöüÿçñÉÀÖÜÑÅÇßøØæÆœŒłŁđĐðþ",
    "greek": "αβγδεζηθλμξπρσςτφχψωΑΓΔΘΛΞΠΣΦΨΩάέήίόύώ",
    "cyrillic": "абвгдежзийклмнопрстуфхцчшщъыьэюяЖЩЯЁёЇї",
    "cjk": "日本語漢字中文会议点开始東京한국어",
}
#: Single pieces that are spice inside a word: typographic punctuation, symbols, emoji (also
#: with skin tone, ZWJ and VS16), combining marks, invisible characters, other spaces, markup
#: that some format must escape, and a few control characters.
_SPICE = (
    *"…–—“”‘’«»„‚·•", *"€™©®°½¿¡£¥¢♪§¤",
    "😀", "👍🏽", "👩\u200d🔬", "❤\ufe0f", "🎉",
    *"\u0301\u0308\u0327\u0336\u0300",
    *"\u200b\u200c\u200d\u2060\ufeff\u00ad", *"\u00a0\u3000\u2009",
    *"<>&{}|\\^[]-/*_~'\"#", "-->", "{\\", "^B", "\t", "\x07",
)
#: Whole words from real transcripts in many scripts (and a few written to hurt).
_NATURAL = (
    "Straße", "größer", "café", "naïve", "Zoë", "François", "Øresund", "Łódź", "Ελλάδα",
    "Москва", "Київ", "東京", "don't", "it’s", "€5", "50%", "“quoted”", "well-known",
    "and/or", "x<y", "a&b", "-->", "{\\an8}", "^Bold", "[00:01]", "|", "…", "—", "e\u0301t\u00e9",
    "O’Brien", "naïveté", "Ünïcödé", "½", "™", "♪♪", "**", "__", "~~", "{}", "\\\\",
)

_plain = st.sampled_from(sorted(_POOLS)).flatmap(
    lambda pool: st.text(st.sampled_from(_POOLS[pool]), min_size=1, max_size=9))
_mixed = st.lists(st.one_of(_plain, st.sampled_from(_SPICE)), min_size=1, max_size=4).map(
    "".join)
_anything = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=5)
word_text = st.one_of(_plain, _plain, _mixed, st.sampled_from(_NATURAL), _anything)
#: Punctuation tokens, which the spacing rules attach to their neighbours or not.
_PUNCT = (".", ",", "?", "!", ":", "…", "—", "–", "-", "/", "(", ")", "“", "”", "¿", "«")
_SPACES = (" ", " ", " ", "\u00a0", "\t", "  ")


_ascii_words = st.text(st.sampled_from(_POOLS["ascii"]), min_size=1, max_size=9)


@st.composite
def caption_transcripts(draw: st.DrawFn) -> Transcript:
    """A few turns of 1-3 speakers with random Unicode names; every word timed, times
    increasing across the transcript; words separated by assorted whitespace, or not at
    all, with punctuation tokens among them.

    Now and then every word is plain ASCII (only the names then need folding), and a turn
    may say its speaker's name and a colon, which looks like a speaker marker.
    """
    names = ["" if draw(st.integers(0, 4)) == 0 else " ".join(draw(st.lists(
        word_text, min_size=1, max_size=4))) for _ in range(draw(st.integers(1, 3)))]
    speakers = {str(i): Speaker(str(i), name) for i, name in enumerate(names)}
    keys: list[str | None] = [*speakers, None]
    words = _ascii_words if draw(st.integers(0, 3)) == 0 else word_text
    turns: list[Turn] = []
    clock = draw(st.integers(0, 5_000))
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(keys))
        said: list[tuple[TokenKind, str]] = []
        for _ in range(draw(st.integers(1, 14))):
            choice = draw(st.integers(0, 11))
            if choice == 0:
                said.append((PUNCT, draw(st.sampled_from(_PUNCT))))
            elif choice == 1 and key is not None and speakers[key].name.split():
                *first, last = speakers[key].name.split()
                said += [(WORD, word) for word in [*first, f"{last}:"]]
            else:
                said.append((WORD, draw(words)))
        tokens: list[Token] = []
        for kind, text in said:
            if draw(st.integers(0, 5)) > 0 and tokens:  # mostly a space before, not always
                tokens.append(Token(SPACE, draw(st.sampled_from(_SPACES))))
            clock += draw(st.sampled_from([0, 40, 120, 300, 900, 2_500]))
            length = draw(st.integers(80, 900))
            tokens.append(Token(kind, text, clock, clock + length))
            clock += length
        turns.append(Turn(key, tokens[0].start, tokens[-1].end, tokens))
    return Transcript(turns=turns, speakers=speakers, language="en")


# ------------------------------------------------------------- what the input promises

_WHITESPACE_CATEGORIES = ("Cc", "Zl", "Zp")


def _pieces(text: str) -> tuple[bool, list[str], bool]:
    """``text`` split where the model breaks words (whitespace, controls, line and paragraph
    separators): whether it starts or ends with such a break, and the pieces between."""
    cleaned = "".join(" " if ch.isspace() or unicodedata.category(ch) in _WHITESPACE_CATEGORIES
                      else ch for ch in text)
    return cleaned[:1] == " ", cleaned.split(), cleaned[-1:] == " "


def groups(transcript: Transcript) -> list[list[str]]:
    """Each turn's unbreakable pieces, in order: a word with the punctuation it touches.

    The documented spacing rules (``transconv.model``, sources.md): whitespace always
    separates; with no whitespace between them, a piece starting with closing punctuation
    joins the one before, a piece after opening punctuation joins it, and ``-``, ``/`` alone
    glue on both sides (``well-known``). Every turn starts a new piece.
    """
    out: list[list[str]] = []
    for turn in transcript.turns:
        out.append([])
        current = ""
        previous = ""
        spaced = True
        for token in turn.tokens:
            if token.kind == SPACE:
                spaced = True
                continue
            if not token.text:
                continue
            leading, pieces, trailing = _pieces(token.text)
            spaced = spaced or leading or not pieces
            for k, piece in enumerate(pieces):
                glued = current and not spaced and k == 0 and (
                    piece[0] in CLOSING_PUNCT or previous[-1] in OPENING_PUNCT
                    or previous in GLUE_PUNCT or piece in GLUE_PUNCT)
                if glued:
                    current += piece
                else:
                    if current:
                        out[-1].append(current)
                    current = piece
                previous = piece
                spaced = False
            spaced = spaced or trailing
        if current:
            out[-1].append(current)
    return out


# ------------------------------------------------- what each format is allowed to change

_SRT_ARROW = re.compile(r"-[ -]+>")
_SPRUCE_TOGGLE = re.compile(r"\^+(?=[BIUbiu])")


def _srt(piece: str, wraps: bool) -> str | None:
    """SubRip defuses markup and timing arrows (srt.py). An arrow may span the space between
    two pieces (``a- >b`` → ``a→b``), and a piece wrapped across rows may have its arrow or
    ``{\\`` cut in two: such pieces are not checked."""
    if piece.endswith("-") or re.match(r"-*>", piece):
        return None
    if wraps and (re.search("--+>", piece) or "{\\" in piece):
        return None
    piece = piece.replace("<", "‹").replace("{\\", "｛\\")
    return _SRT_ARROW.sub("→", piece)


def _as_is(piece: str, wraps: bool) -> str:
    return piece


def _xml(piece: str, wraps: bool) -> str:
    return re.sub("[\ufffe\uffff]", "", piece)


def _spruce(piece: str, wraps: bool) -> str | None:
    if wraps and "^" in piece:
        return None  # a toggle cut in two across rows stays
    return _SPRUCE_TOGGLE.sub("", piece).replace("|", "/")


def _qt(piece: str, wraps: bool) -> str:
    return piece.replace("{", "(").replace("}", ")")


def _ebu(piece: str, wraps: bool) -> str:
    return piece.replace("\u2015", "\u2014")  # D0 is one long dash (ebu-stl.md §5)


#: Format → what a carriable input piece looks like in the output (``None``: not checked),
#: given whether it may be hard-wrapped across rows.
_SHOWN: dict[str, Callable[[str, bool], str | None]] = {
    "srt": _srt, "facebook-srt": _srt, "ttml": _xml, "dfxp": _xml, "spruce-stl": _spruce,
    "qt": _qt, "ebu-stl": _ebu,
}


#: QuickTime: a row opening ``[`` + digit gets a space after the bracket so that it cannot
#: be read as a time stamp (qt.py). Such a row is measured without it, and a piece may match
#: as ``[`` opening a row and the rest.
_QT_STAMP_GUARD = re.compile(r"^\[ (?=\d)")


# ---------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _Token:
    text: str
    row_start: bool


def _tokens(decoded: Decoded) -> list[_Token]:
    return [_Token(text, k == 0) for rows in decoded.captions for row in rows
            for k, text in enumerate(row.split())]


def _match(tokens: list[_Token], at: int, shown: str, wrap: bool,
           guarded: bool = False) -> int | None:
    """The index after the tokens from ``at`` that spell ``shown`` (``None`` if they do not):
    one token, or with ``wrap`` several, each after the first opening a row (``guarded``:
    also ``[`` opening a row and the rest, see ``_QT_STAMP_GUARD``)."""
    built = ""
    k = at
    while k < len(tokens) and len(built) < len(shown):
        guard = guarded and k == at + 1 and built == "[" and tokens[at].row_start
        if k > at and not (wrap and tokens[k].row_start) and not guard:
            return None
        built += tokens[k].text
        if not shown.startswith(built):
            return None
        k += 1
    return k if built == shown else None


def _find_in_order(tokens: list[_Token], pieces: list[tuple[str, str, bool]],
                   guarded: bool = False) -> None:
    """Each ``(piece, shown, may wrap)`` matched as whole tokens after the previous one's."""
    at = 0
    for index, (piece, shown, wrap) in enumerate(pieces):
        found = next((end for start in range(at, len(tokens))
                      if (end := _match(tokens, start, shown, wrap, guarded)) is not None),
                     None)
        if found is None:
            text = " ".join(t.text for t in tokens)
            before = pieces[index - 1][1] if index else ""
            after = pieces[index + 1][1] if index + 1 < len(pieces) else ""
            holding = [t.text for t in tokens if shown in t.text and t.text != shown]
            glued = [t for t in holding if (before and before + shown in t)
                     or (after and shown + after in t)]
            what = f"glued to a neighbour in {glued!r}" if glued else \
                f"lost or changed (tokens holding it: {holding!r})"
            raise AssertionError(
                f"{shown!r} (input piece {piece!r}, after {before!r}) is not a whole word of "
                f"the output after the previous one: {what}; output: {text[:2000]!r}")
        at = found


# ------------------------------------------------------------------------------ the test


def _repertoire(variant: Variant, options: dict[str, Any]) -> Repertoire:
    fmt = FORMATS[variant.name]
    values = make_options(fmt.options_type(), options, fmt.name)
    repertoire: Repertoire = fmt.load().repertoire(values)
    return repertoire


def check(variant: Variant, transcript: Transcript, max_chars: int, max_lines: int,
          speaker_style: str) -> None:
    """Write ``transcript`` as ``variant`` and assert the four properties of the module."""
    options = {**variant.options, **FIXED.get(variant.name, {}), "max_chars": max_chars,
               "max_lines": max_lines, "speaker_style": speaker_style}
    data = transconv.dumps(transcript, variant.name, **options)
    decoded = decode(variant.name, data, variant.options)

    # 1 and 2: row width and rows per caption
    width = max_chars
    if variant.name == "rev-txt":  # a cue is one line: its rows joined by spaces
        width = max_lines * max_chars + max_lines - 1
    for rows in decoded.captions:
        for row in rows:
            if variant.name == "qt":
                row = _QT_STAMP_GUARD.sub("[", row)
            assert len(row) <= width, f"row of {len(row)} > {width}: {row!r}"
        if decoded.bounded:
            assert len(rows) <= max_lines, f"{len(rows)} rows > {max_lines}: {rows!r}"

    # 3 and 4: carriable pieces intact, in order, never glued to a neighbour
    repertoire = _repertoire(variant, options)
    shown_as = _SHOWN.get(variant.name, _as_is)
    expected: list[tuple[str, str, bool]] = []
    for pieces in groups(transcript):
        opening = True  # a turn's first unit: with one row per cue, its marker narrows it
        for piece in pieces:
            if not repertoire.carries(piece):
                continue  # (it may fold to nothing, and the next piece open the turn)
            # a piece wider than a row (as laid out: before the writer's escapes) is
            # hard-wrapped into rows
            wrap = len(piece) > max_chars or (opening and max_lines == 1)
            shown = shown_as(piece, wrap)
            if shown:
                expected.append((piece, shown, wrap))
            opening = False
    tokens = _tokens(decoded)
    if variant.name == "rev-txt":  # a cue's rows are joined by spaces: any space was a row end
        tokens = [_Token(token.text, True) for token in tokens]
    _find_in_order(tokens, expected, guarded=variant.name == "qt")


@pytest.fixture(autouse=True)
def _quiet(caplog: pytest.LogCaptureFixture) -> None:
    """Writers warn about folded characters on every example; keep the report readable."""
    caplog.set_level(logging.ERROR)


@pytest.mark.parametrize("variant", VARIANTS, ids=str)
def test_rows_fit_and_carriable_words_survive(variant: Variant) -> None:
    """The four properties of the module for one variant (608: 32 columns, 4 rows at most)."""
    widest = 32 if variant.line21 else 42
    deepest = 4 if variant.line21 else 3
    profile = fuzz_settings(max_examples=examples(25), deadline=None)

    @profile
    @given(caption_transcripts(), st.integers(20, widest), st.integers(1, deepest),
           st.sampled_from(["name", "chevrons", "dash", "none"]))
    def run(transcript: Transcript, max_chars: int, max_lines: int, speaker_style: str) -> None:
        check(variant, transcript, max_chars, max_lines, speaker_style)

    if profile.derandomize:  # each variant its own fixed examples, not all the same ones
        run = seed(zlib.crc32(str(variant).encode()))(run)
    run()
