"""The five charsets of the plain-text representations, and lossy "nearest equivalent" folding.

Only txt and youtube honour a requested charset (the registry's ``charsets`` flag); every other
format is UTF-8. The lossy targets (iso-8859-1, windows-1252, us-ascii) follow
charsets-negotiation.md §3.2: NFC first, keep whatever the target holds natively, then the
one fold table (:mod:`transconv.text.tables`) and a compatibility decomposition, through
the charset's :class:`~transconv.text.encoder.CodeTable`, and only then a fallback (``?``, or
nothing for us-ascii). The folding runs inside the codec as a registered error handler
(:meth:`~transconv.text.encoder.Encoder.misfit`), so text that already fits is encoded at C
speed and only the misfits reach Python.

Deliberate choices: control characters (C0 except TAB/LF/CR, DEL, C1) are removed for every
charset, so no output ever carries a C1 byte, and a leading U+FEFF is dropped; UTF-8 never
has a BOM; UTF-16 is Python's ``utf-16`` codec (BOM, little-endian); lone surrogates become
``?``; us-ascii folds quotes and dashes instead of omitting them (a documented deviation from
Rev's wording), and where omitted characters leave a run of spaces it closes to one space.
No transliteration library (anyascii) is used: the tables cover Latin text, and for
non-Latin scripts a romanisation in a us-ascii transcript would be a guess presented as text
(caption repertoires, read on screen, do romanise Greek and Cyrillic: :func:`repertoire`).
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from typing import Final

from ..errors import UsageError
from .encoder import CodeTable, Encoder
from .repertoire import UNICODE, Repertoire
from .tables import CAPTION_FOLDS, CONTROL_STRIP, FOLDS

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


def _table(name: str, folds: dict[str, str]) -> CodeTable:
    """The code table of an 8-bit charset: every character its codec encodes."""
    codec = _CODEC[name]
    codes = {ch: bytes((code,)) for code in range(0x100)
             if len(ch := bytes((code,)).decode(codec, errors="ignore")) == 1}
    return CodeTable(name, codes, folds)


#: The lossy charsets' encoders (the fallback of US-ASCII is the omission sentinel), the
#: codec error handlers :func:`encode` names; transcripts are never romanised (see
#: :mod:`transconv.text.tables`).
_ENCODERS: Final = {name: Encoder(_table(name, FOLDS), fallback) for name, fallback in (
    ("windows-1252", "?"), ("iso-8859-1", "?"), ("us-ascii", _OMITTED))}


def _handler_name(charset: str) -> str:
    return f"transconv-fold-{charset}"


for _name, _encoder in _ENCODERS.items():
    codecs.register_error(_handler_name(_name), _encoder.misfit)


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
    :func:`encode`'s nearest equivalents and Greek and Cyrillic romanised (captions are read,
    not kept as a record), ``?`` where there is none, nothing in US-ASCII."""
    name = require(charset)
    if name in ("utf-8", "utf-16"):
        return UNICODE
    return _table(name, CAPTION_FOLDS).repertoire("" if name == "us-ascii" else "?")


def fold(text: str, charset: str) -> str:
    """The text a reader of :func:`encode`'s output sees: what survived, as a string."""
    name = require(charset)
    return encode(text, name).decode(_CODEC[name])
