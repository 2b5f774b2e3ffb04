"""Google Cloud Speech-to-Text, v1 and v2: ``results[].alternatives[0].words[]``.

The response is protobuf JSON: durations are strings of seconds with an ``s``
(``"1.300s"``; some clients write ``{"seconds": …, "nanos": …}``), v1 names them
``startTime``/``endTime`` and v2 ``startOffset``/``endOffset``; a word's speaker is
``speakerTag`` (v1, an integer) or ``speakerLabel`` (a string). What is read:

* with diarisation, v1 repeats every word of the audio, with its speaker, in the last
  result: when the last result's words carry speakers and cover the others', it alone is
  read;
* a result without words is its ``transcript``, spread from the end of the result before
  it to its own ``resultEndTime``/``resultEndOffset``;
* several channels (``channelTag``): each channel one speaker (``Channel 1``…), results
  merged by time, or channel N alone (``audio_channel=N``);
* the first ``languageCode`` as the language (``en-us`` → ``en-US``);
* the long-running operation (``{"done": true, "response": {…}}``) and v2's batch answer
  (``results`` by file, each ``transcript`` or ``inlineResult.transcript``) are unwrapped.

``{"error": {"code": 400, "message": …, "status": …}}`` is Google's error response.
Google gives one form of the words.

A document that fits :mod:`~transconv.readers.asr.google_schema` comes decoded into records
(the fast path, see there); the reader walks records and dicts with the same code.
"""

from __future__ import annotations

import re
from typing import Any

from ...model import Transcript
from ...words import TurnBuilder
from ..common import CERTAIN, NOT, ReadOptions, items, mapping
from .common import (
    Bad,
    chosen_channel,
    confidence,
    duration,
    label,
    labels_of,
    language_tag,
    plain_confidences,
    plain_texts,
    proto_ms,
    refuse,
    text,
)
from .google_schema import Alternative, Result, Word, word_of


def _result_like(value: object) -> bool:
    return isinstance(value, (dict, Result)) and "type" not in value and (
        "alternatives" in value or "resultEndTime" in value or "resultEndOffset" in value
        or "channelTag" in value)


def _batch(results: dict[str, Any]) -> list[Any] | None:
    """v2 ``BatchRecognizeResponse``: the results of its (first) file, else None."""
    for value in results.values():
        if isinstance(value, dict):
            inner = value.get("transcript")
            if not isinstance(inner, dict):
                inner = mapping(value.get("inlineResult"), "results").get("transcript")
            found = inner.get("results") if isinstance(inner, dict) else None
            if isinstance(found, list):
                return found
    return None


def sniff(doc: dict[str, Any]) -> int:
    """Certain for ``results`` of recognition results (objects with ``alternatives`` and
    no ``type``), v2's batch answer, an operation holding one, or Google's error object."""
    response = doc.get("response")
    body: dict[str, Any] = response if isinstance(response, dict) else doc
    results = body.get("results")
    if isinstance(results, list):
        first = next((r for r in results if r is not None), None)
        return CERTAIN if _result_like(first) or (first is None and "totalBilledTime" in body) \
            else NOT
    if isinstance(results, dict) and "channels" not in results and "items" not in results \
            and "transcripts" not in results and _batch(results) is not None:
        return CERTAIN
    error = doc.get("error")
    if isinstance(error, dict) and isinstance(error.get("code"), int) and "status" in error:
        return CERTAIN
    return NOT


def read(doc: dict[str, Any], options: ReadOptions, source: str,
         shape: str | None = None) -> Transcript:
    """The transcript of a Speech-to-Text response (see the module docstring)."""
    error = doc.get("error")
    if isinstance(error, dict) and "results" not in doc:
        raise refuse("Google Speech-to-Text", f"{error.get('code')} {error.get('status') or ''}"
                                              f": {error.get('message') or ''}")
    where = "results"
    if isinstance(doc.get("response"), dict) and "results" not in doc:
        doc, where = doc["response"], "response.results"
    raw_results = doc.get("results")
    if isinstance(raw_results, dict):
        results = _batch(raw_results) or []
    else:
        results = items(raw_results, where)
    entries = [(index, r if type(r) is Result else mapping(r, f"{where}[{index}]"))
               for index, r in enumerate(results) if r is not None]
    entries = _diarised(entries)
    tags = sorted({tag for i, entry in entries
                   if (tag := _channel(entry, f"{where}[{i}]")) is not None})
    pick = chosen_channel(options, len(tags), "Google Speech-to-Text") if len(tags) > 1 \
        else None
    merge = len(tags) > 1 and pick is None
    builder = TurnBuilder()
    language = None
    previous_end = 0
    for index, result in entries:
        here = f"{where}[{index}]"
        tag = _channel(result, here)
        if pick is not None and tag != tags[pick]:
            continue
        as_speaker = str(tag) if merge and tag is not None else None
        if as_speaker is not None:
            builder.names[as_speaker] = f"Channel {tag}"
        language = language or language_tag(result.get("languageCode"))
        previous_end = _result(builder, result, here, as_speaker, previous_end)
        if merge:
            builder.close()
    return builder.build(language=language, merge=merge, source="google-stt")


def _channel(result: dict[str, Any] | Result, where: str) -> int | None:
    tag = result.get("channelTag")
    if tag is None:
        return None
    if type(tag) is int:
        return tag
    if type(tag) is str and tag.isdigit():
        return int(tag)
    raise Bad("channelTag", "expected a channel number").at(where)


def _words_of(result: dict[str, Any] | Result) -> list[Any]:
    alternatives = result.get("alternatives")
    if isinstance(alternatives, list) and alternatives and isinstance(alternatives[0],
                                                                      (dict, Alternative)):
        words = alternatives[0].get("words")
        return words if isinstance(words, list) else []
    return []


_Entries = list[tuple[int, dict[str, Any] | Result]]
#: ``"1.300s"`` joined by commas: the values the word loop reads inline (at most 12 digits).
_DURATIONS = re.compile(r"[0-9]{0,9}\.[0-9]{3}s(?:,[0-9]{0,9}\.[0-9]{3}s)*", re.ASCII)


def _diarised(entries: _Entries) -> _Entries:
    """v1 diarisation: the last result alone when it repeats every word with a speaker
    (its first word has a ``speakerTag`` or ``speakerLabel`` that is not null)."""
    if len(entries) < 2:
        return entries
    last = _words_of(entries[-1][1])
    first = last[0] if last else None
    if type(first) is dict:
        first = word_of(first)
    if type(first) is not Word or (first.speakerTag is None and first.speakerLabel is None):
        return entries
    others = sum(len(_words_of(result)) for _, result in entries[:-1])
    return entries[-1:] if len(last) >= others else entries


def _result(builder: TurnBuilder, result: dict[str, Any] | Result, where: str,
            as_speaker: str | None, previous_end: int) -> int:
    """Add one result's words; returns where it ends (the next untimed result's start)."""
    alternatives = items(result.get("alternatives"), f"{where}.alternatives")
    best: dict[str, Any] | Alternative = {}
    if alternatives:
        best = alternatives[0] if type(alternatives[0]) is Alternative \
            else mapping(alternatives[0], f"{where}.alternatives[0]")
    words = items(best.get("words"), f"{where}.alternatives[0].words")
    try:
        ends = result.get("resultEndTime")
        end_of = duration(ends if ends is not None else result.get("resultEndOffset"),
                          "resultEndTime" if ends is not None else "resultEndOffset")
    except Bad as exc:
        raise exc.at(where) from None
    if not words:
        try:
            body = text(best.get("transcript"), "transcript")
        except Bad as exc:
            raise exc.at(f"{where}.alternatives[0]") from None
        if body.strip():
            builder.word(body, previous_end, end_of, confidence(best.get("confidence")),
                         as_speaker)
        return end_of if end_of is not None else previous_end
    bulk_end = _bulk(builder, words, as_speaker)
    if bulk_end is not None:
        return end_of if end_of is not None else bulk_end
    add = builder.word
    index = 0
    last_end = previous_end
    seen: object = None  # the last speaker value read, and its label: runs of one speaker
    speaker = as_speaker
    try:
        for index, raw in enumerate(words):  # noqa: B007 (named in the error)
            entry = raw if type(raw) is Word else word_of(raw)
            first: Any = entry.startOffset
            if first is None:
                first = entry.startTime
            last: Any = entry.endOffset
            if last is None:
                last = entry.endTime
            # "1.300s" inline, exactly: its digits without the point are the milliseconds
            # (at most 12 digits: below MAX_MS); anything else by the common helper
            digits = first[:-5] + first[-4:-1] if type(first) is str and first[-5:-4] == "." \
                and first[-1:] == "s" and first.isascii() else ""
            start = int(digits) if digits.isdigit() and len(digits) <= 12 \
                else proto_ms(first, "startTime")
            digits = last[:-5] + last[-4:-1] if type(last) is str and last[-5:-4] == "." \
                and last[-1:] == "s" and last.isascii() else ""
            end = int(digits) if digits.isdigit() and len(digits) <= 12 \
                else proto_ms(last, "endTime")
            if as_speaker is None:
                own = entry.speakerLabel
                if own is None:
                    own = entry.speakerTag
                if own != seen or seen is None:
                    speaker, seen = label(own, "speakerTag"), own
            word = entry.word
            score = entry.confidence
            add(word if type(word) is str else text(word, "word"), start, end,
                score if type(score) is float and 0.0 <= score <= 1.0 else confidence(score),
                speaker)
            last_end = end if end is not None else last_end
    except Bad as exc:
        raise exc.at(f"{where}.alternatives[0].words[{index}]") from None
    return end_of if end_of is not None else last_end


def _bulk(builder: TurnBuilder, words: list[Any], as_speaker: str | None) -> int | None:
    """A result's words at once when all are records with the common types (``"1.300s"``
    times, strings, float confidences, labels); returns the last word's end, or None, having
    added nothing, for the word-by-word loop (which reads the same and names a bad word)."""
    if set(map(type, words)) != {Word}:
        return None
    firsts = [word.startOffset for word in words]
    if None in firsts:
        firsts = [word.startTime if word.startOffset is None else word.startOffset
                  for word in words]
    lasts = [word.endOffset for word in words]
    if None in lasts:
        lasts = [word.endTime if word.endOffset is None else word.endOffset for word in words]
    starts = _durations(firsts)
    ends = _durations(lasts) if starts is not None else None
    texts = [word.word for word in words]
    scores = [word.confidence for word in words]
    if ends is None or not (plain_texts(texts) and plain_confidences(scores)):
        return None
    speakers = [as_speaker] * len(words) if as_speaker is not None else labels_of(
        [word.speakerTag if word.speakerLabel is None else word.speakerLabel
         for word in words], "speakerTag")
    if starts is None or speakers is None:
        return None
    builder.words(texts, starts, ends, scores, speakers)
    return ends[-1]


def _durations(values: list[Any]) -> list[int] | None:
    """The word loop's inline reading of ``"1.300s"`` for a whole list, or None when one
    value is anything else (the loop then reads each by the common helper).

    One pattern match over the values joined, and one split, instead of slicing each value
    (half the time); the count of parts rules out a value holding the separator."""
    if set(map(type, values)) != {str}:
        return None
    joined = ",".join(values)
    if _DURATIONS.fullmatch(joined) is None:
        return None
    digits = joined.replace(".", "").replace("s", "").split(",")
    return list(map(int, digits)) if len(digits) == len(values) else None
