"""Cheetah CAP (CAPtivator Offline): a 128-byte header, then captions one block each.

No specification is public; the layout is the format note's (cheetah-cap.md), which the two
public readers agree with:

* the header starts ``EA 22`` and a byte of at most 3; each block after it starts with its
  own length (so a block is walked past even when its content is odd), then a flag byte,
  the in-time, the out-time when flag bit 0x20 is set (else the bytes ``02 01 00 00``),
  style bytes ending ``J V H`` (justification, row, column) and the text up to the block's
  last byte, which is never text. A caption without an out-time lasts until the next one
  starts (the last one two seconds, as nginx-vod-module does);
* text: ASCII, the special bytes 81–95 (the writer's table in
  :mod:`transconv.formats.cap_chars`, inverted), ``00`` a line break; other bytes below 0x20
  and from C0 up are style codes and read as nothing, ``D0`` (italics) giving the cue an
  ``italic`` hint; 80 and 96–BF are undefined and read as Windows-1252, as Subtitle Edit
  does, with a warning;
* times are wall-clock labels at 30 fps (``HH:MM:SS`` + ``FF``/30), as both readers take
  them and the writer writes them by default; with ``frame_rate=29.97`` the labels are read
  as 29.97 drop-frame (the writer's ``timecode=smpte-df``) exactly. The file's times are
  kept as they are (nginx-vod subtracts the first caption's hour; here
  ``--timecode-offset 01:00:00:00`` does that when wanted);
* ``J`` → ``align`` (01 left, 02 right, 03 centre) and ``V`` → ``line`` (row 1–15 of the
  CEA-608 screen as a percentage);
* the older fixed-record variant (``EA 10``, 178-byte records with two 38-byte lines), which
  only Subtitle Edit writes, is read too.

Bad input: a header cut short, a block too short for its times or a time code that is not
one is an error naming the block (``block 3``, the third after the header). A file cut
short inside a block is read up to the last whole block, with a warning.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Final

from ...errors import InvalidInput, UsageError
from ...formats.cap_chars import SPECIAL
from ...model import CaptionTrack
from ...timecode import frame_to_ms, label_to_frame
from ..common import CERTAIN, LIKELY, NOT, ReadOptions, warn
from .cues import TrackBuilder

__all__ = ["read", "sniff"]

HEADER_SIZE: Final = 128
_MAGIC: Final = 0xEA
_BLOCKS: Final = 0x22       # the variable-length-block variant
_RECORDS: Final = 0x10      # the old fixed-record variant
_RECORD_SIZE: Final = 178
_RECORD_LINES: Final = ((0x1A, 0x40), (0x40, 0x66))
_HAS_OUT: Final = 0x20
_TEXT_WITH_OUT: Final = 19
_TEXT_WITHOUT_OUT: Final = 15
_LAST_LASTS: Final = 2000   # ms shown by a final caption without out-time
_ITALICS: Final = 0xD0
_NTSC: Final = Fraction(30000, 1001)
_ALIGN: Final = {1: "left", 2: "right", 3: "center"}
_ROWS: Final = 15
_UNDEFINED = re.compile("[\x80\x96-\xbf]")


def _table() -> dict[int, str]:
    """Byte (as a Latin-1 character) → text, for :meth:`str.translate`."""
    table = dict.fromkeys(range(0x100), "")
    table.update({code: chr(code) for code in range(0x20, 0x7F)})
    table.update({code: ch for ch, code in SPECIAL.items()})
    table[0x00] = "\n"
    for code in (0x80, *range(0x96, 0xC0)):
        table[code] = bytes((code,)).decode("cp1252", errors="replace")
    return table


_TEXT: Final = _table()


def sniff(head: bytes) -> int:
    """Certain for ``EA 22`` and a third byte of at most 3 (what both public readers test;
    ``.cap`` is shared with unrelated formats); likely for the old ``EA 10`` variant."""
    if len(head) < 3 or head[0] != _MAGIC:
        return NOT
    if head[1] == _BLOCKS and head[2] <= 3:
        return CERTAIN
    return LIKELY if head[1] == _RECORDS else NOT


class _Reader:
    """Times at the file's rate, text decoding and the track being built."""

    def __init__(self, options: ReadOptions, source: str) -> None:
        self.drop = options.rate == _NTSC
        self.rate = _NTSC if self.drop else Fraction(30)
        self.source = source
        self.builder = TrackBuilder(dash_speakers=options.dash_speakers)
        self.undefined = 0

    def ms(self, label: bytes, what: str, where: str) -> int:
        """Milliseconds of a binary ``HH MM SS FF`` label."""
        hh, mm, ss, ff = label
        try:
            if hh <= 23:
                frame = label_to_frame(hh, mm, ss, ff, self.rate, self.drop)
                return frame_to_ms(frame, self.rate)
        except UsageError:
            pass
        raise InvalidInput(f"{what} {hh:02}:{mm:02}:{ss:02}:{ff:02} is not a time code",
                           where=where)

    def lines(self, text: bytes) -> list[str]:
        decoded = text.decode("latin-1")
        self.undefined += len(_UNDEFINED.findall(decoded))
        return decoded.translate(_TEXT).split("\n")

    def add(self, start: int, end: int, text: bytes, hints: tuple[tuple[str, str], ...],
            where: str) -> None:
        if end <= start:
            warn(self.source, where, "the caption ends before it starts; skipped")
            return
        if _ITALICS in text:
            hints = (*hints, ("italic", "1"))
        self.builder.add(start, end, self.lines(text), hints=hints)

    def track(self) -> CaptionTrack:
        if self.undefined:
            warn(self.source, "", f"{self.undefined} byte(s) are not CAP characters; read as "
                                  "Windows-1252")
        return self.builder.track(frame_rate=self.rate, drop_frame=self.drop)


def _hints(justification: int, row: int) -> tuple[tuple[str, str], ...]:
    hints: list[tuple[str, str]] = []
    if justification in _ALIGN:
        hints.append(("align", _ALIGN[justification]))
    if 1 <= row <= _ROWS:
        hints.append(("line", f"{(row - 1) * 100 // _ROWS}%"))
    return tuple(hints)


def _blocks(raw: bytes, reader: _Reader) -> None:
    """The variable-length blocks: each starts with its own length."""
    pos, number = HEADER_SIZE, 0
    held: tuple[int, bytes, tuple[tuple[str, str], ...], str] | None = None  # no out-time
    while pos < len(raw):
        number += 1
        where = f"block {number}"
        size = raw[pos]
        if size == 0 and not raw[pos:].strip(b"\x00"):
            break  # zero padding after the last block
        if pos + size > len(raw):
            warn(reader.source, where, f"cut short ({len(raw) - pos} of {size} bytes); read "
                                       "up to the last whole block")
            break
        block = raw[pos:pos + size]
        pos += size
        has_out = len(block) > 1 and block[1] & _HAS_OUT
        text_at = _TEXT_WITH_OUT if has_out else _TEXT_WITHOUT_OUT
        if size < text_at:
            raise InvalidInput(f"the block has {size} bytes, too few for its times and "
                               f"style ({text_at + 1} at least)", where=where)
        start = reader.ms(block[2:6], "in-time", where)
        if held is not None:
            reader.add(held[0], start, held[1], held[2], held[3])
            held = None
        text, hints = block[text_at:-1], _hints(block[text_at - 3], block[text_at - 2])
        if has_out:
            reader.add(start, reader.ms(block[6:10], "out-time", where), text, hints, where)
        else:
            held = (start, text, hints, where)
    if held is not None:
        reader.add(held[0], held[0] + _LAST_LASTS, held[1], held[2], held[3])


def _records(raw: bytes, reader: _Reader) -> None:
    """The old variant's fixed 178-byte records: in, out, two NUL-padded lines."""
    whole, rest = divmod(len(raw) - HEADER_SIZE, _RECORD_SIZE)
    for index in range(whole):
        record = raw[HEADER_SIZE + index * _RECORD_SIZE:][:_RECORD_SIZE]
        where = f"block {index + 1}"
        start = reader.ms(record[0:4], "in-time", where)
        end = reader.ms(record[4:8], "out-time", where)
        text = b"\x00".join(record[a:b].split(b"\x00", 1)[0] for a, b in _RECORD_LINES)
        reader.add(start, end, text, (), where)
    if rest:
        warn(reader.source, f"block {whole + 1}", f"cut short ({rest} of {_RECORD_SIZE} "
                                                  "bytes); read up to the last whole block")


def read(raw: bytes, options: ReadOptions, source: str) -> CaptionTrack:
    """The captions of a Cheetah CAP file."""
    if len(raw) < HEADER_SIZE:
        raise InvalidInput(f"the file has {len(raw)} bytes, fewer than the {HEADER_SIZE} of "
                           "the header", where="header")
    if raw[0] != _MAGIC or raw[1] not in (_BLOCKS, _RECORDS):
        raise InvalidInput("not a Cheetah CAP file (it starts with neither EA 22 nor EA 10)",
                           where="header")
    reader = _Reader(options, source)
    (_blocks if raw[1] == _BLOCKS else _records)(raw, reader)
    return reader.track()
