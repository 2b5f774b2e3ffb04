"""MCC (MacCaption ANC transfer file): a header, ``Key=Value`` lines, then a time code and
one ANC packet in hex per line, each packet a SMPTE 334-2 caption distribution packet.

Version 1.0 and 2.0 files are read alike (2.0's ``.F`` or ``.F,L`` field and line suffix on
a time code is accepted and does not move the time). The hex is shortened by letters that
stand for byte runs (G-O: one to nine ``FA 00 00``, P ``FB 80 80``, Q ``FC 80 80``,
R ``FD 80 80``, S ``96 69``, T ``61 01``, U ``E1 00 00 00``, Z ``00``). Every packet is
checked: the ANC data count and checksum (the SMPTE sum, or the CDP-only sum some writers
put there), the CDP identifier, length and checksum; a packet that fails is skipped with a
warning, never guessed at. The CEA-608 pairs of field 1 (CC1/CC2) and field 2 (CC3/CC4)
go to one decoder (:mod:`.decoder`), at the frame of their line, counted at the
``Time Code Rate`` (24, 25, 30, 30DF, 50, 60, 60DF). CEA-708 (DTVCC) service data is not
read: the 608 pairs every caption CDP also carries are.
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
from .decoder import Decoder
from .tracks import track_of

__all__ = ["read", "sniff"]

MAGIC: Final = "File Format=MacCaption_MCC V"
VERSIONS: Final = ("1.0", "2.0")
#: ``Time Code Rate`` → (frame rate, drop-frame labels).
RATES: Final[dict[str, tuple[Fraction, bool]]] = {
    "24": (Fraction(24), False), "25": (Fraction(25), False), "30": (Fraction(30), False),
    "30DF": (Fraction(30000, 1001), True), "50": (Fraction(50), False),
    "60": (Fraction(60), False), "60DF": (Fraction(60000, 1001), True),
}
#: Alias letter → the hex it stands for.
ALIASES: Final[dict[str, str]] = {
    **{chr(ord("G") + n - 1): "FA0000" * n for n in range(1, 10)},
    "P": "FB8080", "Q": "FC8080", "R": "FD8080", "S": "9669", "T": "6101",
    "U": "E1000000", "Z": "00",
}
_EXPAND: Final = str.maketrans(ALIASES)
_DATA: Final = re.compile(r"(\d\d):(\d\d):(\d\d)[:;.,](\d\d)(?:\.\d(?:,\d+)?)?\s+(\S*)")
_PAYLOAD: Final = re.compile(r"[0-9A-Fa-fG-UZ]+")
_KEY: Final = re.compile(r"[A-Za-z][A-Za-z ]*=.*")
_DEFAULT_RATE: Final = "30DF"


def sniff(head: str) -> int:
    """Certain when the file opens with the MCC ``File Format`` line."""
    return 2 if head.lstrip().startswith(MAGIC) else 0


class _Skipped:
    """Packets skipped for one reason: how many, and the first line."""

    def __init__(self, reason: str) -> None:
        self.reason, self.count, self.first = reason, 0, 0

    def add(self, number: int) -> None:
        self.count += 1
        self.first = self.first or number

    def report(self, source: str) -> None:
        if self.count:
            warn(source, f"line {self.first}", f"{self.count} packet(s) skipped: {self.reason}")


def _cdp(packet: bytes) -> bytes | None:
    """The CDP of an ANC packet whose envelope and checksums hold, else None."""
    if len(packet) < 4 or packet[0] != 0x61 or packet[1] != 0x01:
        return None
    count = packet[2]
    cdp = packet[3:-1]
    if len(cdp) != count or count < 11:
        return None
    total = sum(cdp)
    if packet[-1] not in ((0x62 + count + total) & 0xFF, total & 0xFF):
        return None
    if cdp[0] != 0x96 or cdp[1] != 0x69 or cdp[2] != count or total & 0xFF:
        return None
    return cdp


def _pairs(cdp: bytes, decoder: Decoder, frame: int) -> bool:
    """Send the CDP's 608 pairs to ``decoder``; False when its layout does not hold."""
    footer = len(cdp) - 4  # the footer section: 0x74, the counter, the checksum
    at = 7
    flags = cdp[4]
    if flags & 0x80:  # time code section
        if at + 5 > footer or cdp[at] != 0x71:
            return False
        at += 5
    if not flags & 0x40:
        return True  # no caption data in this packet
    if at + 2 > footer or cdp[at] != 0x72:
        return False
    end = at + 2 + 3 * (cdp[at + 1] & 0x1F)
    if end > footer:
        return False
    pair = decoder.pair
    for i in range(at + 2, end, 3):
        marker = cdp[i]
        if marker & 3 > 1:
            break  # DTVCC data: the 608 pairs come before it
        if marker & 4:
            pair(marker & 1, frame, cdp[i + 1] << 8 | cdp[i + 2])
    return True


def _rate(value: str, number: int) -> tuple[Fraction, bool]:
    rate = RATES.get(value.strip().upper())
    if rate is None:
        raise at_line(number, f"Time Code Rate {value.strip()[:20]!r} is not one of "
                              f"{', '.join(RATES)}")
    return rate


def read(text: str, options: ReadOptions, source: str) -> CaptionTrack:
    """The cues of an MCC file on ``options.channel``."""
    lines = text.splitlines()
    first = lines[0].strip() if lines else ""
    if not first.startswith(MAGIC) or first[len(MAGIC):] not in VERSIONS:
        raise at_line(1, f"{first[:40]!r} is not an MCC header ({MAGIC}1.0 or 2.0)")
    decoder = Decoder()
    rate: tuple[Fraction, bool] | None = None
    envelope = _Skipped("the ANC/CDP envelope or a checksum is wrong")
    layout = _Skipped("the CDP's sections are not where its flags say")
    frame = 0
    for number, line in enumerate(lines[1:], 2):
        stripped = line.strip()
        match = _DATA.fullmatch(stripped)
        if match is None:
            if not stripped or stripped.startswith("//"):
                continue
            if _KEY.fullmatch(stripped):
                key, _, value = stripped.partition("=")
                if key.strip().lower() == "time code rate":
                    rate = _rate(value, number)
                continue
            raise at_line(number, f"{stripped[:40]!r} is not an MCC line (a time code, a "
                                  "tab, the packet in hex)")
        if rate is None:
            warn(source, f"line {number}", f"no Time Code Rate before the data; read as "
                                            f"{_DEFAULT_RATE}")
            rate = RATES[_DEFAULT_RATE]
        hh, mm, ss, ff, payload = match.groups()
        try:
            frame = label_to_frame(int(hh), int(mm), int(ss), int(ff), *rate)
        except (UsageError, ValueError):
            raise at_line(number, f"{stripped[:11]!r} is not a time code at "
                                  f"{float(rate[0]):g} fps") from None
        if _PAYLOAD.fullmatch(payload) is None:
            raise at_line(number, f"{payload[:30]!r} is not hex with MCC aliases")
        hexed = payload.translate(_EXPAND)
        cut = number == len(lines) and not text.endswith(("\n", "\r"))
        if len(hexed) % 2:
            if cut:
                warn(source, f"line {number}", "the file ends inside a packet (cut short?); "
                                               "read up to it")
                break
            raise at_line(number, f"{payload[:30]!r} has an odd number of hex digits")
        cdp = _cdp(bytes.fromhex(hexed))
        if cdp is None:
            if cut:
                warn(source, f"line {number}", "the file ends inside a packet (cut short?); "
                                               "read up to it")
                break
            envelope.add(number)
        elif not _pairs(cdp, decoder, frame):
            layout.add(number)
    envelope.report(source)
    layout.report(source)
    if decoder.bad * 2 > decoder.words:
        raise at_line(1, f"{decoder.bad} of {decoder.words} CEA-608 pairs fail the odd-parity "
                         "check: this is not caption data")
    if decoder.bad:
        warn(source, "", f"{decoder.bad} CEA-608 pair(s) fail the odd-parity check; their "
                         "text shows as █ and their codes are dropped")
    fps, drop = rate if rate is not None else RATES[_DEFAULT_RATE]
    return track_of(decoder, frame + 1, fps, drop, options, source)
