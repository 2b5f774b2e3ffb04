"""Deepgram pre-recorded response: ``results.channels[].alternatives[0]``.

Each word has ``word`` (the lexical form, lower case, no punctuation), ``punctuated_word``
(the display form, with ``punctuate`` or ``smart_format``), ``start``/``end`` in float
seconds, ``confidence`` and, with ``diarize``, an integer ``speaker``. What is read:

* the best alternative's ``words``; failing those, ``results.utterances[].words`` (which
  carry their channel); failing those, the sentences of ``paragraphs``, each spread over its
  start and end;
* several channels (``multichannel``): every channel as one speaker, ``Channel 1``, … whose
  phrases (cut at pauses of a second) are merged by time; or, with ``audio_channel=N``,
  channel N alone with its diarised speakers;
* the language from ``detected_language`` (or ``languages``), the duration from
  ``metadata.duration``, and ``metadata.request_id`` into the metadata.

``{"err_code": …, "err_msg": …}`` (or ``category``/``message``) is Deepgram's error
response, refused in one line.
"""

from __future__ import annotations

from typing import Any

from ...errors import InvalidInput
from ...model import Transcript
from ...words import TurnBuilder
from ..common import CERTAIN, NOT, ReadOptions, items, mapping
from .common import (
    Bad,
    chosen_channel,
    confidence,
    label,
    language_tag,
    record,
    refuse,
    seconds,
    text,
)


def sniff(doc: dict[str, Any]) -> int:
    """Certain for ``results.channels`` or Deepgram's error keys."""
    results = doc.get("results")
    if isinstance(results, dict) and "channels" in results:
        return CERTAIN
    if "err_code" in doc and "err_msg" in doc:
        return CERTAIN
    return NOT


def read(doc: dict[str, Any], options: ReadOptions, source: str,
         shape: str | None = None) -> Transcript:
    """The transcript of a Deepgram response (see the module docstring)."""
    if "err_code" in doc or ("category" in doc and "message" in doc and "results" not in doc):
        raise refuse("Deepgram", f"{doc.get('err_code') or doc.get('category')}: "
                                 f"{doc.get('err_msg') or doc.get('message') or ''}")
    results = mapping(doc.get("results"), "results")
    meta = mapping(doc.get("metadata"), "metadata")
    channels = items(results.get("channels"), "results.channels")
    lexical = options.recognised
    builder = TurnBuilder()
    pick = chosen_channel(options, len(channels), "Deepgram") if len(channels) > 1 else None
    merge = len(channels) > 1 and pick is None
    language = None
    for index, raw in enumerate(channels):
        if pick is not None and index != pick:
            continue
        where = f"results.channels[{index}]"
        channel = mapping(raw, where)
        best = _best(channel, where)
        language = language or language_tag(channel.get("detected_language")) or \
            language_tag(next(iter(best.get("languages") or []), None))
        as_speaker = str(index) if merge else None
        if as_speaker is not None:
            builder.names[as_speaker] = f"Channel {index + 1}"
        words = items(best.get("words"), f"{where}.alternatives[0].words")
        if words:
            _words(builder, words, f"{where}.alternatives[0].words", lexical, as_speaker)
        else:
            _paragraphs(builder, best, f"{where}.alternatives[0]", as_speaker)
        builder.close()
    if not any(turn.tokens for turn in builder.turns):
        _utterances(builder, results, lexical, pick, merge)
    extra: dict[str, Any] = {key: meta[key] for key in ("request_id", "models") if key in meta}
    try:
        total = seconds(meta.get("duration"), "duration")
    except Bad as exc:
        raise exc.at("metadata") from None
    return builder.build(language=language, duration=total, merge=merge, source="deepgram",
                         metadata=extra)


def _best(channel: dict[str, Any], where: str) -> dict[str, Any]:
    alternatives = items(channel.get("alternatives"), f"{where}.alternatives")
    if not alternatives:
        return {}
    return mapping(alternatives[0], f"{where}.alternatives[0]")


def _words(builder: TurnBuilder, words: list[Any], where: str, lexical: bool,
           as_speaker: str | None) -> None:
    """The words of one channel (or utterance); ``as_speaker`` is its channel's speaker."""
    add = builder.word if as_speaker is None else builder.phrase_word
    index = 0
    speaker = as_speaker
    try:
        for index, raw in enumerate(words):  # noqa: B007 (named in the error)
            get = (raw if type(raw) is dict else record(raw)).get
            value = None if lexical else get("punctuated_word")
            if value is None:
                value = get("word")
            word = text(value, "word")
            start = seconds(get("start"), "start")
            end = seconds(get("end"), "end")
            if as_speaker is None:
                speaker = label(get("speaker"), "speaker")
            add(word, start, end, confidence(get("confidence")), speaker)
    except Bad as exc:
        raise exc.at(f"{where}[{index}]") from None


def _paragraphs(builder: TurnBuilder, best: dict[str, Any], where: str,
                as_speaker: str | None) -> None:
    """Sentences of ``paragraphs`` (a response without words), spread over their times."""
    body = mapping(best.get("paragraphs"), f"{where}.paragraphs")
    where = f"{where}.paragraphs.paragraphs"
    for index, raw in enumerate(items(body.get("paragraphs"), where)):
        here = f"{where}[{index}]"
        paragraph = mapping(raw, here)
        try:
            speaker = as_speaker or label(paragraph.get("speaker"), "speaker")
        except Bad as exc:
            raise exc.at(here) from None
        sentences = items(paragraph.get("sentences"), f"{here}.sentences")
        for number, sentence in enumerate(sentences):
            try:
                sentence = record(sentence)
                builder.word(text(sentence.get("text"), "text"),
                             seconds(sentence.get("start"), "start"),
                             seconds(sentence.get("end"), "end"), None, speaker)
            except Bad as exc:
                raise exc.at(f"{here}.sentences[{number}]") from None
        builder.close()


def _utterances(builder: TurnBuilder, results: dict[str, Any], lexical: bool,
                pick: int | None, merge: bool) -> None:
    """``results.utterances`` (with ``utterances=true``): used when channels hold no words."""
    for index, raw in enumerate(items(results.get("utterances"), "results.utterances")):
        where = f"results.utterances[{index}]"
        utterance = mapping(raw, where)
        try:
            channel = label(utterance.get("channel"), "channel")
        except Bad as exc:
            raise exc.at(where) from None
        if pick is not None and channel not in (None, str(pick)):
            continue
        as_speaker = None
        if merge and channel is not None:
            as_speaker = channel
            if not channel.isdigit():
                raise InvalidInput("expected a channel number", where=f"{where}.channel")
            builder.names[channel] = f"Channel {int(channel) + 1}"
        words = items(utterance.get("words"), f"{where}.words")
        _words(builder, words, f"{where}.words", lexical, as_speaker)
        builder.close()
