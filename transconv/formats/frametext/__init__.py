"""The frame-text family: QuickTime text, Spruce STL, Avid DS and Avid DVD.

Four line-oriented text formats of the editing and DVD world, each a time code (or stamp)
and the cue's text per entry. They share what is here, so the four agree instead of each
reinventing it: what a cue line may contain (no control characters, no tabs — every one of
these formats uses TAB or CR/LF as syntax), how a non-UTF-8 target is encoded (through
:mod:`transconv.text.charsets`, whose repertoire the caption pipeline folds the text into
before layout), and how cue times become frame ticks (through one
:class:`~transconv.timecode.Timecoder` and :func:`~transconv.timecode.quantize_spans`, so carry,
ordering and the no-overlap guarantee are identical in every frame-based format). Spruce and
the Avid formats take the shared :class:`~transconv.formats.timing.FrameTiming` with the same
rules (:func:`text_timing`): any rate, any mode the rate allows, 30 fps wall clock by default.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from fractions import Fraction

from ...errors import DoesNotFit
from ...model import Cue
from ...text.clock import Seconds
from ...text.hints import align_of, hint, is_italic, region_of
from ...text.lines import clean_line
from ...timecode import Timecoder, frame_to_label, quantize_spans
from ..timing import TimingRules

_START_END = operator.attrgetter("start", "end")


def encode_text(text: str, encoding: str) -> str | bytes:
    """``text`` unchanged for UTF-8 (the registry encodes it), else the encoded bytes.

    UTF-16 is written with a BOM, little-endian, which is what Avid's importer expects; the
    8-bit targets are folded to the nearest equivalents by :func:`transconv.charsets.encode`.
    """
    if encoding == "utf-8":
        return text
    if encoding == "utf-16":
        return text.encode("utf-16")
    from ...text.charsets import encode

    return encode(text, encoding)


def text_timing(name: str) -> TimingRules:
    """The timing rules of the frame-text formats: any rate (30 fps unless given), wall-clock
    labels unless ``smpte-ndf`` or ``smpte-df`` (29.97 and 59.94 only) is asked for."""
    return TimingRules(name, {"wallclock": (), "smpte-ndf": (), "smpte-df": ()}, Fraction(30))


def labeler(coder: Timecoder, separator: str | None = None) -> Callable[[int], str]:
    """``coder.format`` with the start offset parsed once instead of once per label.

    A ten-hour file formats tens of thousands of labels. Without drop frames a label is the
    non-drop split of the tick at the nominal rate (wall-clock ticks are second×fps + frame),
    so it is two look-ups: ``HH:MM:SS`` by whole second and the separator and frame number
    (measured: 5 ms instead of 30 for the labels of a ten-hour file). Drop-frame labels come
    from :func:`~transconv.timecode.frame_to_label`.
    """
    offset = coder.offset_ticks()
    rate, drop = coder.rate, coder.drop
    sep = coder.separator if separator is None else separator
    if not drop:
        nominal = coder.nominal
        seconds = Seconds()
        frames = [f"{sep}{ff:02}" for ff in range(nominal)]

        def table_label(ticks: int) -> str:
            ticks += offset
            return seconds[ticks // nominal] + frames[ticks % nominal]

        return table_label

    def label(ticks: int) -> str:
        hh, mm, ss, ff = frame_to_label(ticks + offset, rate, drop)
        return f"{hh:02}:{mm:02}:{ss:02}{sep}{ff:02}"

    return label


def display_lines(cue: Cue) -> list[str]:
    """The lines ``cue`` shows, cleaned; lines left empty are dropped (an empty text field
    or a blank line would end an entry early)."""
    return [cleaned for line in cue.lines if (cleaned := clean_line(line))]


def frame_cues(
    cues: Iterable[Cue], coder: Timecoder, min_gap_frames: int = 0,
) -> list[tuple[list[str], int, int, Cue]]:
    """(display lines, start tick, end tick, the cue) per cue that shows text, in time order.

    Every span lasts at least one tick and none overlaps the next (``min_gap_frames`` apart
    where there is room). Raises :class:`~transconv.errors.DoesNotFit` past 99:59:59: the
    formats' time codes have two hour digits, and a third would shift every field after it.
    """
    shown = [(lines, cue) for cue in sorted(cues, key=_START_END)
             if (lines := display_lines(cue))]
    spans = quantize_spans(((cue.start, cue.end) for _, cue in shown), coder,
                           min_gap_frames)
    if spans and coder.label(spans[-1][1])[0] > 99:
        raise DoesNotFit(f"time code {coder.format(spans[-1][1])} is past 99:59:59, the last "
                         "a two-digit-hour time code can carry")
    return [(lines, start, end, cue)
            for (lines, cue), (start, end) in zip(shown, spans, strict=True)]


class Commands:
    """The placement and italics commands in force in a Spruce STL or Avid DVD script, which
    hold from where they stand on: :meth:`before` gives the ``$Name = value`` lines an entry
    needs so that it shows where and as its caption source's hints say
    (:mod:`transconv.text.hints`), and none while nothing changes (a transcript's cues have
    no hints and get none)."""

    def __init__(self, line: str, horizontal: str, vertical: str, upper: bool) -> None:
        self.line, self.upper = line, upper  # line: "${name} = {value}" in the script's spacing
        self.defaults = {"HorzAlign": horizontal, "VertAlign": vertical, "Italic": "false"}
        self.current = dict(self.defaults)

    def before(self, cue: Cue) -> list[str]:
        wanted = dict(self.defaults)
        if cue.hints:
            wanted["HorzAlign"] = align_of(cue) or wanted["HorzAlign"]
            region = region_of(cue)
            if region != "bottom" or hint(cue, "region") == "bottom":
                wanted["VertAlign"] = "center" if region == "middle" else region
            wanted["Italic"] = "true" if is_italic(cue) else "false"
        if wanted == self.current:
            return []
        out = [self.line.format(name=name, value=value.upper() if self.upper
                                else value.capitalize())
               for name, value in wanted.items() if self.current[name] != value]
        self.current = wanted
        return out


def check_font(font_name: str, font_size: int) -> None:
    """Validate the font options of Spruce and Avid DVD (raises ValueError).

    Called from each writer's ``Options.__post_init__`` so a bad value fails when the options
    are built, not half-way through writing.
    """
    if font_size <= 0:
        raise ValueError("font_size must be > 0")
    if clean_line(font_name) != font_name or not font_name:
        raise ValueError(f"font_name {font_name!r} cannot be written on one line")
