"""MCC (MacCaption ANC transfer file) writer: the 608 schedule wrapped in one CDP per frame.

The same pop-on/roll-up/paint-on schedule as the SCC writer, but every frame from the
start to one second after the last word gets a line, because ingest tools expect a steady
CDP cadence with a sequence counter. A ten-hour file is over a million lines (50 MB), so
no line is formatted on its own: labels come a minute at a time
(:class:`~.cea608.labels.Labeler`), payloads are shared pieces from per-counter and
per-word tables (:class:`~.cea608.cdp.Packer`), and each minute is one join, written
into one preallocated buffer; the writer returns those bytes (ASCII) rather than a
string that would then be encoded, a second copy.
The rate is ``30DF``: 29.97 fps drop-frame labels, which MCC writes with ``:`` only.
"""

from __future__ import annotations

import array
import bisect
import hashlib
import io
import itertools
import operator
import uuid as uuidlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fractions import Fraction
from typing import Final

from ..errors import UsageError
from ..model import Transcript
from ..segment import CaptionStyle
from ..timecode import Timecoder
from .cea608 import Settings, default_style, encode
from .cea608.cdp import Packer, packet
from .cea608.codes import NULL_WORD
from .cea608.labels import Labeler
from .cea608.scheduler import Align, Mode

RATE: Final = Fraction(30000, 1001)
EOL: Final = "\r\n"
TAIL_FRAMES: Final = 30  # idle CDPs after the last word, so the final EDM is not the last line
#: No data line is longer: a label, a TAB, the packet's hex without aliases, a line end.
LINE_BOUND: Final = len("00:00:00:00\t") + 2 * len(packet(0, NULL_WORD)) + len(EOL)
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


def _chunks(frames: list[int], words: list[int], first: int, offset: int,
            count: int) -> Iterator[str]:
    """The data lines of ``count`` frames from label frame ``first``, a minute per chunk.

    ``frames`` and ``words`` are the schedule's; the caller keeps no other reference, so
    they are released once copied into compact arrays (a ten-hour schedule is half a
    million of each). A line is six pieces: the label's ``HH:MM:`` and ``SS:FF<TAB>``,
    then the payload's head and the counter's high byte (by counter), middle (by word)
    and end with the line break (by both; see :class:`~.cea608.cdp.Packer`). All are
    shared strings from tables: idle frames take theirs by list slicing, frames carrying
    data have theirs looked up a minute at a time. Each chunk is one join of about eleven
    thousand pieces.
    """
    at = array.array("q", frames)  # ints without an object each: 8 bytes, not 36
    sent = array.array("H", words)
    del frames, words  # before the tables below, which can then reuse the memory
    packer = Packer()
    heads, highs = packer.heads(), packer.highs()
    size = min(count, 65_536)  # idle frames differ only by their counter, which wraps
    idle_middle = packer.middle(NULL_WORD)
    idle_ends = packer.ends(range(size), [NULL_WORD] * size, EOL)
    shift = offset - first  # frame f is line f + shift (ascending, from 0)
    j = 0
    for start, prefix, suffixes in Labeler(RATE, True, ":", after="\t").minutes(first, count):
        n = len(suffixes)
        a = start - first
        q = a & 0xFFFF
        if q + n <= size:
            head, high, end = heads[q:q + n], highs[q:q + n], idle_ends[q:q + n]
        else:  # the counter wraps inside this minute
            head = heads[q:] + heads[:q + n - 65_536]
            high = highs[q:] + highs[:q + n - 65_536]
            end = idle_ends[q:] + idle_ends[:q + n - size]
        middle = [idle_middle] * n
        base = a - shift  # the schedule frame of this minute's first line
        k = bisect.bisect_left(at, base + n, j)
        if j < k:
            packer.scatter(a, map(operator.sub, at[j:k], itertools.repeat(base)), sent[j:k],
                           middle, end, EOL)
            j = k
        pieces = [prefix] * (6 * n)
        pieces[1::6] = suffixes
        pieces[2::6] = head
        pieces[3::6] = middle
        pieces[4::6] = high
        pieces[5::6] = end
        yield "".join(pieces)


def write(transcript: Transcript, options: Options) -> bytes:
    """The MCC file for ``transcript``: ASCII bytes with CRLF line ends.

    Bytes, not text: a ten-hour file is 50 MB, built once in a :class:`io.BytesIO`
    rather than as a string and then its encoding. A deterministic UUID hashes the body,
    so its header line is written as a placeholder and filled in at the end.
    """
    coder = options.coder()
    schedule = encode(transcript, options.settings(), coder)
    offset = coder.offset_ticks()
    first = min(schedule.frames[0] if schedule.frames else 0, 0) + offset
    last = (schedule.frames[-1] if schedule.frames else 0) + offset + TAIL_FRAMES
    count = last - first + 1
    chunks = _chunks(schedule.frames, schedule.words, first, offset, count)
    del schedule  # the chunks release its lists as soon as they are turned into pieces
    derived = options.uuid is None and options.deterministic
    if options.uuid is not None:
        file_uuid = options.uuid
    elif derived:
        file_uuid = "0" * 36  # the length of str(UUID); replaced below
    else:
        file_uuid = str(uuidlib.uuid4())
    head = (EOL.join(header(file_uuid, options.creation_time())) + EOL).encode("ascii")
    # Room for the whole file up front, so the buffer never grows (a growing 50 MB buffer
    # is copied and leaves freed copies behind in the process's memory). The bound is
    # generous, but its zero pages take no memory until written, truncate and getvalue
    # give the rest back, and getvalue hands the buffer over without a copy.
    out = io.BytesIO(bytes(len(head) + count * LINE_BOUND))
    out.write(head)
    digest = hashlib.sha256()
    for chunk in chunks:
        data = chunk.encode("ascii")
        if derived:
            digest.update(data)
        out.write(data)
    out.truncate()
    if derived:
        out.seek(head.index(b"UUID=") + 5)
        out.write(str(uuidlib.UUID(bytes=digest.digest()[:16], version=4)).upper().encode())
    return out.getvalue()
