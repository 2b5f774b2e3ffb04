"""One reader for Rev human-transcript JSON and Rev.ai ASR JSON (sources.md §2–§4).

The two share a skeleton (``monologues[].elements[]``) and differ in details: Rev human
elements are phrases timed by ``HH:MM:SS,fff`` strings and carry ``tag`` elements; Rev.ai
elements are single words timed by float seconds, with spaces and punctuation as separate
``punct`` elements. Hand-edited files mix both, so every element is read the same way (``ts``
or else ``timestamp``, through the one time parser) and the flavour is only recorded.

Element → token mapping (§4.3): ``text`` is split on whitespace into one word token per chunk
(punctuation stays attached, ``"Lyon,"``); the element's start goes to the first word and its
end to the last, and :mod:`.repair` spreads the words in between by character count.
``punct`` that is only whitespace becomes a ``space`` token, other ``punct`` a ``punct`` token.
``tag`` becomes a tag token holding the bare tag (brackets stripped), zero length at its time
unless it has an end. ``unknown`` becomes the tag ``inaudible`` or is dropped
(``ReadOptions.unknown``). Anything else is kept as words, with a warning.

This loop is the hot path of a ten-hour file (a quarter of a million elements), so it binds
locals, tests the common case first and leaves all repair to one pass afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import InvalidInput
from ..model import (
    PUNCT,
    SPACE,
    SPACE_TOKEN,
    TAG,
    WORD,
    Speaker,
    Token,
    Transcript,
    Turn,
)
from .common import (
    ReadOptions,
    confidence_value,
    language_of,
    optional_text,
    rescale_confidence,
    text_value,
    type_name,
    warn,
)
from .repair import finish, settle_notes
from .rev_document import read_annotations, resolve_label, speaker_key, speaker_table, time_of
from .rev_schema import Element, Monologue, monologues_of
from .text import clean
from .timeparse import CLOCK_HEADS, MILLIS, NEAR_HALF, TimeParseError, parse_time

#: Top-level keys the reader consumes (the last five are our Rev JSON writer's additions for
#: what Rev's shape cannot say); every other top-level key is passed through as metadata.
_OWN_KEYS = frozenset({"monologues", "speakers", "title", "description", "language",
                       "duration", "annotations"})
_TIME_FIELDS = ("ts", "timestamp", "end_ts", "end_timestamp")


def normalise_tag(value: str) -> str:
    """``"[inaudible]"``, ``"<inaudible>"``, ``" inaudible "`` → ``"inaudible"``.

    Anything after the tag word (``"inaudible 00:01:05"``) is kept: it is what the
    transcriptionist wrote and writers render it inside the brackets.
    """
    return " ".join(value.strip().strip("[]<>").split())


class _Document:
    """Per-document state: flavour evidence (Rev.ai versus Rev human, for ``source``) and
    the memo of split text values."""

    __slots__ = ("human", "revai", "split_cache")

    def __init__(self) -> None:
        self.revai = False
        self.human = False
        #: raw text value → its cleaned words, shared by the document's monologues
        self.split_cache: dict[str, list[str]] = {}


def _locate_badtime_of(elements: list[Element], frame_rate: Any) -> tuple[int, str]:
    """(index, field) of the first unparseable time; searched only on the error path."""
    for index, element in enumerate(elements):
        for field in _TIME_FIELDS:
            try:
                parse_time(getattr(element, field), "s", frame_rate)
            except TimeParseError:
                return index, field
    return 0, "timestamp"


def _read_elements(elements: list[Element], where: str, options: ReadOptions, source: str,
                   doc_state: _Document, warned: set[str]) -> tuple[list[Token], float]:
    """Tokens of one monologue and the largest confidence seen (to spot percentages).

    The loop body is kept flat (measured: pulling fields out column-wise with ``map`` or
    converting times in bulk was slower): the "HH:MM:SS,fff" and float-seconds cases are
    parsed inline (two table lookups; a scale and a round), everything else by the parser.
    """
    tokens: list[Token] = []
    append = tokens.append
    frame_rate = options.rate
    keep_unknown = options.unknown == "tag"
    parse = parse_time
    heads = CLOCK_HEADS
    millis = MILLIS
    largest = 0.0
    human = revai = False
    space = SPACE_TOKEN
    near = NEAR_HALF
    split_cache = doc_state.split_cache
    split_get = split_cache.get
    times: list[int | None] = []
    try:
        for element in elements:
            kind = element.type
            value = element.value
            if kind == "punct" and type(value) is str and element.timestamp is None \
                    and element.ts is None and element.end_timestamp is None \
                    and element.end_ts is None:
                # Untimed punctuation, mostly the single space between two words: half the
                # elements of a Rev.ai-style file, so they skip the time and confidence work
                # (punctuation takes no confidence).
                revai = True
                if value == " ":
                    append(space)
                    continue
                if not value.isprintable() or not value.isascii():
                    value = clean(value)
                if value:
                    append(Token(SPACE if value.isspace() else PUNCT, value, None, None, None))
                continue
            raw = element.ts
            if raw is None:
                raw = element.timestamp
                if raw is not None:
                    human = True
            else:
                revai = True
            raw_end = element.end_ts
            if raw_end is None:
                raw_end = element.end_timestamp
            # "HH:MM:SS,fff" is two table lookups that also validate (a miss raises
            # KeyError); float seconds in 0..1e9 are scaled and rounded unless within a
            # hair of .5 (then the decimal spelling decides). Everything else: the parser.
            # Inline, for start and end in turn: a function call each would cost more.
            times.clear()
            for when in (raw, raw_end):
                if when is None:
                    ms = None
                elif type(when) is str:
                    try:
                        ms = heads[when[:9]] + millis[when[9:]]
                    except KeyError:
                        ms = parse(when, "s", frame_rate)
                elif type(when) is float and 0.0 <= when < 1e9:
                    scaled = when * 1000.0
                    ms = round(scaled)
                    if not -near < scaled - ms < near:
                        ms = parse(when, "s", frame_rate)
                else:
                    ms = parse(when, "s", frame_rate)
                times.append(ms)
            start, end = times
            confidence = None
            raw_confidence = element.confidence
            if raw_confidence is not None:
                confidence = raw_confidence if type(raw_confidence) is float \
                    and 0.0 <= raw_confidence <= 1.0 else confidence_value(raw_confidence)
                if confidence is not None and confidence > largest:
                    largest = confidence
            if kind is None or kind == "text":
                # A transcript repeats its vocabulary, so cleaned and split values are
                # memoised per document: one lookup instead of two tests and a split.
                parts = split_get(value) if type(value) is str else None
                if parts is None:
                    parts = _split_value(value, split_cache, elements, where)
                if len(parts) == 1:
                    append(Token(WORD, parts[0], start, end, confidence))
                elif parts:
                    _words(append, parts, start, end, confidence)
                continue
            if type(value) is str:
                if not value.isprintable() or not value.isascii():
                    value = clean(value)
            else:
                value = _odd_value(elements, value, where)
            if kind == "punct":
                revai = True
                if value:
                    append(Token(SPACE if value.isspace() else PUNCT, value, start, end, None))
            elif kind == "tag":
                human = True
                tag = normalise_tag(value)
                if tag:
                    append(Token(TAG, tag, start, start if end is None else end, None))
            elif kind == "unknown":
                revai = True
                if keep_unknown:
                    append(Token(TAG, "inaudible", start, start if end is None else end,
                                 confidence))
                elif tokens and tokens[-1].kind == SPACE:
                    tokens.pop()  # the space before a dropped word goes with it
            else:
                if not kind:
                    kind = "text"
                else:
                    _warn_type(kind, warned, source, where)
                _words(append, value.split(), start, end, confidence)
    except TimeParseError as exc:
        index, field = _locate_badtime_of(elements, frame_rate)
        raise InvalidInput(str(exc), where=f"{where}[{index}].{field}") from None
    doc_state.human |= human
    doc_state.revai |= revai
    return tokens, largest


def _words(append: Callable[[Token], None], parts: list[str], start: int | None,
           end: int | None, confidence: float | None) -> None:
    """Word tokens of a phrase: its start on the first, its end on the last (§2)."""
    last = len(parts) - 1
    for position, part in enumerate(parts):
        append(Token(WORD, part, start if position == 0 else None,
                     end if position == last else None, confidence))


def _split_value(value: object, cache: dict[str, list[str]], elements: list[Element],
                 where: str) -> list[str]:
    """Words of a text value (cleaned, split on whitespace), remembered for the next time."""
    if type(value) is not str:
        return _odd_value(elements, value, where).split()
    text: str = value
    if not text.isprintable() or not text.isascii():
        text = clean(text)
    parts = text.split()
    if len(cache) < 200_000:
        cache[value] = parts
    return parts


def _odd_value(elements: list[Element], value: object, where: str) -> str:
    """A non-string ``value``: null → "", numbers spelled out, containers → InvalidInput.

    ``elements`` holds a record for every entry as given (nulls too), so the index is right.
    """
    if value is None or isinstance(value, (bool, int, float)):
        return text_value(value, where)
    index = next(i for i, e in enumerate(elements) if e.value is value)
    return text_value(value, f"{where}[{index}].value")


def _warn_type(kind: object, warned: set[str], source: str, where: str) -> None:
    label = kind if isinstance(kind, str) else type_name(kind)
    if label not in warned:
        warned.add(label)
        warn(source, where, f"unknown element type {label!r} kept as text")


def read_rev(doc: dict[str, Any], options: ReadOptions, source: str,
             shape: str | None = None,
             monologues: list[Monologue] | None = None) -> Transcript:
    """A :class:`Transcript` from a decoded Rev or Rev.ai document (``shape`` forces flavour).

    Besides Rev's own fields it reads the additions of our Rev JSON writer (speaker
    prefix/suffix, monologue ``timestamp``/``end_timestamp``, top-level ``title``,
    ``description``, ``language``, ``duration`` and ``annotations``), so that format
    round-trips the model; real Rev files simply lack them. ``monologues`` are the records
    of :func:`~.rev_schema.decode_fast` (then ``doc`` holds the other top-level keys);
    without them they are made from ``doc["monologues"]``.
    """
    doc_state = _Document()
    if "speakers" in doc:
        doc_state.human = True
    table = speaker_table(doc.get("speakers"), source)
    ranks: dict[str, tuple[int, str]] = {
        key: (2, speaker.name) if speaker.name else (3, f"Speaker {key}")
        for key, speaker in table.items()}
    duration = time_of(doc.get("duration"), "duration", "", options)
    turns: list[Turn] = []
    largest = 0.0
    warned: set[str] = set()
    records = monologues_of(doc.get("monologues")) if monologues is None else monologues
    for mi, mono in enumerate(records):
        if mono is None:
            continue
        where = f"monologues[{mi}]"
        key = speaker_key(mono, where)
        if key is not None:
            rank = resolve_label(mono, key, table, where)
            if key not in ranks or rank[0] < ranks[key][0]:
                ranks[key] = rank
        tokens, most = _read_elements(mono.elements, f"{where}.elements", options, source,
                                      doc_state, warned)
        largest = max(largest, most)
        if tokens:
            turns.append(Turn(key, time_of(mono.timestamp, "timestamp", where, options),
                              time_of(mono.end_timestamp, "end_timestamp", where, options),
                              tokens))
    speakers = {}
    for key, (_, label) in ranks.items():
        listed = table.get(key)
        speakers[key] = Speaker(key, label, listed.prefix if listed else "",
                                listed.suffix if listed else "")
    title = optional_text(doc.get("title"))
    description = optional_text(doc.get("description"), collapse=False)
    language = language_of(doc, doc.get("metadata"))
    consumed = {"title": title, "description": description, "language": language,
                "duration": duration, "annotations": doc.get("annotations")}
    transcript = Transcript(
        turns=finish(turns, duration),
        speakers=speakers,
        title=title,
        description=description,
        language=language,
        duration=duration,
        annotations=settle_notes(read_annotations(doc.get("annotations"), options), duration),
        metadata={k: v for k, v in doc.items()
                  if k not in _OWN_KEYS or (k in consumed and consumed[k] is None)},
        source="revai" if shape == "revai" or (shape != "rev" and doc_state.revai) else "rev",
    )
    rescale_confidence(transcript.turns, largest)
    return transcript
