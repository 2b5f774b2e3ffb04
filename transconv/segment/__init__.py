"""Caption segmentation: Transcript → list of Cue, the one engine every caption writer uses.

Caption writers differ in bytes, not in where a caption ends or a line breaks, so that
policy lives here once and every writer (SRT, VTT, TTML, SCC, STL, …) gets the same cues.
Three steps, each linear in the transcript:

1. :mod:`transconv.segment.units` turns each turn's tokens into unbreakable units (a word
   with its punctuation, a tag, the speaker marker) with times and break strengths;
2. :mod:`transconv.segment.layout` picks where each cue ends and where its lines break;
3. :mod:`transconv.segment.timing` sorts the cues of all turns and settles their times.

A turn always starts a new cue, so a change of speaker always does.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Final, Literal

from ..errors import MissingTiming, UsageError
from ..model import Cue, Transcript, Turn
from ..options import help_
from ..text.repertoire import Folder
from .layout import choose_cues, layout_lines
from .text import Traits, clean_label
from .timing import RawCue, settle
from .units import build_units, fill_times

SpeakerStyle = Literal["name", "dash", "chevrons", "none"]
SPEAKER_STYLES: tuple[SpeakerStyle, ...] = ("name", "dash", "chevrons", "none")


@dataclass(frozen=True, slots=True)
class CaptionStyle:
    """Every segmentation rule in one place; caption writers take one of these.

    Defaults follow common broadcast/streaming practice (Netflix timed-text guides, BBC
    subtitle guidelines, DCMP Captioning Key). Times are milliseconds; characters are Unicode
    code points, spaces and punctuation included. Each field's meaning is in its metadata
    (``transconv formats --options`` prints it).
    """

    max_chars: int = field(default=42, metadata=help_(
        "characters per line (42 for subtitles; the CEA-608 writers default to 32)"))
    max_lines: int = field(default=2, metadata=help_(
        "lines per cue (CEA-608 pop-on may use up to 4)"))
    max_duration: int = field(default=7000, metadata=help_(
        "no cue stays longer, however long the speech or the word", "ms"))
    min_duration: int = field(default=1000, metadata=help_(
        "cues are lengthened to this where the following silence allows", "ms"))
    max_cps: float = field(default=20.0, metadata=help_(
        "reading speed: cues last at least characters / max_cps seconds where silence "
        "allows", "characters per second"))
    min_gap: int = field(default=67, metadata=help_(
        "smallest gap between two cues (67 is two frames at 30 fps)", "ms"))
    speaker_style: SpeakerStyle = field(default="name", metadata=help_(
        "marker on the first cue after a speaker change: 'Name: text', '- text', "
        "'>> Name: text' or none; the unknown speaker never gets a name"))
    keep_tags: bool = field(default=True, metadata=help_(
        "keep tags as [inaudible] text; false drops them (still separating the words)"))
    ellipsis: str = field(default="…", metadata=help_(
        "ends a speaker name shortened to fit a line (written '...' where a format lacks "
        "'…')"))

    def __post_init__(self) -> None:
        problems = []
        if self.max_chars < 1 or self.max_lines < 1:
            problems.append("max_chars and max_lines must be at least 1")
        if self.max_duration < 1 or not 0 <= self.min_duration <= self.max_duration:
            problems.append("need 0 <= min_duration <= max_duration and max_duration >= 1")
        if not self.max_cps > 0:
            problems.append("max_cps must be positive")
        if self.min_gap < 0:
            problems.append("min_gap must not be negative")
        if self.speaker_style not in SPEAKER_STYLES:
            problems.append(f"speaker_style must be one of {', '.join(SPEAKER_STYLES)}")
        if not self.ellipsis.isprintable():
            problems.append("ellipsis must be printable text")
        if problems:
            raise UsageError("caption style: " + "; ".join(problems))


def plain_ellipsis(style: CaptionStyle) -> CaptionStyle:
    """``style`` with any ``…`` of its ellipsis spelled ``...``.

    For writers whose character set lacks ``…`` (teletext, CEA-608, CAP, US-ASCII): they
    would write it as three dots anyway, so the segmenter must plan the name at that width
    or the marker's line comes out two characters over.
    """
    if "…" not in style.ellipsis:
        return style
    return replace(style, ellipsis=style.ellipsis.replace("…", "..."))


def speaker_marker(style: CaptionStyle, label: str) -> str:
    """The visible marker for a speaker change, without its trailing space.

    It is one unit of layout, so it must fit a line with room for a character after it;
    names that do not fit are shortened with ``style.ellipsis`` rather than wrapped.
    """
    kind = style.speaker_style
    limit = style.max_chars - 2
    if kind == "dash":
        return "-" if limit >= 1 else ""
    if kind == "none" or (kind == "name" and not label):
        return ""
    head = ">> " if kind == "chevrons" else ""
    room = limit - len(head) - 1  # one for the colon
    if len(label) > room:
        ellipsis = style.ellipsis
        size = room - len(ellipsis)  # what is left of the name beside the ellipsis
        label = _shorten(label, size) + ellipsis if size >= 1 else ""
    marker = f"{head}{label}:" if label else head.rstrip()
    return marker if len(marker) <= limit else ""


def _shorten(label: str, size: int) -> str:
    """The first ``size`` characters of ``label``, cut at a space if that keeps most of it."""
    head = label[:size]
    if label[size : size + 1] != " ":
        cut = head.rfind(" ")
        if cut >= size * 2 // 3:
            head = head[:cut]
    return head.rstrip()


def _has_times(transcript: Transcript) -> bool:
    """Any time anywhere: a turn start or end, or one token time (readers may leave turns bare)."""
    if transcript.is_timed:
        return True
    return any(turn.end is not None for turn in transcript.turns) or any(
        token.start is not None or token.end is not None for token in transcript.tokens()
    )


def segment(transcript: Transcript, style: CaptionStyle | None = None,
            folder: Folder | None = None) -> list[Cue]:
    """Cut a timed transcript into cues that obey ``style``; sorted, never overlapping.

    Raises :class:`~transconv.errors.MissingTiming` when the transcript has text but no
    time anywhere; an empty transcript gives no cues. Untimed tokens inside a timed
    transcript get times from their neighbours (or their turn's span).

    ``folder`` folds the text into a format's repertoire as it is laid out (see
    :func:`~transconv.segment.units.build_units`), so lines are measured as written. Only
    the turns that hold a character to fold pay for it; most transcripts have none, which
    one check over the whole text shows. Speaker names are folded whatever the words need.
    """
    style = style or CaptionStyle()
    if not transcript.turns:
        return []  # nothing to show is not a timing problem
    if not _has_times(transcript):
        raise MissingTiming("the transcript has no times; timed caption formats need them")
    names = folder  # a name's marker is measured as written even when no word folds
    # each turn's text joined once: one check over all of them, then one per turn
    turn_texts = [] if folder is None else [
        " ".join([token.text for token in turn.tokens]) for turn in transcript.turns]
    if folder is not None and not folder.needs_folding(" ".join(turn_texts)):
        folder = None
    max_chars = style.max_chars
    ms_per_char = max(1, round(1000 / style.max_cps))
    labels: dict[str | None, str] = {}
    traits: dict[str, Traits] = {}  # what the unit builder needs of each distinct text
    raw: list[RawCue] = []
    previous: object = object()
    last_time = 0
    for index, turn in enumerate(transcript.turns):
        key = turn.speaker or None
        label = labels.get(key)
        if label is None:
            label = clean_label(transcript.speaker_label(key)) if key else ""
            if names is not None:
                label = clean_label(names.fold(label))
            labels[key] = label
        new = key != previous
        marker = speaker_marker(style, label) if new else ""
        first_width = max_chars - len(marker) - 1 if marker and style.max_lines == 1 else 0
        fold = None
        if folder is not None and folder.needs_folding(turn_texts[index]):
            fold = folder.fold
        units = build_units(turn.tokens, style.keep_tags, max_chars, marker, first_width,
                            traits, fold)
        if not units.texts:
            continue
        first = 1 if marker else 0
        if not units.timed:
            before = turn.start if turn.start is not None else last_time
            fill_times(units, first, max(before, 0), turn.end, ms_per_char)
        if marker:
            units.starts[0] = units.ends[0] = units.starts[1]
        texts, strength, lens = units.texts, units.strength, units.lens
        for a, b, end in choose_cues(units, lens, first, max_chars, style.max_lines,
                                     style.max_duration, style.min_duration):
            lines, chars = layout_lines(texts, lens, strength, a, b, max_chars)
            raw.append((units.starts[max(a, first)], end, lines, chars, index, new and a == 0))
            if end > last_time:
                last_time = end
        previous = key
    settled = settle(raw, min_duration=style.min_duration, max_duration=style.max_duration,
                     max_cps=style.max_cps, min_gap=style.min_gap)
    return _make_cues(settled, transcript.turns, labels)


#: The slot setters of :class:`Cue`, in field order (see :func:`_make_cues`).
_CUE_SLOTS: Final = tuple(
    getattr(Cue, name).__set__
    for name in ("start", "end", "lines", "speaker", "speaker_label", "new_speaker", "turn",
                 "hints")
)


def _make_cues(
    settled: list[tuple[int, int, RawCue]], turns: list[Turn], labels: dict[str | None, str],
) -> list[Cue]:
    """The final :class:`Cue` objects, filled slot by slot.

    A frozen dataclass's ``__init__`` stores each field through ``object.__setattr__``;
    setting the slots directly gives equal objects in half the time (measured: 27 ms against
    14 ms for 17,000 cues, a tenth of segmenting the 10-hour file).
    """
    new = object.__new__
    set_start, set_end, set_lines, set_speaker, set_label, set_new, set_turn, set_hints = (
        _CUE_SLOTS)
    cues: list[Cue] = []
    add = cues.append
    for start, end, (_, _, lines, _, index, new_speaker) in settled:
        speaker = turns[index].speaker
        cue = new(Cue)
        set_start(cue, start)
        set_end(cue, end)
        set_lines(cue, lines)
        set_speaker(cue, speaker)
        set_label(cue, labels[speaker or None])
        set_new(cue, new_speaker)
        set_turn(cue, index)
        set_hints(cue, ())
        add(cue)
    return cues
