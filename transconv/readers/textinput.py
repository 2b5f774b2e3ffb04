"""Bytes → text for the text readers: a BOM, else UTF-8, else a detector's guess (warned).

Caption files come from everywhere: SubRip from Windows tools in Windows-1252, Japanese
subtitles in Shift-JIS, Chinese in GB18030, old broadcast scripts in ISO 8859-x. The order is
the one a careful person follows: a byte-order mark says it outright; text that decodes as
UTF-8 is UTF-8 (legacy 8-bit text almost never does); otherwise charset-normalizer, a
well-kept detector that scores every candidate codec by how plausible the decoded text is,
makes the guess, and the reader warns naming the encoding it chose, because a guess can be
wrong. ``encoding=`` (``--encoding``) forces one and is never second-guessed.
"""

from __future__ import annotations

import codecs

from ..errors import InvalidInput, UsageError
from .common import warn

__all__ = ["BOMS", "decode_text", "strip_bom"]

#: Byte-order marks, the UTF-32 ones first (UTF-32-LE's begins with UTF-16-LE's).
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: How much of the input the detector looks at: enough for a confident guess, bounded so a
#: 500 MB file is not scored whole.
_SAMPLE = 256 * 1024
#: How much more "chaos" (charset-normalizer's measure of implausible text) Windows-1252 may
#: show than the best single-byte guess and still be preferred.
_NEAR_TIE = 0.15


def strip_bom(raw: bytes) -> tuple[bytes, str | None]:
    """``raw`` without its byte-order mark, and the encoding the mark names (or None)."""
    for bom, name in BOMS:
        if raw.startswith(bom):
            return raw[len(bom):], name
    return raw, None


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 without a BOM, told by NUL bytes in every other place of ASCII-heavy text."""
    head = raw[:64]
    if len(head) < 4 or len(head) % 2:
        head = head[:len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd >= half * 0.6 and even == 0:
        return "utf-16-le"
    if even >= half * 0.6 and odd == 0:
        return "utf-16-be"
    return None


def decode_text(raw: bytes, source: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding name) of ``raw``; the BOM is removed, the text is otherwise as stored.

    Raises :class:`InvalidInput` when the forced encoding does not decode the bytes or the
    bytes are no text at all.
    """
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise UsageError(f"option encoding: unknown encoding {encoding!r}") from None
        body, bom = strip_bom(raw)
        if bom is not None and codecs.lookup(bom).name.startswith(codec.split("-")[0]):
            raw = body
        elif codec == "utf-8" and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        return _decode(raw, codec, source), codec
    body, bom = strip_bom(raw)
    if bom is not None:
        return _decode(body, bom, source), bom
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None:
        return _decode(raw, utf16, source), utf16
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guessed = _guess(raw)
    if guessed is None:
        raise InvalidInput("not text in any known encoding (give one with --encoding)",
                           source=source)
    text, guess = guessed
    warn(source, "", f"not UTF-8; read as {guess} (a guess: give --encoding to be sure)")
    return text, guess


def _decode(raw: bytes, encoding: str, source: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = raw[exc.start:exc.start + 1].hex()
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InvalidInput(f"not valid {encoding} (byte 0x{bad}); give the file's encoding "
                           "with --encoding", source=source, where=f"line {line}") from None


def _single_byte(encoding: str) -> bool:
    return encoding.startswith(("cp12", "iso8859", "latin", "mac_", "cp8", "cp4", "kz", "koi8"))


def _guess(raw: bytes) -> tuple[str, str] | None:
    """The text and the detector's best encoding for ``raw`` (None when nothing decodes it
    plausibly). The detector sees a sample; the whole is decoded once, here."""
    from charset_normalizer import from_bytes

    sample = raw[:_SAMPLE]
    if len(raw) > _SAMPLE:  # do not cut a multi-byte character in two at the end
        sample = sample[:sample.rfind(b"\n") + 1] or sample
    matches = list(from_bytes(sample))
    if not matches:
        return None
    best = matches[0]
    # Short Western text is ambiguous among the 8-bit Latin code pages (cp1257 and cp1252
    # differ in a few accented letters); Windows-1252 is by far the commonest legacy
    # encoding of caption files, so it wins a near tie among single-byte guesses.
    western = next((m for m in matches if m.encoding == "cp1252"), None)
    if (western is not None and _single_byte(best.encoding)
            and western.chaos <= best.chaos + _NEAR_TIE):
        best = western
    name = codecs.lookup(best.encoding).name
    try:
        return raw.decode(name), name
    except UnicodeDecodeError:
        return None
