"""AWS Transcribe batch job output: ``results.items[]``.

An item is a ``pronunciation`` (a word: ``start_time``/``end_time`` as strings of seconds,
``alternatives[0].content`` and a string ``confidence``) or a ``punctuation`` mark (no times),
which joins the word before it. What is read:

* speakers from each item's ``speaker_label`` (``spk_0``…) or, in older outputs, from
  ``speaker_labels.segments[].items[]`` matched by start time;
* two channels (``channel_labels``): each channel one speaker (``Channel 1`` for ``ch_0``…,
  phrases cut at pauses of a second, merged by time), or channel N alone
  (``audio_channel=N``, with its speakers);
* ``language_code`` (``results.language_code``, else an item's), and ``jobName`` into
  the metadata;
* ``--words lexical`` leaves the punctuation items out (AWS has no other lexical form).

A ``GetTranscriptionJob`` answer (``TranscriptionJob``) is not a transcript: a failed job
says its ``FailureReason``, an unfinished one its status.
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
    """Certain for ``results`` holding ``items`` or ``transcripts``, a ``jobName`` with
    ``results``, or a ``TranscriptionJob`` description."""
    results = doc.get("results")
    if isinstance(results, dict) and ("items" in results or "transcripts" in results):
        return CERTAIN
    if isinstance(doc.get("TranscriptionJob"), dict):
        return CERTAIN
    return NOT


def read(doc: dict[str, Any], options: ReadOptions, source: str,
         shape: str | None = None) -> Transcript:
    """The transcript of a Transcribe job output (see the module docstring)."""
    job = doc.get("TranscriptionJob")
    if isinstance(job, dict):
        status = job.get("TranscriptionJobStatus")
        if status == "FAILED":
            raise refuse("AWS Transcribe", f"job failed: {job.get('FailureReason') or ''}")
        raise InvalidInput(f"this is an AWS Transcribe job description (status {status}), "
                           "not its transcript; read the file at TranscriptFileUri")
    if doc.get("status") == "FAILED":
        raise refuse("AWS Transcribe", f"job failed: {doc.get('failure_reason') or ''}")
    results = mapping(doc.get("results"), "results")
    channels = _channels(results)
    pick = chosen_channel(options, len(channels), "AWS Transcribe") if len(channels) > 1 \
        else None
    merge = len(channels) > 1 and pick is None
    builder = TurnBuilder()
    speakers = _speaker_times(results)
    lexical = options.recognised
    language = language_tag(results.get("language_code"))
    if len(channels) > 1:
        for index, (name, where, entries) in enumerate(channels):
            if pick is not None and index != pick:
                continue
            if merge:
                builder.names[name] = f"Channel {index + 1}"
            found = _items(builder, entries, where, speakers, lexical,
                           name if merge else None)
            language = language or found
            builder.close()
    else:
        found = _items(builder, items(results.get("items"), "results.items"),
                       "results.items", speakers, lexical, None)
        language = language or found
    extra = {"jobName": doc["jobName"]} if "jobName" in doc else {}
    return builder.build(language=language, merge=merge, source="aws-transcribe",
                         metadata=extra)


def _channels(results: dict[str, Any]) -> list[tuple[str, str, list[Any]]]:
    """(label, JSON path, items) of each channel of ``channel_labels``."""
    body = mapping(results.get("channel_labels"), "results.channel_labels")
    found = []
    for index, raw in enumerate(items(body.get("channels"), "results.channel_labels.channels")):
        where = f"results.channel_labels.channels[{index}]"
        channel = mapping(raw, where)
        found.append((str(channel.get("channel_label") or f"ch_{index}"), f"{where}.items",
                      items(channel.get("items"), f"{where}.items")))
    return found


def _speaker_times(results: dict[str, Any]) -> dict[str, str]:
    """Start time (as written) → speaker label, from ``speaker_labels.segments`` (older
    outputs put the speaker there only)."""
    body = mapping(results.get("speaker_labels"), "results.speaker_labels")
    table: dict[str, str] = {}
    for index, raw in enumerate(items(body.get("segments"), "results.speaker_labels.segments")):
        where = f"results.speaker_labels.segments[{index}]"
        segment = mapping(raw, where)
        for number, entry in enumerate(items(segment.get("items"), f"{where}.items")):
            entry = mapping(entry, f"{where}.items[{number}]")
            when, who = entry.get("start_time"), entry.get("speaker_label")
            if isinstance(when, str) and isinstance(who, str):
                table[when] = who
    return table


def _items(builder: TurnBuilder, entries: list[Any], where: str, speakers: dict[str, str],
           lexical: bool, as_speaker: str | None) -> str | None:
    """Add the items; returns the first language an item names (for language ID jobs)."""
    language = None
    speaker = as_speaker
    index = 0
    add = builder.word if as_speaker is None else builder.phrase_word
    try:
        for index, raw in enumerate(entries):  # noqa: B007 (named in the error)
            get = (raw if type(raw) is dict else record(raw)).get
            alternatives = get("alternatives")
            best = alternatives[0] if type(alternatives) is list and alternatives else None
            if type(best) is not dict:
                best = record(best) if best is not None else {}
            content = text(best.get("content"), "alternatives[0].content")
            if get("type") == "punctuation":
                if not lexical:
                    builder.punct(content)
                continue
            if language is None and get("language_code") is not None:
                language = language_tag(get("language_code"))
            start_text = get("start_time")
            start = seconds(start_text, "start_time")
            end = seconds(get("end_time"), "end_time")
            if as_speaker is None:
                own = get("speaker_label")
                if own is None and speakers and type(start_text) is str:
                    own = speakers.get(start_text, speaker)
                speaker = label(own, "speaker_label")
            add(content, start, end, confidence(best.get("confidence")), speaker)
    except Bad as exc:
        raise exc.at(f"{where}[{index}]") from None
    return language
