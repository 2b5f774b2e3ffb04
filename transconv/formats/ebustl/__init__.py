"""EBU STL (EBU Tech 3264): the binary subtitle exchange file of European broadcasters.

A file is one 1024-byte GSI block (:mod:`.gsi`) and one or more 128-byte TTI blocks per
subtitle (:mod:`.tti`), text in character code table 00 (Latin, :mod:`.iso6937`) or, with
``character_table``, 01–04 (:mod:`.text`). The choices below follow the format note
ebu-stl.md:

* Time codes are integer frames from :mod:`transconv.timecode` (25 fps → ``STL25.01``; 30 fps
  and 29.97 fps → ``STL30.01``, the latter with drop-frame labels: the mode follows the rate,
  :data:`TIMING`), so ten hours accumulate no error; cues are quantised so that no subtitle
  ends after the next one starts.
  ``start_timecode`` is written as TCP and added to every TCI/TCO (readers that subtract TCP
  and readers that do not then agree when it is zero, the default).
* Teletext level 1 with boxed double-height rows by default (the layout of the broadcast
  reference samples), 35 visible characters per row; ``display="open"`` writes plain rows.
* MNC is measured from the rows actually written (characters plus their control codes on
  teletext); MNR is the 23-row grid the vertical positions refer to.
* The title goes to OPT, the description to OET (both cut to 32 characters), the language to
  LC. Creation and revision dates are today unless ``creation_date`` fixes them, which makes
  the output byte-for-byte reproducible.
* A caption source's placement and italics (its cues' hints) set a subtitle's VP and JC and,
  in open subtitling, the italics codes.
* Characters the table cannot show are folded (Greek romanised in the Latin table) or become
  ``fallback`` (``?``), with one warning.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from fractions import Fraction
from itertools import chain
from typing import Literal

from ...errors import DoesNotFit
from ...model import CaptionTrack, Cue
from ...notices import logger
from ...options import help_
from ...segment import CaptionStyle
from ...text.encoder import Encoder
from ...text.hints import align_of, is_italic, region_of
from ...text.lines import rows_by_cue
from ...text.repertoire import Repertoire
from ...timecode import Timecoder, binary_labels, quantize_spans
from ..timing import NTSC, FrameTiming, TimingRules
from . import gsi, tti
from .languages import language_code
from .text import DIACRITICS, TABLES

LOG = logger(__name__)

Display = Literal["teletext", "open"]
CharacterTable = Literal["00", "01", "02", "03", "04"]
Justification = Literal["unchanged", "left", "center", "right"]

_JC: dict[str, int] = {"unchanged": 0, "left": 1, "center": 2, "right": 3}
_MAX_SUBTITLES = 0xFFFF       # SN is 16 bits and starts at 1
_TELETEXT_COLUMNS = 40
_MAX_CELLS = 99               # MNC has two digits
_BY_TIME = operator.attrgetter("start", "end")
_ITALICS_ON, _ITALICS_OFF = b"\x80", b"\x81"
#: 25 fps (the default) and 30 fps non-drop, 29.97 drop-frame (written as 30): the mode
#: follows the rate.
TIMING = TimingRules("EBU STL", {"smpte-ndf": (Fraction(25), Fraction(30)), "smpte-df": (NTSC,)},
                     rates_note="EBU STL defines 25 and 30 fps only (29.97 as 30)")


def _default_style() -> CaptionStyle:
    """35 visible characters: a 40-cell teletext row less the five layout codes."""
    return CaptionStyle(max_chars=35)


@dataclass(frozen=True, slots=True)
class Options:
    """EBU STL writer options.

    ``timing`` (:class:`~transconv.formats.timing.FrameTiming`, given flat): ``fps`` 25
    (default, ``STL25.01``), 30 or 29.97 (``STL30.01``; 29.97 uses drop-frame labels, which
    stay within ±2 frames of wall-clock time as the note allows), ``timecode`` following it
    (``smpte-ndf``, ``smpte-df`` at 29.97). ``start_timecode``: programme start, written as
    TCP and added to every time code. ``min_gap_frames``: frames left between subtitles
    after rounding (default 0).
    ``display``: ``teletext`` (DSC 1, default) or ``open`` (DSC 0).
    ``double_height``: teletext rows in double height (default on).
    ``horizontal_align``: JC of every subtitle (default ``center``).
    ``country``: ISO 3166 alpha-3 code for CO (default blank). ``publisher``: PUB.
    ``creation_date``: ``YYYY-MM-DD`` for CD and RD (default: today, UTC).
    ``revision``: RN, 0–99. ``character_table``: CCT, ``00`` Latin (default), ``01``
    Latin/Cyrillic, ``02`` Latin/Arabic, ``03`` Latin/Greek, ``04`` Latin/Hebrew.
    ``fallback``: written for characters with no form in that table.
    """

    style: CaptionStyle = field(default_factory=_default_style)
    timing: FrameTiming = field(default_factory=FrameTiming)
    display: Display = field(
        default="teletext", metadata=help_('teletext subtitles or open (burnt-in) subtitles'))
    double_height: bool = field(default=True, metadata=help_('teletext rows in double height'))
    horizontal_align: Justification = field(
        default="center", metadata=help_('justification of every subtitle'))
    country: str = field(
        default="", metadata=help_('the country of origin in the header (ISO 3166 alpha-3)'))
    publisher: str = field(default="", metadata=help_('the publisher in the header'))
    creation_date: str | None = field(
        default=None, metadata=help_(
            'creation and revision date, YYYY-MM-DD (default: today, UTC)'))
    revision: int = field(default=0, metadata=help_('the revision number in the header'))
    fallback: str = field(
        default="?", metadata=help_('written for a character the character table lacks'))
    character_table: CharacterTable = field(default="00", metadata=help_(
        'character code table: 00 Latin, 01 Latin/Cyrillic, 02 Latin/Arabic, 03 Latin/Greek, '
        '04 Latin/Hebrew'))

    def __post_init__(self) -> None:
        _coder(self)
        if self.display not in ("teletext", "open"):
            raise ValueError(f"display {self.display!r} is not one of teletext, open")
        if self.horizontal_align not in _JC:
            raise ValueError(f"horizontal_align {self.horizontal_align!r}; "
                             f"known: {', '.join(_JC)}")
        if not 0 <= self.revision <= 99:
            raise ValueError("revision must be 0..99")
        if self.country and not (len(self.country) == 3 and self.country.isascii()
                                 and self.country.isalpha()):
            raise ValueError(f"country {self.country!r} is not an ISO 3166 alpha-3 code")
        _creation_date(self)
        if self.character_table not in TABLES:
            raise ValueError(f"character_table {self.character_table!r}; known: "
                             f"{', '.join(TABLES)}")
        if not self.fallback:
            raise ValueError("fallback must not be empty: a character the table lacks is "
                             "shown as something")
        Encoder(TABLES[self.character_table], self.fallback)


def _coder(options: Options) -> tuple[str, Timecoder]:
    """DFC and the time coder for the options (validated here, not half-way through a file)."""
    coder = TIMING.coder(options.timing)
    return ("STL25.01" if coder.rate == 25 else "STL30.01"), coder


def _creation_date(options: Options) -> date:
    if options.creation_date is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(options.creation_date)
    except ValueError:
        raise ValueError(f"creation_date {options.creation_date!r} is not YYYY-MM-DD") from None


def _label(coder: Timecoder, ticks: int) -> tuple[int, int, int, int]:
    label = coder.label(ticks)
    if label[0] > 23:
        raise DoesNotFit(f"time code {coder.format(ticks)} is past 23:59:59, which EBU STL "
                         "cannot express; lower start_timecode")
    return label


def _digits(label: tuple[int, int, int, int]) -> str:
    return "".join(f"{part:02d}" for part in label)


def _layout(options: Options) -> tti.Layout:
    if options.display == "open":
        return "open"
    return "teletext-double" if options.double_height else "teletext"


def _check_day(coder: Timecoder, spans: list[tuple[int, int]]) -> None:
    """Raise for the first time code past 23:59:59 (labels grow with ticks, so only the
    latest needs a look unless one is past)."""
    latest = max(map(operator.itemgetter(1), spans), default=0)
    if coder.label(latest)[0] > 23:
        _label(coder, 0)
        for start, end in spans:
            _label(coder, start)
            _label(coder, end)


def repertoire(options: Options) -> Repertoire:
    """The character code table's characters (Latin by default); others folded or
    ``fallback``."""
    return TABLES[options.character_table].repertoire(options.fallback)


def render(track: CaptionTrack, options: Options) -> bytes:
    """The EBU STL file for the track's cues and document facts."""
    cues, transcript = track.cues, track
    disk_format, coder = _coder(options)
    layout = _layout(options)
    table = TABLES[options.character_table]
    encoder = Encoder(table, options.fallback)
    diacritics = DIACRITICS[options.character_table]
    ordered = sorted(cues, key=_BY_TIME)
    rows = encoder.encode_lines([line for cue in ordered for line in cue.lines])
    subtitles, subtitle_rows = rows_by_cue(ordered, rows)
    if len(subtitles) > _MAX_SUBTITLES:
        raise DoesNotFit(f"{len(subtitles)} subtitles do not fit one EBU STL file (at most "
                         f"{_MAX_SUBTITLES}); split the transcript")
    spans = quantize_spans(((c.start, c.end) for c in subtitles), coder,
                           options.timing.min_gap_frames)
    programme_start = first_in = _digits(_label(coder, 0))
    _check_day(coder, spans)
    if spans:
        first_in = _digits(_label(coder, spans[0][0]))
    body = _body(subtitles, subtitle_rows, binary_labels(coder, list(chain.from_iterable(spans))),
                 layout, _JC[options.horizontal_align], diacritics)
    widest = tti.widest(rows, layout, diacritics)
    if encoder.replaced:
        LOG.warning("%s: %d character(s) have no form there and were written as %r",
                    table.name, encoder.replaced, options.fallback)
    if layout != "open" and widest > _TELETEXT_COLUMNS:
        LOG.warning("EBU STL: a teletext row needs %d cells, more than the %d a receiver "
                    "shows; use a caption style with fewer characters per line",
                    widest, _TELETEXT_COLUMNS)
    if widest > _MAX_CELLS:
        LOG.warning("EBU STL: the longest row has %d characters; MNC records at most %d",
                    widest, _MAX_CELLS)
    created = _creation_date(options)
    header = gsi.build(gsi.GeneralInfo(
        disk_format=disk_format,
        display="0" if layout == "open" else "1",
        language=language_code(transcript.language),
        title=transcript.title or "",
        episode=transcript.description or "",
        created=created,
        revised=created,
        revision=options.revision,
        blocks=len(body) // tti.SIZE,
        subtitles=len(subtitles),
        max_chars=min(widest, _MAX_CELLS),
        max_rows=tti.ROWS,
        programme_start=programme_start,
        first_in=first_in,
        country=options.country.upper(),
        publisher=options.publisher,
        character_table=options.character_table,
    ))
    return header + body


def _body(subtitles: list[Cue], subtitle_rows: list[list[bytes]], time_codes: list[bytes],
          layout: tti.Layout, justification: int, diacritics: frozenset[int]) -> bytes:
    """Every TTI block; ``time_codes`` holds each subtitle's in- and out-time in turn.

    A caption source's hints (:mod:`transconv.text.hints`) place a subtitle: its region
    gives VP, its alignment JC, and in open subtitling its italics the 80/81 codes around
    each row (teletext has no italics)."""
    position = [tti.vertical_position(count, layout)
                for count in range(max(map(len, subtitle_rows), default=0) + 1)]
    positions = [position[len(rows)] for rows in subtitle_rows]
    justifications = [justification] * len(subtitle_rows)
    for index, cue in enumerate(subtitles):
        if cue.hints:  # nearly never: a transcript's cues have none
            rows = subtitle_rows[index]
            positions[index] = tti.vertical_position(len(rows), layout, region_of(cue))
            justifications[index] = _JC.get(align_of(cue), justification)
            if layout == "open" and is_italic(cue):
                subtitle_rows[index] = [_ITALICS_ON + row + _ITALICS_OFF for row in rows]
    return tti.all_blocks(time_codes, positions, justifications,
                          tti.text_fields(subtitle_rows, layout), diacritics)


def sniff(data: bytes) -> bool:
    """True when ``data`` starts like an EBU STL file (``.stl`` is shared with Spruce STL).

    The test is the GSI opening: a three-digit code page and a disk format code ``STLnn.01``,
    which no Spruce script (text that starts with ``//``, ``$`` or a time code) can begin with.
    """
    head = data[:11]
    return (len(head) == 11 and head[:3].isdigit() and head[3:6] == b"STL"
            and head[6:8].isdigit() and head[8:11] == b".01")

