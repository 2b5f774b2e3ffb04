"""The five charsets of the plain-text representations, and lossy "nearest equivalent" folding.

Only txt and youtube honour a requested charset (the registry's ``charsets`` flag); every other
format is UTF-8. The lossy targets (iso-8859-1, windows-1252, us-ascii) follow
charsets-negotiation.md §3.2: NFC first, keep whatever the target holds natively, then the
hand-written tables in :mod:`transconv.text.tables`, then a compatibility decomposition
with the marks dropped, and only then a fallback (``?``, or nothing for us-ascii). The folding
runs inside the codec as a registered error handler, so text that already fits is encoded at
C speed and only the misfits reach Python.

Deliberate choices: control characters (C0 except TAB/LF/CR, DEL, C1) are removed for every
charset, so no output ever carries a C1 byte, and a leading U+FEFF is dropped; UTF-8 never
has a BOM; UTF-16 is Python's ``utf-16`` codec (BOM, little-endian); lone surrogates become
``?``; us-ascii folds quotes and dashes instead of omitting them (a documented deviation from
Rev's wording), and where omitted characters leave a run of spaces it closes to one space.
No transliteration library (anyascii) is used: the tables cover Latin text, and for
non-Latin scripts a romanisation in a us-ascii transcript would be a guess presented as text.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Final

from ..errors import UsageError
from .repertoire import UNICODE, Repertoire
from .tables import CONTROL_STRIP, FOLDS

#: Canonical names in tie-break order: lossless first (charsets-negotiation.md §6.3).
CHARSETS: Final = ("utf-8", "utf-16", "windows-1252", "iso-8859-1", "us-ascii")
DEFAULT: Final = "utf-8"

#: Python codec for each canonical name.
_CODEC: Final = {
    "utf-8": "utf-8",
    "utf-16": "utf-16",
    "windows-1252": "cp1252",
    "iso-8859-1": "latin-1",
    "us-ascii": "ascii",
}
#: ``codecs.lookup(label).name`` → canonical name; this is how aliases (latin1, cp1252, utf8,
#: ascii, …) resolve without a list of our own.
_BY_CODEC_NAME: Final = {codecs.lookup(codec).name: name for name, codec in _CODEC.items()}

_OMITTED: Final = "\x00"  # sentinel for an omitted character (real NULs are stripped first)
_GAP: Final = re.compile(rb" *\x00[\x00 ]*")
_EDGE: Final = frozenset(b"\t\n\r")
_CONTROL: Final = re.compile("[" + "".join(map(chr, CONTROL_STRIP)) + "]")


def canonical(label: str) -> str | None:
    """Our canonical name for a charset label (``"cp1252"`` → ``"windows-1252"``), else None."""
    if not isinstance(label, str):
        return None
    try:
        return _BY_CODEC_NAME.get(codecs.lookup(label.strip()).name)
    except (LookupError, ValueError, TypeError):
        return None


def require(label: str) -> str:
    """Like :func:`canonical`, but an unsupported label is a UsageError naming the choices."""
    name = canonical(label)
    if name is None:
        raise UsageError(f"unsupported charset {label!r}; supported: {', '.join(CHARSETS)}")
    return name


@functools.lru_cache(maxsize=8192)
def _fold_char(ch: str, codec: str, fallback: str) -> str:
    """What one character the target cannot hold becomes (always encodable in ``codec``)."""
    direct = FOLDS.get(ch)
    if direct is not None:
        return direct
    pieces: list[str] = []
    for piece in unicodedata.normalize("NFKD", ch):
        if unicodedata.combining(piece):
            continue
        mapped = FOLDS.get(piece)
        if mapped is not None:
            pieces.append(mapped)
            continue
        try:
            piece.encode(codec)
        except UnicodeEncodeError:
            return fallback
        pieces.append(piece)
    return "".join(pieces)


def _make_handler(codec: str, fallback: str) -> Callable[[UnicodeError], tuple[str, int]]:
    def handle(exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeEncodeError):
            raise exc
        chunk = exc.object[exc.start:exc.end]
        return "".join(_fold_char(ch, codec, fallback) for ch in chunk), exc.end

    return handle


def _handler_name(charset: str) -> str:
    return f"transconv-fold-{charset}"


for _name, _fallback in (("windows-1252", "?"), ("iso-8859-1", "?"), ("us-ascii", _OMITTED)):
    codecs.register_error(_handler_name(_name), _make_handler(_CODEC[_name], _fallback))


def _close_gaps(data: bytes) -> bytes:
    """Remove omission sentinels; a gap that had spaces around it, or that stands between two
    letters or digits, becomes one space."""

    def replace(match: re.Match[bytes]) -> bytes:
        start, end = match.span()
        if b" " not in match.group():
            # between two letters or digits an omitted character still separates them:
            # "job😀see" is two words, never "jobsee"
            glued = start > 0 and end < len(data) and data[start - 1:start].isalnum() \
                and data[end:end + 1].isalnum()
            return b" " if glued else b""
        at_edge = (start == 0 or data[start - 1] in _EDGE
                   or end == len(data) or data[end] in _EDGE)
        return b"" if at_edge else b" "

    return _GAP.sub(replace, data)


def encode(text: str, charset: str = DEFAULT) -> bytes:
    """Encode ``text`` in ``charset`` (any alias of the five); never raises on content.

    Raises :class:`UsageError` only for a charset that is not one of the five.
    """
    name = require(charset)
    if _CONTROL.search(text):  # str.translate is slow; most texts have nothing to strip
        text = text.translate(CONTROL_STRIP)
    # A leading U+FEFF would read as a byte-order mark (and UTF-8 output never has one).
    text = text.lstrip("\ufeff")
    if name in ("utf-8", "utf-16"):
        return text.encode(_CODEC[name], errors="replace")  # only lone surrogates can fail
    data = unicodedata.normalize("NFC", text).encode(_CODEC[name], errors=_handler_name(name))
    if name == "us-ascii" and 0 in data:
        data = _close_gaps(data)
    return data


@functools.lru_cache(maxsize=8)
def repertoire(charset: str) -> Repertoire:
    """The characters ``charset`` carries, for the caption pipeline: every character for
    UTF-8 and UTF-16; for the 8-bit charsets the printable characters they encode, with
    :func:`encode`'s nearest equivalents (``?`` where there is none, nothing in US-ASCII)."""
    name = require(charset)
    if name in ("utf-8", "utf-16"):
        return UNICODE
    codec = _CODEC[name]
    native = frozenset(ch for code in range(0x20, 0x100)
                       if (ch := bytes((code,)).decode(codec, errors="ignore"))
                       and unicodedata.category(ch) != "Cc")
    fallback = "" if name == "us-ascii" else "?"

    def form(ch: str) -> str | None:
        folded = _fold_char(ch, codec, _OMITTED)
        return None if _OMITTED in folded else folded

    return Repertoire(name, native, form, fallback)


def fold(text: str, charset: str) -> str:
    """The text a reader of :func:`encode`'s output sees: what survived, as a string."""
    name = require(charset)
    return encode(text, name).decode(_CODEC[name])
