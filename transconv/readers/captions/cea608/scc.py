"""SCC (Scenarist Closed Caption): ``Scenarist_SCC V1.0``, then lines of a time code and hex
words, each word the two line-21 bytes of one frame.

The n-th word of a line is sent in the frame after the (n-1)-th, from the line's time code:
``HH:MM:SS;FF`` counts drop-frame labels, ``HH:MM:SS:FF`` non-drop ones, both at
30000/1001 frames a second (the rate of line 21), and the track says so, so a time-code
offset (``01:00:00;00``) is read the way the file counts. A line that starts before the
previous line's words are all sent (an overlap) is queued after them, as an encoder would,
and warned about. Every word goes through the CEA-608 decoder (:mod:`.decoder`); the cues
of the chosen channel (CC1 unless told) become the track. An SCC file holds the data of
one field and does not say which: read for CC1 or CC2 it is field 1, for CC3 or CC4 field 2
(where control codes may also start 0x15/0x1D), the word's first byte then naming the
channel of the two.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Final

from ....errors import UsageError
from ....model import CaptionTrack
from ....timecode import label_to_frame
from ...common import ReadOptions, warn
from ..cues import at_line
from .decoder import Decoder, words_of
from .tracks import track_of

__all__ = ["HEADER", "read", "sniff"]

HEADER: Final = "Scenarist_SCC V1.0"
RATE: Final = Fraction(30000, 1001)
#: A data line: time code, white space, then words of four hex digits.
_LINE: Final = re.compile(r"(\d\d):(\d\d):(\d\d)([:;.,])(\d\d)(?:\s+(.*))?")
_WORDS: Final = re.compile(r"(?:[0-9A-Fa-f]{4}(?:[ \t]+[0-9A-Fa-f]{4})*)?[ \t]*")
_PARTIAL: Final = re.compile(r"(?:[0-9A-Fa-f]{4}[ \t]+)*[0-9A-Fa-f]{0,3}")


def sniff(head: str) -> int:
    """Certain with the header; likely when the first line is an SCC data line (the reader
    then says the header is missing)."""
    first = head.lstrip().split("\n", 1)[0].strip()
    if first == HEADER:
        return 2
    match = _LINE.fullmatch(first)
    return 1 if match is not None and match.group(6) and _WORDS.fullmatch(match.group(6)) else 0


def _frame(match: re.Match[str], number: int) -> int:
    hh, mm, ss, sep, ff = match.group(1, 2, 3, 4, 5)
    try:
        return label_to_frame(int(hh), int(mm), int(ss), int(ff), RATE, sep in ";,")
    except (UsageError, ValueError):
        raise at_line(number, f"{match.group(0)[:11]!r} is not an SCC time code") from None


def read(text: str, options: ReadOptions, source: str) -> CaptionTrack:
    """The cues of an SCC file on ``options.channel``."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != HEADER:
        head = lines[0].strip()[:40] if lines else ""
        raise at_line(1, f"{head!r} is not the SCC header {HEADER!r}")
    decoder = Decoder()
    pair = decoder.pair
    field = 1 if options.channel in ("cc3", "cc4") else 0
    follow = 0  # the frame after the last word sent
    drop: bool | None = None
    overlaps = 0
    first_overlap = first_bad = 0
    bad = 0
    for number, line in enumerate(lines[1:], 2):
        match = _LINE.fullmatch(line.strip())
        if match is None:
            if not line.strip():
                continue
            raise at_line(number, f"{line.strip()[:40]!r} is not an SCC line "
                                  "(HH:MM:SS;FF, a tab, hex words)")
        payload = match.group(6) or ""
        if _WORDS.fullmatch(payload) is None:
            if number == len(lines) and not text.endswith(("\n", "\r")) and _PARTIAL.fullmatch(
                    payload.strip()):
                warn(source, f"line {number}", "the file ends inside a word (cut short?); "
                                               "read up to it")
                payload = payload.strip()[:payload.strip().rfind(" ") + 1]
            else:
                bad_word = next((w for w in payload.split() if not re.fullmatch(
                    r"[0-9A-Fa-f]{4}", w)), payload)
                raise at_line(number, f"{bad_word[:20]!r} is not a word of four hex digits")
        frame = _frame(match, number)
        if drop is None:
            drop = match.group(4) in ";,"
        if frame < follow:
            overlaps += 1
            first_overlap = first_overlap or number
            frame = follow
        for word in words_of(bytes.fromhex(payload)):
            pair(field, frame, word)
            frame += 1
        follow = frame
        if decoder.bad != bad:
            bad = decoder.bad
            first_bad = first_bad or number
    if decoder.bad * 2 > decoder.words:
        raise at_line(first_bad, f"{decoder.bad} of {decoder.words} words fail the odd-parity "
                                 "check: this is not SCC data")
    if decoder.bad:
        warn(source, f"line {first_bad}", f"{decoder.bad} word(s) fail the odd-parity check; "
                                          "their text shows as █ and their codes are dropped")
    if overlaps:
        warn(source, f"line {first_overlap}", f"{overlaps} line(s) start before the words of "
                                              "the line before are sent; sent after them")
    return track_of(decoder, follow, RATE, bool(drop), options, source)
