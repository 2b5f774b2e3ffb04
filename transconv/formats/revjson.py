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
so each is written straight to JSON text from memoised pieces (strings escaped once by the
json module's C encoder, ``hh:mm:ss`` from a table of whole seconds), and the whole document
is one list of pieces joined once and returned as UTF-8 bytes; the few small objects around
them go through ``json.dumps``. Output is compact, one line, with non-ASCII characters kept
as they are.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any

from ..model import PUNCT, SPACE, TAG, WORD, Annotation, Speaker, Token, Transcript, Turn
from ..text.clock import clock, minutes_seconds

_TYPES = {WORD: "text", PUNCT: "punct", SPACE: "punct", TAG: "tag"}
_MILLIS = [f",{i:03}" for i in range(1000)]
#: The milliseconds of a start with what follows them up to the end's ``hh:mm:ss``, and of an
#: end with what closes the element (or opens its confidence): fewer pieces per element.
_START_MILLIS = [f'{millis}","end_timestamp":"' for millis in _MILLIS]
_END_MILLIS = [f'{millis}"}}' for millis in _MILLIS]
_END_MILLIS_CONFIDENCE = [f'{millis}","confidence":' for millis in _MILLIS]
#: Top-level keys this writer owns; metadata never overrides them.
_RESERVED = frozenset({"speakers", "monologues", "title", "description", "language",
                       "duration", "annotations"})
#: The seconds table stops at a day (86,400 short strings); a later time is formatted on
#: its own, so a nonsense time in the input cannot make the table huge.
_TABLE_LIMIT = 24 * 3600


@dataclass(frozen=True, slots=True)
class Options:
    """Rev JSON has no options: the shape is Rev's, compact and UTF-8."""


def timestamp(ms: int) -> str:
    """Rev's ``hh:mm:ss,fff`` for integer milliseconds (hours grow past 99 as needed)."""
    return clock(ms, ",")


class _Clock:
    """:func:`timestamp` as two table look-ups: ``hh:mm:ss`` by whole second, then ``,fff``.

    The table grows an hour at a time (one concatenation per second), so a ten-hour file
    makes 36,000 entries for half a million times; building each entry with ``divmod`` and
    a format was 15 ms of the writer on that file.
    """

    __slots__ = ("seconds",)

    def __init__(self) -> None:
        self.seconds: list[str] = []

    def cover(self, second: int) -> None:
        """Grow the table by whole hours until it holds ``second`` (up to the limit)."""
        seconds, hour = self.seconds, minutes_seconds()
        while len(seconds) <= min(second, _TABLE_LIMIT - 1):
            hours = f"{len(seconds) // 3600:02}"
            seconds.extend([hours + rest for rest in hour])

    def __call__(self, ms: int) -> str:
        second, millis = divmod(max(ms, 0), 1000)
        if second >= len(self.seconds):
            self.cover(second)
            if second >= len(self.seconds):
                return timestamp(ms)
        return self.seconds[second] + _MILLIS[millis]


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
    """One element as JSON text after a comma (any token; the hot path inlines the usual)."""
    kind = _TYPES.get(token.kind, "text")
    value = encode_basestring(token.text)
    start, end, confidence = token.start, token.end, token.confidence
    if confidence is not None and not math.isfinite(confidence):
        confidence = None
    parts = [f',{{"type":"{kind}","value":{value}']
    if start is not None:
        parts.append(f',"timestamp":"{clock(start)}"')
    if end is not None:
        parts.append(f',"end_timestamp":"{clock(end)}"')
    if confidence is not None:
        parts.append(f',"confidence":{float(confidence)!r}')
    parts.append("}")
    return _utf8_units("".join(parts))


class _Cache:
    """Per-document memos for :func:`_elements`.

    ``heads``: kind → token text → ``,{"type":…,"value":…,"timestamp":"`` (a transcript
    repeats a few thousand texts a hundred thousand times, so almost no element needs string
    escaping); ``untimed``: kind → text → the whole element of an untimed token (spaces and
    punctuation, half of all elements); ``reprs``: the JSON spelling of each distinct
    confidence; ``speakers``: each speaker's part of a monologue's opening. The first three
    are plain dicts, filled by :meth:`learn` when a look-up misses: a plain dict subscript is
    the cheapest look-up there is (measured: 15 % of the element loop against dict
    subclasses with ``__missing__``).
    """

    __slots__ = ("clock", "heads", "reprs", "speakers", "untimed")

    def __init__(self) -> None:
        self.clock = _Clock()
        self.heads: dict[str, dict[str, str]] = {kind: {} for kind in _TYPES}
        self.untimed: dict[str, dict[str, str]] = {kind: {} for kind in _TYPES}
        self.reprs: dict[float, str] = {}
        self.speakers: dict[str | None, str] = {}

    def learn(self, token: Token) -> None:
        """Memoise what the fast path of :func:`_elements` looks up for ``token``."""
        kind, text = token.kind, token.text
        head = _utf8_units(
            f',{{"type":"{_TYPES.get(kind, "text")}","value":{encode_basestring(text)}')
        self.heads.setdefault(kind, {})[text] = head + ',"timestamp":"'
        self.untimed.setdefault(kind, {})[text] = head + "}"
        if type(token.confidence) is float:
            self.reprs[token.confidence] = repr(token.confidence)
        for ms in (token.start, token.end):
            if type(ms) is int and ms >= 0:
                self.clock.cover(ms // 1000)


def _elements(tokens: list[Token], cache: _Cache, append: Callable[[str], None]) -> None:
    """Append the elements of one monologue, each as JSON text after a comma.

    The hot path of the writer, so the two common shapes are written inline, with no call
    per element: an untimed one (spaces and punctuation: one memoised string) and a timed
    one whose confidence is absent or a positive finite float. A look-up that misses (a text,
    kind or confidence not seen yet, a time past the seconds table) is memoised by
    :meth:`_Cache.learn`; that element, and any other shape (a missing or negative time, an
    odd confidence), goes through :func:`_element`, which produces the same text.
    """
    untimed, heads, reprs, seconds = cache.untimed, cache.heads, cache.reprs, cache.clock.seconds
    start_millis, end_millis, end_millis_confidence = (
        _START_MILLIS, _END_MILLIS, _END_MILLIS_CONFIDENCE)
    for token in tokens:
        try:
            start = token.start
            if start is None:
                if token.end is None and token.confidence is None:
                    append(untimed[token.kind][token.text])
                    continue
            else:
                end = token.end
                if end is not None and start >= 0 and end >= 0:
                    confidence = token.confidence
                    if confidence is None:
                        append(f'{heads[token.kind][token.text]}'
                               f'{seconds[start // 1000]}{start_millis[start % 1000]}'
                               f'{seconds[end // 1000]}{end_millis[end % 1000]}')
                        continue
                    # x - x is 0.0 exactly for finite floats (NaN and infinities give NaN);
                    # positive only, as 0.0 and -0.0 are one key of ``reprs`` but two spellings.
                    if type(confidence) is float and confidence - confidence == 0.0 \
                            and confidence > 0.0:
                        append(f'{heads[token.kind][token.text]}'
                               f'{seconds[start // 1000]}{start_millis[start % 1000]}'
                               f'{seconds[end // 1000]}{end_millis_confidence[end % 1000]}'
                               f'{reprs[confidence]}}}')
                        continue
        except (KeyError, IndexError):
            cache.learn(token)
        append(_element(token, cache.clock))


def _opening(turn: Turn, transcript: Transcript, cache: _Cache) -> str:
    """A monologue's JSON up to and including ``"elements":[``."""
    speaker = cache.speakers.get(turn.speaker)
    if speaker is None:
        speaker = cache.speakers[turn.speaker] = _speaker_part(turn.speaker, transcript)
    start = "" if turn.start is None else f'"timestamp":"{cache.clock(turn.start)}",'
    end = "" if turn.end is None else f'"end_timestamp":"{cache.clock(turn.end)}",'
    return f'{{{speaker}{start}{end}"elements":['


def _speaker_part(key: str | None, transcript: Transcript) -> str:
    """``"speaker":…,"speaker_name":…,`` for a speaker key ('' for none), made once per key."""
    if key is None:
        return ""
    head: dict[str, Any] = {"speaker": speaker_id(key)}
    speaker = transcript.speakers.get(key)
    if speaker is not None:
        head["speaker_name"] = speaker.name
    return _utf8_units(json.dumps(head, ensure_ascii=False, separators=(",", ":"))[1:-1] + ",")


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


def _utf8_units(text: str) -> str:
    """``text`` as its UTF-8 bytes, one character per byte (see :func:`write`); a lone
    surrogate, which UTF-8 cannot carry (passthrough metadata, a key), becomes U+FFFD."""
    if text.isascii():
        return text
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        data = _SURROGATE.sub("\ufffd", text).encode("utf-8")
    return data.decode("latin-1")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def write(transcript: Transcript, options: Options) -> bytes:
    """The transcript as Rev transcript JSON, UTF-8, one line, ending in a newline.

    Every piece of the document goes into one list that is joined once: joining each
    monologue and then the monologues copied the 12 MB of a ten-hour file four times.
    Pieces with non-ASCII characters are held as their UTF-8 bytes, one character per byte
    (:func:`_utf8_units`; made once per distinct text), so the joined text only needs a
    Latin-1 encode, a plain copy: encoding 12 MB of text to UTF-8 was a sixth of the
    writer's time. Hence ``bytes``, which the registry passes through unchanged.

    Passthrough metadata keys come first, before ``speakers``: our reader decodes Rev's own
    keys straight into typed records and reads any other document the standard way, so an
    unknown key at the top tells it at once instead of after the whole file.
    """
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
    passthrough = "".join(f"{_dumps(key)}:{_dumps(value)},"
                          for key, value in transcript.metadata.items() if key not in _RESERVED)
    speakers = _utf8_units(_dumps([_speaker(s) for s in transcript.speakers.values()]))
    out = [_utf8_units("{" + passthrough), f'"speakers":{speakers},"monologues":[']
    append = out.append
    for number, turn in enumerate(transcript.turns):
        opening = _opening(turn, transcript, cache)
        append("," + opening if number else opening)
        first = len(out)
        _elements(turn.tokens, cache, append)
        if len(out) > first:
            out[first] = out[first][1:]  # the first element has no comma before it
        append("]}")
    tail = "".join(f",{_dumps(key)}:{_dumps(value)}" for key, value in extras.items())
    append(_utf8_units(f"]{tail}}}\n"))
    return "".join(out).encode("latin-1")
