"""Speechmatics batch transcript, ``json-v2``: ``results[]`` of typed items.

An item has a ``type`` (``word``, ``punctuation``, ``entity``), ``start_time``/``end_time``
in float seconds and ``alternatives[0]`` with ``content``, ``confidence``, ``language`` and,
with diarisation, a ``speaker`` (``S1``, ``S2``…; ``UU`` is unknown). Punctuation says which
side it belongs to in ``attaches_to`` (``previous``, ``next``, ``both``, ``none``). What is
read:

* words and punctuation joined as ``attaches_to`` says; an ``entity`` (with
  ``enable_entities``) in its written form (``written_form`` words, else its content);
* ``--words lexical``: the spoken form — words only, an entity's ``spoken_form`` words;
* channels (``channel``: ``channel_1``…): each one speaker (``Channel 1``…, phrases cut at
  pauses of a second, merged by time), or channel N alone (``audio_channel=N``);
* ``metadata.transcription_config.language`` as the language (else an item's), and
  ``job.duration`` (seconds) as the duration.

``{"code": 404, "error": "Job not found"}`` and a ``rejected`` job are refused in one line.
"""

from __future__ import annotations

from typing import Any

from ...model import Transcript
from ...words import Attach, TurnBuilder
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

_ATTACH: dict[object, Attach] = {"previous": "previous", "next": "next", "both": "both",
                                 "none": "none"}


def sniff(doc: dict[str, Any]) -> int:
    """Certain for ``format`` with ``results`` (and ``job`` or ``metadata``), or
    Speechmatics' error object (a numeric ``code`` with an ``error`` string)."""
    if isinstance(doc.get("results"), list) and "format" in doc and (
            "job" in doc or "metadata" in doc):
        return CERTAIN
    if isinstance(doc.get("code"), int) and isinstance(doc.get("error"), str):
        return CERTAIN
    return NOT


def read(doc: dict[str, Any], options: ReadOptions, source: str,
         shape: str | None = None) -> Transcript:
    """The transcript of a json-v2 transcript (see the module docstring)."""
    if isinstance(doc.get("error"), str):
        raise refuse("Speechmatics", f"{doc.get('code') or ''} {doc['error']} "
                                     f"{doc.get('detail') or ''}")
    job = mapping(doc.get("job"), "job")
    if job.get("status") == "rejected":
        errors = [e.get("message") for e in items(job.get("errors"), "job.errors")
                  if isinstance(e, dict)]
        raise refuse("Speechmatics", f"job rejected: {'; '.join(map(str, errors))}")
    results = items(doc.get("results"), "results")
    channels = sorted({r["channel"] for r in results
                       if isinstance(r, dict) and isinstance(r.get("channel"), str)})
    pick = chosen_channel(options, len(channels), "Speechmatics") if len(channels) > 1 \
        else None
    merge = len(channels) > 1 and pick is None
    builder = TurnBuilder()
    wanted = [channels[pick]] if pick is not None else channels if merge else [None]
    for number, channel in enumerate(wanted):
        if merge and channel is not None:
            builder.names[channel] = f"Channel {number + 1}"
        _items(builder, results, options.recognised, channel, merge)
        builder.close()
    meta = mapping(doc.get("metadata"), "metadata")
    config = mapping(meta.get("transcription_config"), "metadata.transcription_config")
    language = language_tag(config.get("language")) or _first_language(results)
    try:
        total = seconds(job.get("duration"), "duration")
    except Bad as exc:
        raise exc.at("job") from None
    extra = {"job_id": job["id"]} if "id" in job else {}
    return builder.build(language=language, duration=total, merge=merge,
                         source="speechmatics", metadata=extra)


def _first_language(results: list[Any]) -> str | None:
    for result in results[:50]:
        if isinstance(result, dict):
            alternatives = result.get("alternatives")
            if isinstance(alternatives, list) and alternatives and \
                    isinstance(alternatives[0], dict):
                return language_tag(alternatives[0].get("language"))
    return None


def _best(item: dict[str, Any]) -> dict[str, Any]:
    alternatives = item.get("alternatives")
    if type(alternatives) is list and alternatives:
        return record(alternatives[0])
    if alternatives is not None and type(alternatives) is not list:
        raise Bad("alternatives", "expected an array")
    return {}


def _items(builder: TurnBuilder, results: list[Any], lexical: bool, channel: str | None,
           merge: bool) -> None:
    """The items of ``channel`` (all when None); ``merge``: the channel is the speaker."""
    index = 0
    add = builder.phrase_word if merge else builder.word
    speaker = channel if merge else None
    try:
        for index, raw in enumerate(results):  # noqa: B007 (named in the error)
            item = raw if type(raw) is dict else record(raw)
            if channel is not None and item.get("channel") != channel:
                continue
            kind = item.get("type")
            if kind == "punctuation":
                if not lexical:
                    content = text(_best(item).get("content"), "alternatives[0].content")
                    side = item.get("attaches_to")
                    builder.punct(content, _ATTACH.get(side, "previous")
                                  if type(side) is str else "previous")
                continue
            if kind == "entity":
                _entity(builder, item, lexical, channel if merge else None)
                continue
            if kind not in ("word", None):
                continue  # other item types carry no words
            best = _best(item)
            start = seconds(item.get("start_time"), "start_time")
            end = seconds(item.get("end_time"), "end_time")
            if not merge:
                speaker = label(best.get("speaker"), "alternatives[0].speaker")
                if speaker == "UU":
                    speaker = None
            add(text(best.get("content"), "alternatives[0].content"), start, end,
                confidence(best.get("confidence")), speaker)
    except Bad as exc:
        raise exc.at(f"results[{index}]") from None


def _entity(builder: TurnBuilder, item: dict[str, Any], lexical: bool,
            as_speaker: str | None) -> None:
    """An entity: its written (display) or spoken (lexical) form's words, else its content."""
    best = _best(item)
    speaker = as_speaker or label(best.get("speaker"), "alternatives[0].speaker")
    speaker = None if speaker == "UU" else speaker
    form = item.get("spoken_form" if lexical else "written_form")
    if isinstance(form, list) and form:
        for part in form:
            part = record(part)
            if part.get("type") == "punctuation":
                continue
            inner = _best(part)
            builder.word(text(inner.get("content"), "content"),
                         seconds(part.get("start_time"), "start_time"),
                         seconds(part.get("end_time"), "end_time"),
                         confidence(inner.get("confidence")), speaker)
        return
    builder.word(text(best.get("content"), "alternatives[0].content"),
                 seconds(item.get("start_time"), "start_time"),
                 seconds(item.get("end_time"), "end_time"),
                 confidence(best.get("confidence")), speaker)
