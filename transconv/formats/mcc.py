"""MCC (MacCaption ANC transfer file) writer: the 608 schedule wrapped in one CDP per frame.

The same pop-on/roll-up/paint-on schedule as the SCC writer, but every frame from the
start to one second after the last word gets a line, because ingest tools expect a steady
CDP cadence with a sequence counter. A ten-hour file is over a million lines, so idle
frames cost no Python beyond list copies and joins: labels come a minute at a time
(:class:`~.cea608.labels.Labeler`), idle payloads repeat with the 16-bit counter, and
only frames carrying data are assembled, from cached pieces (:class:`~.cea608.cdp.Packer`).
The rate is ``30DF``: 29.97 fps drop-frame labels, which MCC writes with ``:`` only.
"""

from __future__ import annotations

import hashlib
import operator
import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fractions import Fraction
from typing import Final

from ..errors import UsageError
from ..model import Transcript
from ..segment import CaptionStyle
from ..timecode import Timecoder
from .cea608 import Settings, default_style, encode
from .cea608.cdp import Packer
from .cea608.codes import NULL_WORD
from .cea608.labels import Labeler
from .cea608.scheduler import Align, Mode

RATE: Final = Fraction(30000, 1001)
EOL: Final = "\r\n"
TAIL_FRAMES: Final = 30  # idle CDPs after the last word, so the final EDM is not the last line
FIXED_TIME: Final = datetime(2000, 1, 1, tzinfo=UTC)
_DAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS: Final = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")
#: Our own description of the file (readers ignore ``//`` lines).
COMMENT: Final = (
    "//" + "/" * 81,
    "// Ancillary data packet transfer file (MacCaption MCC V1.0 layout).",
    "// Each data line: a time code (HH:MM:SS:FF, labelled at the file's Time Code Rate),",
    "// a TAB, and one SMPTE 291 ANC packet in hex carrying a SMPTE 334 caption distribution",
    "// packet with CEA-608 data. Letters stand for byte runs: G-O = 1-9 x FA 00 00,",
    "// P = FB 80 80, Q = FC 80 80, R = FD 80 80, S = 96 69, T = 61 01, Z = 00.",
    "//" + "/" * 81,
)


@dataclass(frozen=True, slots=True)
class Options:
    """MCC writer options.

    ``style``, ``mode``, ``roll_up_rows``, ``channel``, ``align``, ``replacement``: as for
    SCC. ``start``: time code of transcript time 0 (drop-frame count). ``uuid`` and
    ``created`` (ISO 8601) fill the header; by default a fresh UUID and the current time.
    ``deterministic``: a UUID derived from the content and a fixed date, for
    reproducible output (tests, builds).
    """

    style: CaptionStyle = field(default_factory=default_style)
    mode: Mode = "pop-on"
    roll_up_rows: int = 2
    channel: int = 1
    align: Align = "center"
    start: str = "00:00:00:00"
    replacement: str = "?"
    uuid: str | None = None
    created: str | None = None
    deterministic: bool = False

    def __post_init__(self) -> None:
        self.settings()
        self.coder().offset_ticks()
        if self.uuid is not None:
            try:
                uuidlib.UUID(self.uuid)
            except ValueError:
                raise UsageError(f"uuid {self.uuid!r} is not a UUID") from None
        if self.created is not None:
            self.creation_time()

    def settings(self) -> Settings:
        return Settings(self.style, self.mode, self.roll_up_rows, self.channel, self.align,
                        self.replacement)

    def coder(self) -> Timecoder:
        return Timecoder(RATE, "smpte-df", self.start)

    def creation_time(self) -> datetime:
        if self.created is not None:
            try:
                return datetime.fromisoformat(self.created)
            except ValueError:
                raise UsageError(f"created {self.created!r} is not an ISO 8601 time") from None
        return FIXED_TIME if self.deterministic else datetime.now(UTC)


def header(file_uuid: str, created: datetime) -> list[str]:
    from .. import __version__

    return [
        "File Format=MacCaption_MCC V1.0", "", *COMMENT, "",
        f"UUID={file_uuid.upper()}",
        f"Creation Program=transconv {__version__}",
        f"Creation Date={_DAYS[created.weekday()]}, {_MONTHS[created.month - 1]} "
        f"{created.day:02}, {created.year}",
        f"Creation Time={created.hour:02}:{created.minute:02}:{created.second:02}",
        "Time Code Rate=30DF", "",
    ]


def write(transcript: Transcript, options: Options) -> str:
    """The MCC text for ``transcript`` (CRLF line ends)."""
    coder = options.coder()
    schedule = encode(transcript, options.settings(), coder)
    offset = coder.offset_ticks()
    first = min(schedule.frames[0] if schedule.frames else 0, 0) + offset
    last = (schedule.frames[-1] if schedule.frames else 0) + offset + TAIL_FRAMES
    count = last - first + 1
    packer = Packer()
    # Idle frames differ only by their sequence counter, which repeats every 65536 frames.
    idle = [""] * min(count, 65_536)
    packer.fill(idle, list(range(len(idle))), [NULL_WORD] * len(idle))
    payloads = (idle * (count // len(idle) + 1))[:count]
    shift = offset - first
    packer.fill(payloads, [f + shift for f in schedule.frames], schedule.words)
    labels = Labeler(RATE, True, ":", after="\t").run(first, count)
    body = EOL.join(map(operator.add, labels, payloads)) + EOL
    if options.uuid is not None:
        file_uuid = options.uuid
    elif options.deterministic:
        digest = hashlib.sha256(body.encode("ascii")).digest()
        file_uuid = str(uuidlib.UUID(bytes=digest[:16], version=4))
    else:
        file_uuid = str(uuidlib.uuid4())
    return EOL.join(header(file_uuid, options.creation_time())) + EOL + body
