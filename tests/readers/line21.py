"""Hand-built CEA-608 data for the SCC and MCC reader tests, made from scc.md and mcc.md.

Nothing here uses the project's writer: parity, codes and character bytes are computed
from the published tables, so a test built with these helpers checks the reader against
the format notes, not against our own encoder.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from fractions import Fraction

from transconv.model import CaptionTrack
from transconv.readers import read

RATE = Fraction(30000, 1001)


def parity(b: int) -> int:
    """The byte with odd parity in bit 7."""
    return b | (0x80 if bin(b).count("1") % 2 == 0 else 0)


def word(first: int, second: int) -> str:
    """A word as four hex digits, parity applied to two 7-bit values."""
    return f"{parity(first):02x}{parity(second):02x}"


# Channel 1 control codes (scc.md §5.1), as hex words with parity.
RCL, BS, DER, RU2, RU3, RDC, EDM, CR, ENM, EOC = (
    word(0x14, c) for c in (0x20, 0x21, 0x24, 0x25, 0x26, 0x29, 0x2C, 0x2D, 0x2E, 0x2F))

#: The basic characters that differ from ASCII (scc.md §6.1).
_BASIC = {"á": 0x2A, "é": 0x5C, "í": 0x5E, "ó": 0x5F, "ú": 0x60, "ç": 0x7B, "÷": 0x7C,
          "Ñ": 0x7D, "ñ": 0x7E, "█": 0x7F}


def text(chars: str) -> list[str]:
    """Basic-set text as words, two characters a word, a lone last one padded with null."""
    codes = [_BASIC.get(ch, ord(ch)) for ch in chars]
    if len(codes) % 2:
        codes.append(0)
    return [word(codes[i], codes[i + 1]) for i in range(0, len(codes), 2)]


def twice(code: str) -> list[str]:
    return [code, code]


def pac(row: int, indent: int = 0, channel: int = 1, style: int | None = None) -> str:
    """A PAC (scc.md §5.2): ``style`` is the low five bits (colour codes 0x00-0x0E and
    underline); by default the indent code ``0x10 + indent // 2``."""
    firsts = {1: 0x11, 2: 0x11, 3: 0x12, 4: 0x12, 5: 0x15, 6: 0x15, 7: 0x16, 8: 0x16,
              9: 0x17, 10: 0x17, 11: 0x10, 12: 0x13, 13: 0x13, 14: 0x14, 15: 0x14}
    lower = row in (2, 4, 6, 8, 10, 13, 15)
    low = style if style is not None else 0x10 + indent // 2
    return word(firsts[row] + (8 if channel == 2 else 0), (0x60 if lower else 0x40) | low)


def label(frame: int) -> str:
    """The drop-frame label of ``frame`` at 29.97 (scc.md §3)."""
    tens, rest = divmod(frame, 17982)
    count = frame + 18 * tens + (2 * ((rest - 2) // 1798) if rest >= 2 else 0)
    ff, ss, mm, hh = count % 30, count // 30 % 60, count // 1800 % 60, count // 108000
    return f"{hh:02}:{mm:02}:{ss:02};{ff:02}"


def scc(lines: Sequence[tuple[int, Sequence[str]]]) -> str:
    """An SCC file: each line's first frame and its words."""
    body = "".join(f"{label(frame)}\t{' '.join(words)}\n\n" for frame, words in lines)
    return "Scenarist_SCC V1.0\n\n" + body


def pop_on(rows: Sequence[str], row: int = 15) -> list[str]:
    """The load of a pop-on caption (ENM, RCL, a PAC and text per row), without the EOC."""
    words = twice(ENM) + twice(RCL)
    for k, chars in enumerate(rows):
        words += twice(pac(row - len(rows) + 1 + k)) + text(chars)
    return words


def ms(frame: int) -> int:
    """The time of ``frame`` at 29.97, rounded half up."""
    return (2 * frame * 1001 + 30) // 60


def cues(track: CaptionTrack) -> list[tuple[int, int, tuple[str, ...]]]:
    return [(c.start, c.end, c.lines) for c in track.cues]


def load(data: str, **options: object) -> CaptionTrack:
    document = read(data.encode("ascii"), name="test", **options)  # type: ignore[arg-type]
    assert isinstance(document, CaptionTrack)
    return document


@contextmanager
def warnings() -> Iterator[list[str]]:
    """The readers' warnings logged in the block."""
    found: list[str] = []

    class _Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(record.getMessage())

    logger = logging.getLogger("transconv.readers")
    handler = _Keep(logging.WARNING)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        yield found
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
