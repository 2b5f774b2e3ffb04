"""AssemblyAI transcript (``GET /v2/transcript/{id}``): ``words[]`` with ``text``,
``start``/``end`` in integer milliseconds, ``confidence`` and, with ``speaker_labels``, a
``speaker`` letter (``A``, ``B``…); with ``multichannel``, a ``channel`` (``"1"``, ``"2"``).

What is read: ``words``; failing those, the words of ``utterances``; ``language_code``
(``en_us`` → ``en-US``) and ``audio_duration`` (seconds). A multichannel transcript reads
every channel as one speaker (``Channel 1``…, phrases cut at pauses of a second and merged
by time), or channel N alone (``audio_channel=N``). AssemblyAI gives one form of the words.
A transcript whose ``status`` is ``error`` (or a bare ``{"error": …}``) is refused in one
line, as is one not yet ``completed``.

A document that fits :mod:`~transconv.readers.asr.assemblyai_schema` comes with its words
decoded into records (the fast path, see there); the reader walks records, made one by one
from the dicts of the standard path.
"""

from __future__ import annotations

from typing import Any

from ...errors import InvalidInput
from ...model import Transcript
from ...words import TurnBuilder
from ..common import CERTAIN, LIKELY, NOT, ReadOptions, items
from .assemblyai_schema import Word, word_of
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
)

#: Keys of AssemblyAI's transcript object that no other service's response has.
_OWN = ("audio_url", "audio_duration", "speech_model", "language_model", "acoustic_model")


def sniff(doc: dict[str, Any]) -> int:
    """Certain with one of AssemblyAI's own keys; likely for a bare ``{"error": "…"}``."""
    if any(key in doc for key in _OWN):
        return CERTAIN
    if isinstance(doc.get("error"), str) and len(doc) <= 2:
        return LIKELY
    return NOT


def read(doc: dict[str, Any], options: ReadOptions, source: str,
         shape: str | None = None) -> Transcript:
    """The transcript of an AssemblyAI transcript object (see the module docstring)."""
    status = doc.get("status")
    if status == "error" or (isinstance(doc.get("error"), str) and "words" not in doc):
        raise refuse("AssemblyAI", str(doc.get("error") or "status: error"))
    if status in ("queued", "processing"):
        raise InvalidInput(f"the AssemblyAI transcript is not finished (status: {status}); "
                           "fetch it again once it is completed")
    lists = [("words", items(doc.get("words"), "words"))]
    if not lists[0][1]:
        lists = _utterance_words(doc)
    channels = _channels(doc, lists)
    pick = chosen_channel(options, len(channels), "AssemblyAI") if len(channels) > 1 else None
    merge = len(channels) > 1 and pick is None
    builder = TurnBuilder()
    if merge:
        for name in channels:
            builder.names[name] = f"Channel {name}" if name.isdigit() else name
        for name in channels:
            for where, words in lists:
                _read(builder, words, where, channel=name, merge=True)
                builder.close()
    else:
        for where, words in lists:
            _read(builder, words, where,
                  channel=channels[pick] if pick is not None else None, merge=False)
    try:
        total = seconds(doc.get("audio_duration"), "audio_duration")
    except Bad as exc:
        raise exc.at("") from None
    extra = {"id": doc["id"]} if "id" in doc else {}
    return builder.build(language=language_tag(doc.get("language_code")), duration=total,
                         merge=merge, source="assemblyai", metadata=extra)


def _utterance_words(doc: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """(JSON path, words) of each utterance (the speaker and channel are on each word)."""
    lists: list[tuple[str, list[Any]]] = []
    for index, raw in enumerate(items(doc.get("utterances"), "utterances")):
        try:
            utterance = record(raw)
        except Bad as exc:
            raise exc.at(f"utterances[{index}]") from None
        where = f"utterances[{index}].words"
        lists.append((where, items(utterance.get("words"), where)))
    return lists


def _channels(doc: dict[str, Any], lists: list[tuple[str, list[Any]]]) -> list[str]:
    """The channel labels, numbers in order, for a multichannel transcript only."""
    if not (doc.get("multichannel") or doc.get("dual_channel")):
        return []
    seen: dict[str, None] = {}
    for _, words in lists:
        for raw in words:
            channel = raw.channel if type(raw) is Word else \
                raw.get("channel") if type(raw) is dict else None
            if channel is not None:
                seen.setdefault(str(channel), None)
    return sorted(seen, key=lambda name: (not name.isdigit(), int(name) if name.isdigit()
                                          else 0, name))


def _read(builder: TurnBuilder, words: list[Any], where: str, *, channel: str | None,
          merge: bool) -> None:
    """The words (of ``channel`` only, when given); ``merge``: the channel is the speaker."""
    add = builder.phrase_word if merge else builder.word
    index = 0
    seen: object = None  # the last speaker value read, and its label
    speaker = channel if merge else None
    try:
        for index, raw in enumerate(words):  # noqa: B007 (named in the error)
            entry = raw if type(raw) is Word else word_of(raw)
            if channel is not None and label(entry.channel, "channel") != channel:
                continue
            # the common types inline (integer ms, a string, a float confidence)
            start = entry.start
            if type(start) is not int or start < 0:
                start = millis(start, "start")
            end = entry.end
            if type(end) is not int or end < 0:
                end = millis(end, "end")
            if not merge:
                own = entry.speaker
                if own != seen or seen is None:
                    speaker, seen = label(own, "speaker"), own
            word = entry.text
            score = entry.confidence
            add(word if type(word) is str else text(word, "text"), start, end,
                score if type(score) is float and 0.0 <= score <= 1.0 else confidence(score),
                speaker)
    except Bad as exc:
        raise exc.at(f"{where}[{index}]") from None

