"""MCC (MacCaption ANC transfer file) writer: the 608 schedule wrapped in one CDP per frame.

The same pop-on/roll-up/paint-on schedule as the SCC writer, but every frame from the
start to one second after the last word gets a line, because ingest tools expect a steady
CDP cadence with a sequence counter. A ten-hour file is over a million lines (50 MB), so
no line is formatted on its own: a minute of lines is laid out from a fixed-width
template (:class:`_Layout`; labels from :class:`~.cea608.labels.Labeler`, payload
layouts and per-line counter, word and checksum columns from :mod:`.cea608.cdp`), each
varying column set for the whole minute by one strided slice assignment, and the
writer hands the file over a minute at a time (see :func:`write`).
The rate is ``30DF``: 29.97 fps drop-frame labels, which MCC writes with ``:`` only
(:data:`TIMING` allows nothing else).

A file's size follows the programme's length, not the captions': one word at 99:59:50 is
ten million idle lines (496 MB) from 00:00:00:00. ``span=captions`` starts the stream a
second before the first caption's data instead (ffmpeg reads the explicit time codes, so the
captions keep their times), and a stream longer than ``max_hours`` is refused, before
anything is written, with a message that says what the file would have been.
"""

from __future__ import annotations

import array
import bisect
import re
import sys
import uuid as uuidlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final, Literal

from ..errors import DoesNotFit, UsageError
from ..model import CaptionTrack
from ..options import help_
from ..segment import CaptionStyle
from ..text.repertoire import Repertoire
from ..timecode import Timecoder
from .cea608 import Line21, Settings, default_style, encode
from .cea608 import repertoire as line21_repertoire
from .cea608.cdp import (
    DATA_PAYLOAD,
    FIELD_WIDTHS,
    FILLER,
    HIGH_DIGIT,
    IDLE_PAYLOAD,
    LOW_DIGIT,
    aliased_lines,
    checksums,
    compress,
    counter_columns,
    idle_lines,
    packet,
)
from .cea608.codes import NULL_WORD
from .cea608.labels import Labeler
from .cea608.scheduler import Schedule
from .timing import NTSC, FrameTiming, TimingRules

RATE: Final = NTSC
#: 29.97 fps drop-frame (``Time Code Rate=30DF``) only.
TIMING: Final = TimingRules("MCC", {"smpte-df": (RATE,)},
                            rates_note="MCC is 29.97 fps (30DF) only")
EOL: Final = "\r\n"
TAIL_FRAMES: Final = 30  # idle CDPs after the last word, so the final EDM is not the last line
LEAD_FRAMES: Final = 30  # idle CDPs before the first caption's data, with span=captions
LINE_BYTES: Final = 46  # about, for a line of a file (the size a refusal reports)
Span = Literal["programme", "captions"]
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

    ``style`` and ``line21`` (:class:`~.cea608.Line21`, given flat: ``mode``,
    ``roll_up_rows``, ``channel``, ``horizontal_align``, ``fallback``): as for SCC.
    ``timing`` (:class:`~.timing.FrameTiming`, given flat): 29.97 fps drop-frame only;
    ``start_timecode``: time code of transcript time 0 (drop-frame count);
    ``min_gap_frames``: frames left between captions (default 0). ``uuid`` and ``created``
    (ISO 8601) fill the header; by default a fresh UUID and the current time.
    ``deterministic``: a UUID derived from the content and a fixed date, for
    reproducible output (tests, builds).
    ``span``: the frames that get a line: ``programme`` (default), every frame from
    transcript time 0 (the start time code) to a second after the last word; ``captions``,
    from a second before the first caption's data. ``max_hours``: the longest stream
    written (default 24 hours of frames, about 120 MB); a longer one is refused
    (:class:`~transconv.errors.DoesNotFit`); ``None`` for no limit.
    """

    style: CaptionStyle = field(default_factory=default_style)
    line21: Line21 = field(default_factory=Line21)
    timing: FrameTiming = field(default_factory=FrameTiming)
    uuid: str | None = field(default=None, metadata=help_("the file's UUID (default: a fresh one)"))
    created: str | None = field(
        default=None, metadata=help_('the creation time in the header, ISO 8601 (default: now)'))
    deterministic: bool = field(
        default=False, metadata=help_(
            'a UUID from the content and a fixed date, so the same input gives the same bytes'))
    span: Span = field(
        default="programme", metadata=help_(
            'frames from 00:00:00:00 (programme) or from a second before the first caption'))
    max_hours: float | None = field(
        default=24.0, metadata=help_('refuse a file longer than this (none: no limit)', 'h'))

    def __post_init__(self) -> None:
        self.settings()
        self.coder()
        if self.span not in ("programme", "captions"):
            raise UsageError(f"span {self.span!r}; known: programme, captions")
        if self.max_hours is not None and not self.max_hours > 0:
            raise UsageError(f"max_hours {self.max_hours!r} is not a positive number of hours")
        if self.uuid is not None:
            try:
                uuidlib.UUID(self.uuid)
            except ValueError:
                raise UsageError(f"uuid {self.uuid!r} is not a UUID") from None
        if self.created is not None:
            self.creation_time()

    def settings(self) -> Settings:
        return Settings(self.style, self.line21)

    def coder(self) -> Timecoder:
        return TIMING.coder(self.timing)

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


class _Layout:
    """Fixed-width text for one kind of line (idle or carrying a word), a minute at a time.

    The template holds a full minute of lines with their labels and every fixed byte; a
    minute is a slice of it, and each varying column (the counter, the word, the checksum)
    is then set for all its lines with one strided slice assignment, in C. The label's
    ``HH:MM`` digits are set in the template itself, and only where they change (mostly
    one column a minute).
    """

    def __init__(self, payload: str, suffixes: list[str]) -> None:
        parts = re.split(r"\{(\w)\}", payload)
        self.columns: list[tuple[int, str]] = []
        text = ""
        for n, part in enumerate(parts):
            if n % 2:
                width = FIELD_WIDTHS[part]
                at = len("00:00:00:00\t") + len(text)
                self.columns += [(at + j, f"{part}{j}") for j in range(width)]
                text += "?" * width
            else:
                text += part
        self.width = len("00:00:") + len(suffixes[0]) + len(text) + len(EOL)
        self.template = bytearray(
            "".join(f"00:00:{s}{text}{EOL}" for s in suffixes).encode("ascii"))
        self._prefix = "00:00:"

    def fill(self, prefix: str, index: int, n: int,
             sources: dict[str, bytes | memoryview]) -> memoryview:
        """Lines ``index`` to ``index + n`` of minute ``prefix``, columns from ``sources``.

        The lines are filled in the template itself and returned as a view of it, valid
        until the next call: copying each minute out first was one more pass over 50 MB
        per layout for a ten-hour file.
        """
        width, template = self.width, self.template
        for at, (old, new) in enumerate(zip(self._prefix, prefix, strict=True)):
            if old != new:
                template[at::width] = new.encode("ascii") * (len(template) // width)
        self._prefix = prefix
        first, stop = index * width, (index + n) * width
        for column, name in self.columns:
            template[first + column:stop:width] = sources[name]
        return memoryview(template)[first:stop]


def _dense(schedule: Schedule, shift: int, count: int) -> bytes:
    """The word of every line, big-endian (``80 80`` where none is sent).

    Line ``f + shift`` carries the word of frame ``f``; the schedule's gapless stretches
    are copied whole.
    """
    dense = array.array("H", [NULL_WORD]) * count
    sent = array.array("H", schedule.words)
    for i, j, head in schedule.stretches():
        line = head + shift
        dense[line:line + j - i] = sent[i:j]
    if sys.byteorder == "little":
        dense.byteswap()
    return dense.tobytes()


def _chunks(words: bytes, first: int, count: int) -> Iterator[bytes]:
    """The data lines of ``count`` frames from label frame ``first``, carrying ``words`` (see
    :func:`_dense`): a minute of lines a chunk.

    Line ``i`` has counter ``i mod 65536``. Each minute is laid out twice with
    :class:`_Layout`, once as idle lines and once as lines carrying a word, and the chunk
    joins stretches of the two; the few lines where an alias forms across the varying
    fields (:func:`~.cea608.cdp.aliased_lines`) are cut out of their stretch and written by
    :func:`~.cea608.cdp.compress`, and the filler after every ``Z`` is removed from the
    whole minute by one ``bytes.replace``. Python does a few dozen steps a minute and a few
    per stretch, none per line (measured on the ten-hour file: about 0.12 s for a million
    lines; removing the filler line by line, where a ``00`` byte falls about every 80th
    line, took 0.04 s more, and ``bytes.translate`` over the minute is 15 times slower than
    the replace).
    """
    checks = checksums(words)
    idle = idle_lines(words)
    aliased = aliased_lines(words, checks)
    counters = counter_columns()
    first_bytes, second_bytes = words[0::2], words[1::2]
    columns = {"w0": first_bytes.translate(HIGH_DIGIT), "w1": first_bytes.translate(LOW_DIGIT),
               "w2": second_bytes.translate(HIGH_DIGIT), "w3": second_bytes.translate(LOW_DIGIT),
               "k0": checks.translate(HIGH_DIGIT), "k1": checks.translate(LOW_DIGIT)}
    del first_bytes, second_bytes
    labeler = Labeler(RATE, True, ":", after="\t")
    layouts = (_Layout(DATA_PAYLOAD, labeler.suffixes), _Layout(IDLE_PAYLOAD, labeler.suffixes))
    k = 0  # the first aliased line of the minute in ``aliased``
    for start, prefix, index, n in labeler.minutes(first, count):
        i0 = start - first
        q0 = i0 & 0xFFFF
        sources: dict[str, bytes | memoryview] = {
            f"c{j}": memoryview(counters[j])[q0:q0 + n] for j in range(4)}
        sources.update((name, memoryview(col)[i0:i0 + n]) for name, col in columns.items())
        filled = [layout.fill(prefix, index, n, sources) for layout in layouts]
        pieces: list[bytes | memoryview] = []
        at, end = i0, i0 + n
        last = bisect.bisect_left(aliased, end, k)
        todo = aliased[k:last]
        todo.append(end)  # past the minute: ends the search below
        k = last
        j = 0  # the next line of ``todo``
        while at < end:
            kind = idle[at]
            stop = idle.find(1 - kind, at, end)
            stop = end if stop < 0 else stop
            lines, width = filled[kind], layouts[kind].width
            while todo[j] < stop:
                line = todo[j]
                if line > at:
                    pieces.append(lines[(at - i0) * width:(line - i0) * width])
                word = int.from_bytes(words[2 * line:2 * line + 2], "big")
                label = prefix + labeler.suffixes[index + line - i0]
                pieces.append(f"{label}{compress(packet(line, word))}{EOL}".encode())
                at = line + 1
                j += 1
            if stop > at:
                pieces.append(lines[(at - i0) * width:(stop - i0) * width])
            at = stop
        # (the pieces are views of the layouts' templates, which the next minute reuses)
        yield b"".join(pieces).replace(FILLER, b"")


def repertoire(options: Options) -> Repertoire:
    return line21_repertoire(options.settings())


def render(track: CaptionTrack, options: Options) -> Iterator[bytes]:
    """The MCC file for the track: ASCII with CRLF line ends, as chunks of bytes.

    A ten-hour file is 50 MB: it is handed over a minute of lines at a time, so a file is
    written from it as it comes and the whole is never held (measured: 50 ms less than
    building it in one buffer first, and 50 MB less memory). Everything that can fail
    (segmenting, scheduling, the time code range) runs before this returns. A deterministic
    UUID hashes the words the file carries and the frames they start on, which determine
    every data line.
    """
    coder = options.coder()
    schedule = encode(track, options.settings(), coder, options.timing.min_gap_frames)
    offset = coder.offset_ticks()
    data = schedule.heads[0] if schedule.words else 0  # the first frame carrying data
    first = min(data, 0) if options.span == "programme" else max(min(data, 0),
                                                                 data - LEAD_FRAMES)
    first += offset
    last = (schedule.last_frame() if schedule.words else 0) + offset + TAIL_FRAMES
    count = last - first + 1
    _check_size(count, options, lambda frame: coder.format(frame - offset, ":"),
                (first, last, len(schedule.words)))
    words = _dense(schedule, offset - first, count)
    del schedule  # its lists (tens of MB for ten hours) are not needed past this point
    if options.uuid is not None:
        file_uuid = options.uuid
    elif options.deterministic:
        import hashlib  # only for a derived UUID: 3 ms of start-up otherwise

        digest = hashlib.sha256(f"{first} {count} ".encode() + words).digest()
        file_uuid = str(uuidlib.UUID(bytes=digest[:16], version=4))
    else:
        file_uuid = str(uuidlib.uuid4())
    head = (EOL.join(header(file_uuid, options.creation_time())) + EOL).encode("ascii")
    return _stream(head, words, first, count)


def _check_size(count: int, options: Options, label: Callable[[int], str],
                stream: tuple[int, int, int]) -> None:
    """Refuse a stream of ``count`` lines longer than ``max_hours``, saying what it is."""
    if options.max_hours is None or count <= options.max_hours * 3600 * RATE:
        return
    first, last, sent = stream
    raise DoesNotFit(
        f"the MCC file would be {count:,} lines, about {count * LINE_BYTES / 1e6:,.0f} MB "
        f"(a line for every frame from {label(first)} to {label(last)}, {sent:,} of them "
        f"carrying caption data), more than max_hours={options.max_hours:g}: set "
        "span=captions to start at the first caption, or raise max_hours (none: no limit)")


def _stream(head: bytes, words: bytes, first: int, count: int) -> Iterator[bytes]:
    """The header, then each minute of data lines as one chunk."""
    yield head
    yield from _chunks(words, first, count)
