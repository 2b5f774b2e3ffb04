"""SmartDocumentor transcript export reader (sources.md §5).

No public schema exists, so this follows the field list of the project brief and reads it
defensively: every field may be missing or null, numbers may be strings, and segments come in
no particular order. What the reader decides:

* ``displayText`` is the authoritative text of a segment. ``displayWords`` supply the tokens
  and word times when their words are exactly the words of ``displayText``; when they disagree
  (text edited after recognition), the text wins and its words are spread over the span the
  words covered. ``originalWords`` (the raw recognised words, ``"nineteen eighty four"`` for
  ``"1984."``) are never paired with display words by index; they give the tokens only with
  ``words="original"`` (or ``lexical``), otherwise only a time span when nothing else does.
* A segment with text but no words gets its words spread over ``start``..``end``; one with
  neither text nor display words is skipped (with a warning).
* Numbers are seconds; the unit sanity rule spots exports written in milliseconds: when the
  latest time is more than 100 × the media duration, yet fits it once divided by 1000, every
  media time is divided by 1000 (with a warning).
* Confidences above 1 anywhere mean percentages: all are divided by 100.
* Duplicate annotations (same ``uniqueId``) keep the one modified last.
* ``Transcript.metadata`` holds every top-level field except ``transcript`` untouched (task ids,
  audit fields, and the free ``metadata`` object under its own name).

Segments and words are read as records (:mod:`.smartdoc_schema`), decoded typed from the bytes
when the export fits the schema and made from the parsed dicts otherwise.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput
from ..model import WORD, Annotation, Speaker, Token, Transcript, Turn
from .common import (
    ReadOptions,
    confidence_value,
    items,
    key_value,
    language_of,
    mapping,
    optional_text,
    rescale_confidence,
    stamp,
    text_value,
    type_name,
    warn,
)
from .repair import finish, settle_notes
from .smartdoc_schema import Segment, Word, segments_of
from .timeparse import NEAR_HALF, TimeParseError, Unit, parse_time

if TYPE_CHECKING:
    from datetime import datetime

_OFFSET_FIELDS: tuple[tuple[str, Unit], ...] = (
    ("offsetInSeconds", "s"), ("offsetInTicks", "ticks"), ("offsetMilliseconds", "ms"),
    ("offset", "s"))
_DURATION_FIELDS: tuple[tuple[str, Unit], ...] = (
    ("durationInSeconds", "s"), ("durationInTicks", "ticks"), ("durationMilliseconds", "ms"),
    ("duration", "s"))
_WORD_TEXT_FIELDS = ("text", "displayText", "word")
_INF = float("inf")


class _Context:
    """Per-document state: options, source name for warnings, largest confidence seen."""

    __slots__ = ("edited", "largest", "mismatched", "options", "rate", "skipped", "source",
                 "split_cache")

    def __init__(self, options: ReadOptions, source: str) -> None:
        self.options = options
        self.rate = options.rate  # a property: read once, not three times per segment
        self.source = source
        self.largest = 0.0
        # Counted, then reported once per document: a long export must not flood the log.
        self.mismatched = 0
        self.edited = 0
        self.skipped = 0
        #: raw word text → its cleaned words; an export repeats its vocabulary
        self.split_cache: dict[str, list[str]] = {}

    def time(self, value: object, where: str, field: str, unit: Unit = "s") -> int | None:
        """``value`` (the field ``field`` of the record at ``where``) in milliseconds.

        Float seconds are rounded inline unless within a hair of .5 ms, by the rule of
        :func:`_words` (the result :func:`~.timeparse.parse_time` gives): three calls fewer
        for each of the three times of a segment (measured with ``rate`` read once: 6 ms
        instead of 13 ms on the ten-hour export's 4,700 segments).
        """
        if type(value) is float and unit == "s" and 0.0 <= value < 1e9:
            scaled = value * 1000.0
            nearest = round(scaled)
            if -NEAR_HALF < scaled - nearest < NEAR_HALF:
                return nearest
        try:
            return parse_time(value, unit, self.rate)
        except TimeParseError as exc:
            raise InvalidInput(str(exc), where=f"{where}.{field}" if where else field) from None

    def confidence(self, value: object) -> float | None:
        number = confidence_value(value)
        if number is not None and number > self.largest:
            self.largest = number
        return number


def _first_time(ctx: _Context, word: Word, fields: tuple[tuple[str, Unit], ...],
                where: str) -> int | None:
    for field, unit in fields:
        value = getattr(word, field)
        if value is not None:
            return ctx.time(value, where, field, unit)
    return None


def _not_an_object(value: object, where: str) -> InvalidInput:
    """The error for a segment or word that is not an object (the words of ``mapping``)."""
    return InvalidInput(f"expected an object, got {type_name(value)}", where=where)


def _split(parts: list[str], start: int | None, end: int | None,
           confidence: float | None) -> list[Token]:
    """One word token per whitespace-separated chunk; start to the first, end to the last."""
    last = len(parts) - 1
    return [Token(WORD, part, start if i == 0 else None, end if i == last else None, confidence)
            for i, part in enumerate(parts)]


def _words(ctx: _Context, value: object, where: str) -> list[Token]:
    """The tokens of a word list (``displayWords`` or ``originalWords``).

    The hot loop of a long export (one pass per word, over :class:`.smartdoc_schema.Word`
    records: attribute reads, not ``dict.get`` calls). The shape every real export uses —
    ``text`` a string, ``offsetInSeconds`` and ``durationInSeconds`` floats, ``confidence``
    a float or absent — is read inline: seconds scaled and rounded exactly as
    :func:`~.timeparse.parse_time` does unless within a hair of .5, cleaned and split text
    memoised per document. Any other word goes through :func:`_word`, the general rules.
    """
    tokens: list[Token] = []
    append = tokens.append
    split_get = ctx.split_cache.get
    largest = 0.0
    near = NEAR_HALF
    for index, word in enumerate(items(value, where)):
        if type(word) is Word:
            text = word.text
            offset = word.offsetInSeconds
            length = word.durationInSeconds
            if (type(text) is str and type(offset) is float and type(length) is float
                    and 0.0 <= offset < 1e9 and 0.0 <= length < 1e9):
                scaled = offset * 1000.0
                start = round(scaled)
                span = length * 1000.0
                duration = round(span)
                confidence = word.confidence
                if (-near < scaled - start < near and -near < span - duration < near
                        and (confidence is None or (type(confidence) is float
                                                    and 0.0 <= confidence < _INF))):
                    if confidence is not None and confidence > largest:
                        largest = confidence
                    parts = split_get(text)
                    if parts is None:
                        parts = _parts(text, ctx.split_cache)
                    if len(parts) == 1:
                        append(Token(WORD, parts[0], start, start + duration, confidence))
                    elif parts:
                        tokens.extend(_split(parts, start, start + duration, confidence))
                    continue
        if word is not None:
            tokens.extend(_word(ctx, word, f"{where}[{index}]"))
    if largest > ctx.largest:
        ctx.largest = largest
    return tokens


def _parts(text: str, cache: dict[str, list[str]]) -> list[str]:
    """The cleaned words of ``text``, remembered (up to a bound) for the next time."""
    parts = text_value(text, "").split()
    if len(cache) < 200_000:
        cache[text] = parts
    return parts


def _word(ctx: _Context, word: object, here: str) -> list[Token]:
    """The tokens of one word object, by the general rules (any field spelling and type)."""
    if not isinstance(word, Word):
        raise _not_an_object(word, here)
    raw: object = None
    for field in _WORD_TEXT_FIELDS:
        raw = getattr(word, field)
        if raw is not None:
            break
    text = text_value(raw, f"{here}.text")
    start = _first_time(ctx, word, _OFFSET_FIELDS, here)
    length = _first_time(ctx, word, _DURATION_FIELDS, here)
    end = start + length if start is not None and length is not None else None
    return _split(text.split(), start, end, ctx.confidence(word.confidence))


def _span(tokens: list[Token]) -> tuple[int | None, int | None]:
    starts = [t.start for t in tokens if t.start is not None]
    ends = [t.end for t in tokens if t.end is not None]
    return (min(starts) if starts else None), (max(ends) if ends else None)


def _segment(ctx: _Context, seg: Segment, where: str) -> Turn | None:
    start = ctx.time(seg.start, where, "start")
    end = ctx.time(seg.end, where, "end")
    length = ctx.time(seg.duration, where, "duration")
    if end is None and start is not None and length is not None:
        end = start + length
    elif start is not None and end is not None and length is not None \
            and abs((end - start) - length) > 1:
        ctx.mismatched += 1
    key = key_value(seg.speakerId, f"{where}.speakerId")
    text = text_value(seg.displayText, f"{where}.displayText")
    confidence = ctx.confidence(seg.confidence)
    if ctx.options.recognised:
        tokens = _words(ctx, seg.originalWords, f"{where}.originalWords")
        if tokens:
            return Turn(key, start, end, tokens)
    display = _words(ctx, seg.displayWords, f"{where}.displayWords")
    if display and (not text.strip() or text.split() == [t.text for t in display]):
        return Turn(key, start, end, display)
    if not text.strip():
        ctx.skipped += 1
        return None
    if display:
        ctx.edited += 1
        first, last = _span(display)
    else:
        first, last = _span(_words(ctx, seg.originalWords, f"{where}.originalWords"))
    start = start if start is not None else first
    end = end if end is not None else last
    return Turn(key, start, end, _split(text.split(), None, None, confidence))


def _speakers(value: object) -> dict[str, Speaker]:
    speakers: dict[str, Speaker] = {}
    for index, entry in enumerate(items(value, "transcript.speakers")):
        if entry is None:
            continue
        where = f"transcript.speakers[{index}]"
        entry = mapping(entry, where)
        key = key_value(entry.get("speakerId"), f"{where}.speakerId")
        if key is None:
            continue
        name = text_value(entry.get("speakerName"), f"{where}.speakerName")
        if key in speakers and speakers[key].name and speakers[key].name != f"Speaker {key}":
            continue
        speakers[key] = Speaker(
            key,
            " ".join(name.split()) or f"Speaker {key}",
            text_value(entry.get("speakerPrefix"), f"{where}.speakerPrefix"),
            text_value(entry.get("speakerSuffix"), f"{where}.speakerSuffix"),
        )
    return speakers


def _when(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    # imported here: only annotations need it, and it is start-up time for every file
    from datetime import UTC, datetime

    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _annotations(ctx: _Context, value: object) -> list[Annotation]:
    """Annotations deduplicated by ``uniqueId`` (latest ``modifiedOn`` wins, ties: the later)."""
    chosen: dict[str, tuple[datetime | None, Annotation]] = {}
    for index, entry in enumerate(items(value, "transcript.annotations")):
        if entry is None:
            continue
        where = f"transcript.annotations[{index}]"
        entry = mapping(entry, where)
        ident = key_value(entry.get("uniqueId"), f"{where}.uniqueId") or f"#{index}"
        start = ctx.time(entry.get("start"), where, "start")
        end = ctx.time(entry.get("end"), where, "end")
        author = entry.get("createdByUserName") or entry.get("modifiedByUserName")
        note = Annotation(ident, text_value(entry.get("content"), f"{where}.content"),
                          start, end, stamp(author), stamp(entry.get("createdOn")),
                          stamp(entry.get("modifiedOn")))
        modified = _when(entry.get("modifiedOn"))
        previous = chosen.get(ident)
        if previous is None or previous[0] is None or (
                modified is not None and modified >= previous[0]):
            chosen[ident] = (modified, note)
    return [note for _, note in chosen.values()]


def _settle(notes: list[Annotation], in_ms: bool, duration: int | None) -> list[Annotation]:
    """Annotation times get the same unit fix as the turns, then the common settling."""
    if in_ms:
        for note in notes:
            note.start, note.end = _scale(note.start), _scale(note.end)
    return settle_notes(notes, duration)


def _half_even(value: int) -> int:
    """``value`` / 1000, rounded half to even (exactly: a Fraction rounds so)."""
    return round(Fraction(value, 1000))


def _fix_units(ctx: _Context, turns: list[Turn], duration: int | None) -> bool:
    """Divide every media time by 1000 when the export evidently wrote milliseconds."""
    if not duration:
        return False
    latest = 0
    for turn in turns:
        # one list per turn, then C-level max: this scan sees every word of every file
        ends = [t.end for t in turn.tokens if t.end is not None]
        for value in (turn.start, turn.end, max(ends) if ends else None):
            if value is not None and value > latest:
                latest = value
    if not (latest > 100 * duration and latest <= duration * 1100):
        return False
    warn(ctx.source, "transcript.transcripts",
         "times exceed totalTimeInSeconds about 1000-fold; read them as milliseconds")
    for turn in turns:
        turn.start, turn.end = _scale(turn.start), _scale(turn.end)
        turn.tokens = [  # new tokens: they are frozen values
            token if token.start is None and token.end is None
            else Token(token.kind, token.text, _scale(token.start), _scale(token.end),
                       token.confidence)
            for token in turn.tokens]
    return True


def _scale(value: int | None) -> int | None:
    return None if value is None else _half_even(value)


def _inner(doc: dict[str, Any]) -> dict[str, Any]:
    """The ``transcript`` object (itself double-encoded at times), or a bare one at the top."""
    if "transcript" not in doc and "transcripts" in doc:
        return doc
    inner = doc.get("transcript")
    if isinstance(inner, str):
        try:
            inner = json.loads(inner)
        except (ValueError, RecursionError):
            raise InvalidInput("a string that is not JSON", where="transcript") from None
    return mapping(inner, "transcript")


def read_smartdoc(doc: dict[str, Any], options: ReadOptions, source: str,
                  shape: str | None = None,
                  segments: list[Segment | None] | None = None) -> Transcript:
    """A :class:`Transcript` from a decoded SmartDocumentor export.

    ``segments`` are the records of a typed decode (:func:`.smartdoc_schema.decode_fast`);
    without them, the ``transcripts`` of ``doc`` are turned into records here, at the point
    where the reader comes to them, so errors come in the same order either way.
    """
    ctx = _Context(options, source)
    inner = _inner(doc)
    duration = ctx.time(doc.get("totalTimeInSeconds"), "", "totalTimeInSeconds")
    speakers = _speakers(inner.get("speakers"))
    turns: list[Turn] = []
    records = segments_of(inner.get("transcripts")) if segments is None else segments
    for index, seg in enumerate(records):
        if seg is None:
            continue
        where = f"transcript.transcripts[{index}]"
        if not isinstance(seg, Segment):
            raise _not_an_object(seg, where)
        turn = _segment(ctx, seg, where)
        if turn is None:
            continue
        if turn.speaker is not None and turn.speaker not in speakers:
            speakers[turn.speaker] = Speaker(turn.speaker, f"Speaker {turn.speaker}")
        turns.append(turn)
    for count, finding in ((ctx.mismatched, "whose end - start disagrees with duration; end used"),
                           (ctx.edited, "whose displayWords differ from displayText; text used"),
                           (ctx.skipped, "without displayText or displayWords; skipped")):
        if count:
            warn(source, "transcript.transcripts", f"{count} segment(s) {finding}")
    in_ms = _fix_units(ctx, turns, duration)
    notes = _annotations(ctx, inner.get("annotations"))
    transcript = Transcript(
        turns=finish(turns, duration),
        speakers=speakers,
        title=optional_text(doc.get("displayName")),
        description=optional_text(doc.get("description"), collapse=False),
        language=language_of(doc, doc.get("metadata"), inner),
        duration=duration,
        annotations=_settle(notes, in_ms, duration),
        metadata={k: v for k, v in doc.items() if k != "transcript"} if inner is not doc
        else {k: v for k, v in doc.items() if k not in ("transcripts", "speakers", "annotations")},
        source="smartdoc",
    )
    rescale_confidence(transcript.turns, ctx.largest)
    return transcript
