"""Azure Speech batch transcription result (and the fast transcription answer).

A batch result holds ``recognizedPhrases[]``, each timed by ``offsetInTicks`` and
``durationInTicks`` (100 ns; ``offsetMilliseconds`` or an ISO ``offset`` in other API
versions) with a ``channel``, a ``speaker`` when diarised, and ``nBest[0]`` holding the
text in four forms (``lexical``, ``itn``, ``maskedITN``, ``display``), the lexical
``words[]`` and, when asked for, the display ``displayWords[]``. What is read:

* display (default): ``displayWords``; else the ``display`` text, paired with ``words``
  when it has as many words, otherwise spread over the phrase;
* lexical (``--words lexical``): ``words``, else the ``lexical`` text spread over the phrase;
* phrases whose ``recognitionStatus`` is not ``Success`` are skipped;
* several channels: each one speaker (``Channel 1`` for channel 0…), phrases merged by
  time, or channel N alone (``audio_channel=N``); a diarised ``speaker`` is ``Speaker N``;
* ``locale`` as the language, ``durationInTicks`` (or ``durationMilliseconds``, or the ISO
  ``duration``) as the duration.

The fast transcription answer has ``phrases[]`` with ``text``, ``words[].text`` and
milliseconds; it is read the same way. A transcription whose ``status`` is ``Failed``, and
``{"error": {"code": "…", "message": …}}``, are refused in one line.
"""

from __future__ import annotations

from typing import Any

from ...model import Transcript
from ...words import TurnBuilder
from ..common import CERTAIN, NOT, ReadOptions, items, mapping
from .common import (
    Bad,
    chosen_channel,
    confidence,
    label,
    language_tag,
    millis,
    record,
    refuse,
    seconds,
    text,
    ticks,
)

_OWN = ("recognizedPhrases", "combinedRecognizedPhrases", "combinedPhrases")


def sniff(doc: dict[str, Any]) -> int:
    """Certain for Azure's phrase lists, a failed transcription or Azure's error object
    (a string ``code``, where Google's is a number)."""
    if any(key in doc for key in _OWN):
        return CERTAIN
    if isinstance(doc.get("phrases"), list) and "durationMilliseconds" in doc:
        return CERTAIN
    if doc.get("status") == "Failed" and isinstance(doc.get("properties"), dict):
        return CERTAIN
    error = doc.get("error")
    if isinstance(error, dict) and isinstance(error.get("code"), str) and "status" not in error:
        return CERTAIN
    return NOT


def _time(entry: dict[str, Any], name: str) -> int | None:
    """``offset``/``duration`` in whichever unit the entry has it."""
    value = entry.get(f"{name}InTicks")
    if value is not None:
        return ticks(value, f"{name}InTicks")
    value = entry.get(f"{name}Milliseconds")
    if value is not None:
        return millis(value, f"{name}Milliseconds")
    return seconds(entry.get(name), name)


def read(doc: dict[str, Any], options: ReadOptions, source: str,
         shape: str | None = None) -> Transcript:
    """The transcript of an Azure Speech result (see the module docstring)."""
    if doc.get("status") == "Failed" or (isinstance(doc.get("error"), dict)
                                         and not any(k in doc for k in _OWN)):
        error = mapping(doc.get("error") or mapping(doc.get("properties"), "properties")
                        .get("error"), "error")
        raise refuse("Azure Speech", f"{error.get('code') or 'Failed'}: "
                                     f"{error.get('message') or ''}")
    where = "recognizedPhrases" if "recognizedPhrases" in doc else "phrases"
    phrases = items(doc.get(where), where)
    rows = [(i, mapping(p, f"{where}[{i}]")) for i, p in enumerate(phrases) if p is not None]
    rows = [(i, p) for i, p in rows if p.get("recognitionStatus") in (None, "Success")]
    try:
        channels = sorted({label(p.get("channel"), "channel") or "0" for _, p in rows})
    except Bad as exc:
        raise exc.at(where) from None
    pick = chosen_channel(options, len(channels), "Azure Speech") if len(channels) > 1 \
        else None
    merge = len(channels) > 1 and pick is None
    builder = TurnBuilder()
    language = None
    for index, phrase in rows:
        here = f"{where}[{index}]"
        try:
            channel = label(phrase.get("channel"), "channel") or "0"
            if pick is not None and channel != channels[pick]:
                continue
            speaker: str | None
            if merge:
                speaker = f"channel {channel}"
                builder.names[speaker] = f"Channel {int(channel) + 1}" \
                    if channel.isdigit() else f"Channel {channel}"
            else:
                speaker = label(phrase.get("speaker"), "speaker")
            start = _time(phrase, "offset")
            length = _time(phrase, "duration")
        except Bad as exc:
            raise exc.at(here) from None
        language = language or language_tag(phrase.get("locale"))
        end = start + length if start is not None and length is not None else None
        _phrase(builder, phrase, here, options.recognised, speaker, start, end)
        builder.close()
    try:
        total = _time(doc, "duration")
    except Bad as exc:
        raise exc.at("") from None
    extra = {"source": doc["source"]} if isinstance(doc.get("source"), str) else {}
    return builder.build(language=language, duration=total, merge=True, source="azure-speech",
                         metadata=extra)


def _phrase(builder: TurnBuilder, phrase: dict[str, Any], where: str, lexical: bool,
            speaker: str | None, start: int | None, end: int | None) -> None:
    """One phrase's words in the form asked for (see the module docstring)."""
    best: dict[str, Any] = phrase
    key = "words"
    if "nBest" in phrase:
        best_list = items(phrase.get("nBest"), f"{where}.nBest")
        best = mapping(best_list[0], f"{where}.nBest[0]") if best_list else {}
        key = "nBest[0].words"
    base = where if best is phrase else f"{where}.nBest[0]"
    words = items(best.get("words"), f"{base}.words")
    if lexical:
        body = best.get("lexical")
    else:
        shown = items(best.get("displayWords"), f"{base}.displayWords")
        if shown:
            _words(builder, shown, f"{base}.displayWords", speaker, "displayText", None)
            return
        body = best.get("display", best.get("text"))
    try:
        said = text(body, "display" if not lexical else "lexical")
    except Bad as exc:
        raise exc.at(base) from None
    if words and (lexical or len(said.split()) == len(words) or not said.strip()):
        _words(builder, words, f"{where}.{key}", speaker, "word",
               None if lexical or not said.strip() else said.split())
        return
    if said.strip():
        builder.word(said, start, end, confidence(best.get("confidence")), speaker)


def _words(builder: TurnBuilder, words: list[Any], where: str, speaker: str | None,
           field: str, display: list[str] | None) -> None:
    """Timed words; ``display`` replaces their text one for one (display text paired with
    lexical words of the same count)."""
    index = 0
    add = builder.word
    try:
        for index, raw in enumerate(words):
            entry = raw if type(raw) is dict else record(raw)
            get = entry.get
            if display is not None:
                word = display[index]
            else:
                value = get(field)
                if value is None:
                    value = get("text")
                word = value if type(value) is str else text(value, field)
            # whole ticks as floats (how the service writes them) inline, as ticks() does
            offset = get("offsetInTicks")
            length = get("durationInTicks")
            if type(offset) is float and type(length) is float and offset.is_integer() \
                    and length.is_integer() and 0.0 <= offset < 1e16 and 0.0 <= length < 1e16:
                start: int | None = round(offset / 10_000)
                end: int | None = round(offset / 10_000) + round(length / 10_000)
            else:
                start = _time(entry, "offset")
                span = _time(entry, "duration")
                end = start + span if start is not None and span is not None else None
            score = get("confidence")
            add(word, start, end,
                score if type(score) is float and 0.0 <= score <= 1.0 else confidence(score),
                speaker)
    except Bad as exc:
        raise exc.at(f"{where}[{index}]") from None
