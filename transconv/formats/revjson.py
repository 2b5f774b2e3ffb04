"""Rev transcript JSON (``application/json+rev-transcript``): the model in Rev's own shape.

The output is what Rev's API returns for a transcript (sources.md §2): a ``speakers`` list
and ``monologues`` whose ``elements`` are ``text`` (one per word, with ``timestamp`` and
``end_timestamp`` as ``hh:mm:ss,fff`` and ``confidence`` where known), ``tag`` (the bare tag
value) and ``punct`` (punctuation, or whitespace the model held as a token, with no times).
Rev human JSON itself has no ``punct`` type; we borrow Rev.ai's, because keeping punctuation
as its own token is what lets the model round-trip exactly instead of re-splitting phrases.

What Rev's shape has no place for goes into extra keys that a Rev consumer ignores and our
Rev reader can read back: speaker ``prefix``/``suffix``; monologue ``timestamp`` and
``end_timestamp`` (the turn's span); top-level ``title``, ``description``, ``language``,
``duration`` (``hh:mm:ss,fff``) and ``annotations`` (objects with ``id``, ``text``,
``timestamp``, ``end_timestamp``, ``author``, ``created``, ``modified``). ``metadata`` is
written as top-level keys, because that is where the Rev reader finds a source's passthrough
fields; where a metadata key collides with one of ours, ours wins. Keys whose value is unknown
are left out, as Rev does.

Speed matters (a ten-hour file has a quarter of a million tokens). Elements are the hot path,
so each is written straight to JSON text (strings escaped by the json module's C encoder,
``hh:mm:ss`` memoised per second); the few small objects around them go through
``json.dumps``. Output is compact, one line, with non-ASCII characters kept as they are.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any

from ..model import PUNCT, SPACE, TAG, WORD, Annotation, Speaker, Token, Transcript, Turn

_TYPES = {WORD: "text", PUNCT: "punct", SPACE: "punct", TAG: "tag"}
_MILLIS = [f",{i:03}" for i in range(1000)]
#: Top-level keys this writer owns; metadata never overrides them.
_RESERVED = frozenset({"speakers", "monologues", "title", "description", "language",
                       "duration", "annotations"})


@dataclass(frozen=True, slots=True)
class Options:
    """Rev JSON has no options: the shape is Rev's, compact and UTF-8."""


def timestamp(ms: int) -> str:
    """Rev's ``hh:mm:ss,fff`` for integer milliseconds (hours grow past 99 as needed)."""
    seconds, millis = divmod(max(ms, 0), 1000)
    minutes, secs = divmod(seconds, 60)
    hours, mins = divmod(minutes, 60)
    return f"{hours:02}:{mins:02}:{secs:02},{millis:03}"


def _clock(seconds: _Seconds) -> Callable[[int], str]:
    """A :func:`timestamp` that memoises the ``hh:mm:ss`` part in ``seconds``."""

    def fmt(ms: int) -> str:
        ms = max(ms, 0)
        return seconds[ms // 1000] + _MILLIS[ms % 1000]

    return fmt


class _Seconds(dict[int, str]):
    """Whole seconds → ``hh:mm:ss``, filled on first use.

    ``__missing__`` keeps the lookup a plain C-level subscript on the hot path (no ``get``
    call, no ``None`` test): a ten-hour file needs 36,000 entries for half a million times.
    """

    def __missing__(self, seconds: int) -> str:
        minutes, secs = divmod(seconds, 60)
        hours, mins = divmod(minutes, 60)
        text = self[seconds] = f"{hours:02}:{mins:02}:{secs:02}"
        return text


def speaker_id(key: str) -> int | str:
    """Rev's numeric id where the key is a plain decimal number, else the key itself."""
    return int(key) if key.isascii() and key.isdigit() and str(int(key)) == key else key


def _speaker(speaker: Speaker) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": speaker_id(speaker.id), "name": speaker.name}
    if speaker.prefix:
        entry["prefix"] = speaker.prefix
    if speaker.suffix:
        entry["suffix"] = speaker.suffix
    return entry


def _element(token: Token, clock: Callable[[int], str]) -> str:
    """One element as JSON text (the hot path: no dict, no generic serialiser)."""
    kind = _TYPES.get(token.kind, "text")
    value = encode_basestring(token.text)
    start, end, confidence = token.start, token.end, token.confidence
    if confidence is not None and not math.isfinite(confidence):
        confidence = None
    if start is not None and end is not None and confidence is not None:  # the common word
        return (f'{{"type":"{kind}","value":{value},"timestamp":"{clock(start)}",'
                f'"end_timestamp":"{clock(end)}","confidence":{float(confidence)!r}}}')
    parts = [f'{{"type":"{kind}","value":{value}']
    if start is not None:
        parts.append(f',"timestamp":"{clock(start)}"')
    if end is not None:
        parts.append(f',"end_timestamp":"{clock(end)}"')
    if confidence is not None:
        parts.append(f',"confidence":{float(confidence)!r}')
    parts.append("}")
    return "".join(parts)


class _Cache:
    """Per-document memos for :func:`_elements`: ``hh:mm:ss`` by whole second, each
    distinct (kind, text)'s opening ``{"type":…,"value":…`` (a transcript repeats a few
    thousand words a hundred thousand times, so most elements need no string escaping), and
    the JSON spelling of each distinct confidence (two decimals in practice: a hundred
    values, where ``repr`` of a float is the dearest step of an element)."""

    __slots__ = ("clock", "heads", "reprs", "seconds")

    def __init__(self) -> None:
        self.seconds = _Seconds()
        self.clock = _clock(self.seconds)
        self.heads: dict[str, dict[str, str]] = {}
        self.reprs = _Reprs()


class _Reprs(dict[float, str]):
    """Float → ``repr``, made on first use (``__missing__``, as :class:`_Seconds`)."""

    __slots__ = ()

    def __missing__(self, value: float) -> str:
        text = self[value] = repr(value)
        return text


def _elements(tokens: list[Token], cache: _Cache) -> str:
    """The ``elements`` of one monologue as JSON text.

    The hot path of the writer, so the two common shapes are written inline, with no call
    per element: an untimed one (spaces and punctuation: the memoised opening, closed) and
    a timed one whose confidence is absent or a positive finite float. Anything else (a
    missing or negative time, an odd confidence) goes through :func:`_element`, which
    produces the same text.
    """
    seconds, millis, heads_of, clock = cache.seconds, _MILLIS, cache.heads, cache.clock
    reprs = cache.reprs
    out: list[str] = []
    append = out.append
    for token in tokens:
        kind = token.kind
        heads = heads_of.get(kind)
        if heads is None:
            heads = heads_of[kind] = {}
        text = token.text
        head = heads.get(text)
        if head is None:
            head = heads[text] = (f'{{"type":"{_TYPES.get(kind, "text")}",'
                                  f'"value":{encode_basestring(text)}')
        start, end, confidence = token.start, token.end, token.confidence
        if start is None:
            if end is None and confidence is None:
                append(head + "}")
                continue
        elif end is not None and start >= 0 and end >= 0:
            if confidence is None:
                append(f'{head},"timestamp":"{seconds[start // 1000]}{millis[start % 1000]}'
                       f'","end_timestamp":"{seconds[end // 1000]}{millis[end % 1000]}"}}')
                continue
            # x - x is 0.0 exactly for finite floats (NaN and infinities give NaN); positive
            # only, as 0.0 and -0.0 are one key of ``reprs`` but two spellings.
            if type(confidence) is float and confidence - confidence == 0.0 \
                    and confidence > 0.0:
                append(f'{head},"timestamp":"{seconds[start // 1000]}{millis[start % 1000]}'
                       f'","end_timestamp":"{seconds[end // 1000]}{millis[end % 1000]}"'
                       f',"confidence":{reprs[confidence]}}}')
                continue
        append(_element(token, clock))
    return ",".join(out)


def _monologue(turn: Turn, transcript: Transcript, cache: _Cache) -> str:
    head: dict[str, Any] = {}
    if turn.speaker is not None:
        head["speaker"] = speaker_id(turn.speaker)
        speaker = transcript.speakers.get(turn.speaker)
        if speaker is not None:
            head["speaker_name"] = speaker.name
    if turn.start is not None:
        head["timestamp"] = cache.clock(turn.start)
    if turn.end is not None:
        head["end_timestamp"] = cache.clock(turn.end)
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    comma = "," if head else ""
    return f'{opening}{comma}"elements":[{_elements(turn.tokens, cache)}]}}'


def _annotation(note: Annotation) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": note.id, "text": note.text}
    if note.start is not None:
        entry["timestamp"] = timestamp(note.start)
    if note.end is not None:
        entry["end_timestamp"] = timestamp(note.end)
    for key in ("author", "created", "modified"):
        value = getattr(note, key)
        if value is not None:
            entry[key] = value
    return entry


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def write(transcript: Transcript, options: Options) -> str:
    """The transcript as Rev transcript JSON text, one line, ending in a newline."""
    cache = _Cache()
    extras: dict[str, Any] = {}
    for key in ("title", "description", "language"):
        value = getattr(transcript, key)
        if value is not None:
            extras[key] = value
    if transcript.duration is not None:
        extras["duration"] = timestamp(transcript.duration)
    if transcript.annotations:
        extras["annotations"] = [_annotation(a) for a in transcript.annotations]
    for key, value in transcript.metadata.items():
        if key not in _RESERVED:
            extras[key] = value
    speakers = _dumps([_speaker(s) for s in transcript.speakers.values()])
    monologues = ",".join([_monologue(turn, transcript, cache) for turn in transcript.turns])
    tail = "".join(f",{_dumps(key)}:{_dumps(value)}" for key, value in extras.items())
    return f'{{"speakers":{speakers},"monologues":[{monologues}]{tail}}}\n'
