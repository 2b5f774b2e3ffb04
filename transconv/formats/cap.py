"""Cheetah CAP (CAPtivator Offline), the binary caption list of US broadcast delivery.

There is no public specification; the layout is the one in the format note cheetah-cap.md,
which both public readers agree with:

* a 128-byte header: magic ``EA 22``, ``01 00``, the caption count (uint16 LE), the constant
  ``09 A8 AF 4F`` every public writer copies, zero padding;
* per caption a block that starts with its own length (so at most 255 bytes): flag ``61``
  (one line) or ``62`` (more), in- and out-time as binary ``HH MM SS FF``, the style bytes
  ``12 01 00 00 00 00 J V H``, the text (lines joined by one ``00``) and a final ``00``.

Time codes are wall-clock labels at 30 fps by default (both readers add ``FF/30`` s to
``HH:MM:SS``; frame-count labels at 29.97 would drift 3.6 s an hour); the frame part carries
into the next second instead of clamping at 29, which keeps every label within 17 ms of the
real time. Drop-frame labels at 29.97 (``timecode="smpte-df"``, or ``fps="29.97"``) are the
allowed alternative; :data:`TIMING` is the one place both are checked.

Text is ASCII plus the special bytes of :mod:`.cap_chars` (its code table); everything else is
folded (``ü`` → ``u``, ``’`` → ``'``, :mod:`transconv.text.tables`) or becomes ``fallback``.
A caption whose text would not fit one block is split into consecutive captions sharing its
time, never truncated. A caption source's placement and italics (its cues' hints) set a
caption's style bytes and ``D0`` codes (:func:`_placed`).
"""

from __future__ import annotations

import operator
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain, repeat
from typing import Final, Literal

from ..errors import DoesNotFit
from ..model import CaptionTrack, Cue
from ..notices import logger
from ..options import help_
from ..segment import CaptionStyle
from ..text.encoder import CodeTable, Encoder
from ..text.hints import align_of, is_italic, region_of
from ..text.lines import rows_by_cue
from ..text.repertoire import Repertoire
from ..text.tables import CAPTION_FOLDS
from ..timecode import Timecoder, binary_labels, quantize_spans
from .cap_chars import CODES
from .timing import NTSC, FrameTiming, TimingRules

LOG = logger(__name__)

Justification = Literal["left", "center", "right"]
Vertical = Literal["bottom", "top"]

HEADER_SIZE: Final = 128
MAGIC: Final = b"\xea\x22\x01\x00"
HEADER_CONSTANT: Final = b"\x09\xa8\xaf\x4f"   # unknown meaning; copied by every public writer
STYLE_CONSTANT: Final = b"\x12\x01\x00\x00\x00\x00"
TEXT_OFFSET: Final = 19                        # length, flag, 2 × 4 time bytes, 9 style bytes
MAX_BLOCK: Final = 255
MAX_TEXT: Final = MAX_BLOCK - TEXT_OFFSET - 1  # 235: the final 00 is not text
LINE_BREAK: Final = 0x00
FLAG_ONE_LINE: Final = 0x61
FLAG_LINES: Final = 0x62

#: (J, H) per justification: the values Subtitle Edit writes for its positions.
_ALIGN: Final[dict[str, tuple[int, int]]] = {
    "left": (0x01, 0x02), "center": (0x03, 0x10), "right": (0x02, 0x1E)}
_ROW: Final[dict[str, int]] = {"bottom": 0x0F, "top": 0x01}
#: A caption source's middle region (``V`` 08, "about the middle" in the format note).
_MIDDLE_ROW: Final = 0x08
_ITALIC: Final = b"\xd0"
#: Wall-clock labels at 30 fps (the default) or drop-frame labels at 29.97: the rate follows
#: the mode and the mode the rate.
TIMING: Final = TimingRules("CAP", {"wallclock": (Fraction(30),), "smpte-df": (NTSC,)},
                            rates_note="CAP time codes are 30 fps wall clock or 29.97 "
                                       "drop-frame")
_LINE_BREAK: Final = bytes((LINE_BREAK,))
_BY_TIME = operator.attrgetter("start", "end")
#: The length and flag bytes that start a block, by "one line?" and the size of its text.
_HEADS: Final[dict[bool, list[bytes]]] = {
    one_line: [bytes((TEXT_OFFSET + size + 1, FLAG_ONE_LINE if one_line else FLAG_LINES))
               for size in range(MAX_TEXT + 1)]
    for one_line in (True, False)}


def _default_style() -> CaptionStyle:
    """32 characters a line: the CEA-608 screen the format was made for."""
    return CaptionStyle(max_chars=32)


@dataclass(frozen=True, slots=True)
class Options:
    """Cheetah CAP writer options.

    ``timing`` (:class:`~.timing.FrameTiming`, given flat): ``timecode`` ``wallclock``
    (default; 30 fps labels of real time) or ``smpte-df`` (29.97 drop-frame labels), ``fps``
    30 or 29.97 to match (by default the mode's). ``start_timecode``: added to every time
    code (nginx-vod subtracts the first caption's hour, Subtitle Edit does not; default
    00:00:00:00). ``min_gap_frames``: frames left between captions after rounding (default
    0). ``horizontal_align`` and ``vertical_align``: placement of every caption (centre,
    bottom). ``fallback``: written for characters with no ASCII or CAP form (default ``?``).
    """

    style: CaptionStyle = field(default_factory=_default_style)
    timing: FrameTiming = field(default_factory=FrameTiming)
    horizontal_align: Justification = field(
        default="center", metadata=help_('placement of every caption across the screen'))
    vertical_align: Vertical = field(
        default="bottom", metadata=help_('placement of every caption: bottom or top rows'))
    fallback: str = field(
        default="?", metadata=help_('written for a character with no ASCII or CAP form'))

    def __post_init__(self) -> None:
        TIMING.coder(self.timing)
        if self.horizontal_align not in _ALIGN:
            raise ValueError(f"horizontal_align {self.horizontal_align!r}; "
                             f"known: {', '.join(_ALIGN)}")
        if self.vertical_align not in _ROW:
            raise ValueError(f"vertical_align {self.vertical_align!r} is not one of bottom, top")
        if not self.fallback.isascii() or not self.fallback.isprintable():
            raise ValueError(f"fallback {self.fallback!r} must be printable ASCII")


#: CAP's characters and the caption fold table: its repertoire and its encoder.
TABLE: Final = CodeTable("CAP", CODES, CAPTION_FOLDS)


def _groups(lines: list[bytes]) -> list[list[bytes]]:
    """Lines packed into captions whose text (lines joined by 00) fits one block."""
    pieces: list[bytes] = []
    for line in lines:  # a line longer than a whole block is cut (one byte per character)
        pieces.extend(line[i:i + MAX_TEXT] for i in range(0, len(line), MAX_TEXT))
    groups: list[list[bytes]] = [[]]
    size = -1
    for piece in pieces:
        if groups[-1] and size + 1 + len(piece) > MAX_TEXT:
            groups.append([])
            size = -1
        groups[-1].append(piece)
        size += 1 + len(piece)
    return groups


def _split(start: int, end: int, parts: int) -> Iterator[tuple[int, int]]:
    """``parts`` consecutive tick spans covering start..end, each at least one tick."""
    length = max(end - start, parts)
    for k in range(parts):
        yield start + length * k // parts, start + length * (k + 1) // parts


def _label(coder: Timecoder, ticks: int) -> tuple[int, int, int, int]:
    label = coder.label(ticks)
    if label[0] > 23:
        raise DoesNotFit(f"time code {coder.format(ticks)} is past 23:59:59, which CAP "
                         "cannot express; lower start_timecode")
    return label


def _blocks(caption_lines: list[list[bytes]], spans: list[tuple[int, int]], styles: list[bytes],
            ) -> tuple[list[list[bytes]], list[bytes], list[int], list[bytes]]:
    """The lines and the text (lines joined by 00) of every block, the blocks' in- and
    out-ticks in turn, and their style bytes: a caption too long for one block becomes
    several sharing its time and style."""
    texts = [_LINE_BREAK.join(lines) for lines in caption_lines]
    if max(map(len, texts), default=0) <= MAX_TEXT:
        return caption_lines, texts, list(chain.from_iterable(spans)), styles
    block_lines: list[list[bytes]] = []
    ticks: list[int] = []
    block_styles: list[bytes] = []
    for lines, (start, end), style in zip(caption_lines, spans, styles, strict=True):
        groups = _groups(lines)
        block_lines += groups
        block_styles += [style] * len(groups)
        for span in _split(start, end, len(groups)):
            ticks += span
    return block_lines, [_LINE_BREAK.join(lines) for lines in block_lines], ticks, block_styles


def _placed(captions: list[Cue], caption_lines: list[list[bytes]], style: bytes) -> list[bytes]:
    """Each caption's style bytes: ``style`` unless a caption source's hints
    (:mod:`transconv.text.hints`) place it (``V`` 01 top, 08 middle; ``J``/``H`` by its
    alignment); an italic caption's lines get the ``D0`` code Subtitle Edit writes."""
    styles = [style] * len(captions)
    for index, cue in enumerate(captions):
        if not cue.hints:  # nearly every caption: a transcript's cues have none
            continue
        region, align = region_of(cue), align_of(cue)
        justification, horizontal = _ALIGN.get(align, (style[-3], style[-1]))
        row = {"top": _ROW["top"], "middle": _MIDDLE_ROW}.get(region, style[-2])
        styles[index] = STYLE_CONSTANT + bytes((justification, row, horizontal))
        if is_italic(cue):
            caption_lines[index] = [_ITALIC + line for line in caption_lines[index]]
    return styles


def _check_day(coder: Timecoder, ticks: list[int]) -> None:
    """Raise for the first time code past 23:59:59 (only the latest needs a look unless one
    is past, since labels grow with ticks)."""
    if ticks and coder.label(max(ticks))[0] > 23:
        for tick in ticks:
            _label(coder, tick)


def repertoire(options: Options) -> Repertoire:
    """ASCII and the CAP special characters; others folded or ``fallback``."""
    return TABLE.repertoire(options.fallback)


def render(track: CaptionTrack, options: Options) -> bytes:
    """The CAP file for the track's cues."""
    cues = track.cues
    coder = TIMING.coder(options.timing)
    encoder = Encoder(TABLE, options.fallback)
    justification, horizontal = _ALIGN[options.horizontal_align]
    style = STYLE_CONSTANT + bytes((justification, _ROW[options.vertical_align], horizontal))
    ordered = sorted(cues, key=_BY_TIME)
    captions, caption_lines = rows_by_cue(
        ordered, encoder.encode_lines([line for cue in ordered for line in cue.lines]))
    spans = quantize_spans(((c.start, c.end) for c in captions), coder,
                           options.timing.min_gap_frames)
    styles = _placed(captions, caption_lines, style)
    block_lines, texts, ticks, styles = _blocks(caption_lines, spans, styles)
    _check_day(coder, ticks)
    body = _body(block_lines, texts, binary_labels(coder, ticks), styles)
    if len(texts) > 0xFFFF:
        raise DoesNotFit(f"{len(texts)} captions do not fit one CAP file (at most 65535)")
    if encoder.replaced:
        LOG.warning("CAP: %d character(s) have no ASCII or CAP form and were written as %r",
                    encoder.replaced, options.fallback)
    header = (MAGIC + struct.pack("<H", len(texts)) + HEADER_CONSTANT).ljust(HEADER_SIZE, b"\0")
    return header + body


def _body(block_lines: list[list[bytes]], texts: list[bytes], time_codes: list[bytes],
          styles: list[bytes]) -> bytes:
    """Every block: length, flag, in- and out-time (in turn in ``time_codes``), style, text
    and the final 00, joined in one pass (measured on the ten-hour benchmark: 11 ms block by
    block, 5 ms so)."""
    heads = [_HEADS[len(lines) == 1][len(text)]
             for lines, text in zip(block_lines, texts, strict=True)]
    return b"".join(chain.from_iterable(zip(heads, time_codes[0::2], time_codes[1::2],
                                            styles, texts, repeat(_LINE_BREAK))))


def sniff(data: bytes) -> bool:
    """True when ``data`` starts like the CAP variant written here (``EA 22``, byte 2 <= 3):
    the test both public readers apply, since ``.cap`` is shared with unrelated formats."""
    return len(data) >= HEADER_SIZE and data[:2] == MAGIC[:2] and data[2] <= 3

