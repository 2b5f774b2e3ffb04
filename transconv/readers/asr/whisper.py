"""Whisper output: openai-whisper's result, the OpenAI API's ``verbose_json``,
faster-whisper's segments saved as JSON, and WhisperX's (with speakers).

The shapes share ``segments[]`` with ``start``/``end`` in float seconds and ``text``; words,
when asked for, are ``segments[].words[]`` with ``word`` (a leading space included),
``start``, ``end`` and ``probability`` (WhisperX: ``score`` and a ``speaker``). What is read:

* the words of the segments; failing those, the top-level ``words`` (OpenAI API) or
  WhisperX's ``word_segments``; failing those, each segment's text, its words spread over
  the segment by characters;
* a word's speaker is its own (WhisperX), else its segment's; a WhisperX word the aligner
  could not place (no ``start``) is timed from its neighbours;
* ``language`` (a code, or the API's English name), else faster-whisper's ``info.language``;
  ``duration`` from the top level or ``info``.

faster-whisper writes a bare array of segments (or of words); the JSON layer hands it over as
``{"[]": [...]}`` (:data:`transconv.readers.jsoninput.ARRAY`). Whisper has one form of the
words, so ``--words lexical`` reads the same.
"""

from __future__ import annotations

from typing import Any

from ...model import Transcript
from ...words import TurnBuilder
from ..common import CERTAIN, LIKELY, NOT, ReadOptions, items, mapping
from ..timeparse import NEAR_HALF
from .common import Bad, confidence, label, language_tag, record, refuse, seconds, text

ARRAY = "[]"  # the key of a top-level array (jsoninput.ARRAY; not imported: no cycle)


def _looks_like_segment(value: object) -> bool:
    return isinstance(value, dict) and "start" in value and ("text" in value or "words" in value)


def _looks_like_word(value: object) -> bool:
    return isinstance(value, dict) and "word" in value and "start" in value


def sniff(doc: dict[str, Any]) -> int:
    """Certain for ``segments`` of Whisper segments or a WhisperX ``word_segments`` array;
    likely for a bare array of segments or words."""
    segments = doc.get("segments")
    if isinstance(segments, list):
        first = next((s for s in segments if s is not None), None)
        if first is None:
            return CERTAIN if "text" in doc and "language" in doc else NOT
        return CERTAIN if _looks_like_segment(first) else NOT
    if isinstance(doc.get("word_segments"), list):
        return CERTAIN
    array = doc.get(ARRAY)
    if isinstance(array, list) and array:
        first = array[0]
        return LIKELY if _looks_like_segment(first) or _looks_like_word(first) else NOT
    return NOT


def read(doc: dict[str, Any], options: ReadOptions, source: str,
         shape: str | None = None) -> Transcript:
    """The transcript of a Whisper-family result (see the module docstring)."""
    error = doc.get("error")
    if isinstance(error, dict) and "segments" not in doc:
        raise refuse("OpenAI", f"{error.get('type') or ''} {error.get('message') or ''}")
    builder = TurnBuilder()
    info = mapping(doc.get("info"), "info") if isinstance(doc.get("info"), dict) else {}
    if ARRAY in doc:
        array = items(doc[ARRAY], "")
        first = next((x for x in array if x is not None), None)
        if _looks_like_word(first):
            _words(builder, array, "", None)
        else:
            _segments(builder, array, "", doc)
    else:
        _segments(builder, items(doc.get("segments"), "segments"), "segments", doc)
    end = _duration(doc.get("duration"), "duration")
    if end is None:
        end = _duration(info.get("duration"), "info.duration")
    language = language_tag(doc.get("language")) or language_tag(info.get("language"))
    return builder.build(language=language, duration=end, source="whisper")


def _duration(value: object, where: str) -> int | None:
    try:
        return seconds(value, "")
    except Bad as exc:
        raise exc.at(where) from None


def _segments(builder: TurnBuilder, segments: list[Any], where: str,
              doc: dict[str, Any]) -> None:
    """Words of the segments; a document whose segments hold none reads its own lists."""
    if not any(isinstance(s, dict) and s.get("words") for s in segments):
        for key in ("words", "word_segments"):
            words = doc.get(key)
            if isinstance(words, list) and words:
                _words(builder, words, key, None)
                return
    index = 0
    try:
        for index, raw in enumerate(segments):
            segment = record(raw)
            speaker = label(segment.get("speaker"), "speaker")
            words = segment.get("words")
            if words:
                _words(builder, items(words, f"{where}[{index}].words"),
                       f"{where}[{index}].words", speaker, seconds(segment.get("end"), "end"))
                continue
            body = text(segment.get("text"), "text").strip()
            if body:
                builder.word(body, seconds(segment.get("start"), "start"),
                             seconds(segment.get("end"), "end"),
                             confidence(segment.get("confidence")), speaker)
    except Bad as exc:
        raise exc.at(f"{where}[{index}]") from None


def _words(builder: TurnBuilder, words: list[Any], where: str, speaker: str | None,
           segment_end: int | None = None) -> None:
    """One list of word objects; each word's own speaker wins over its segment's. A last
    word left untimed (WhisperX) ends where its segment ends."""
    index = 0
    add = builder.word
    last = len(words) - 1
    near = NEAR_HALF
    try:
        for index, raw in enumerate(words):
            get = (raw if type(raw) is dict else record(raw)).get
            value = get("word")
            if value is None:
                value = get("text")
            word = (value if type(value) is str else text(value, "word")).strip()
            if not word:
                continue
            score = get("probability")
            if score is None:
                score = get("score")
            if score is not None and not (type(score) is float and 0.0 <= score <= 1.0):
                score = confidence(score)
            own = get("speaker")
            # both float seconds inline (the common case); else each by the common helper
            first, final = get("start"), get("end")
            start: int | None
            end: int | None
            if type(first) is float and type(final) is float and 0.0 <= first < 1e9 \
                    and 0.0 <= final < 1e9 \
                    and -near < (scaled := first * 1000.0) - (start := round(scaled)) < near \
                    and -near < (scaled := final * 1000.0) - (end := round(scaled)) < near:
                pass
            else:
                start = seconds(first, "start")
                end = seconds(final, "end")
                if end is None and index == last:
                    end = segment_end
            add(word, start, end, score, speaker if own is None else label(own, "speaker"))
    except Bad as exc:
        raise exc.at(f"{where}[{index}]") from None
