"""AssemblyAI transcripts as typed records, decoded straight from the bytes.

The same fast path as :mod:`~transconv.readers.asr.google_schema`, for the same reason: a
ten-hour transcript is a hundred thousand word objects, and decoding them into :class:`Word`
records instead of dicts takes 35 ms instead of 55 ms, and the word loop reads attributes
instead of calling ``dict.get``.

The typed decode is taken only when the whole document fits: a top level of the transcript
object's own keys (those of AssemblyAI's API reference and of its Python SDK's
``TranscriptResponse``; an unknown key or an envelope fails it, so nothing is dropped and
detection keeps every other shape) with ``words`` a list of objects. Every other value is
``Any`` and the words' values too: the reader checks them the same way on both paths, so a
bad time gets the same error. Words on the standard path become :class:`Word` records one
by one as the loop reaches them (:func:`word_of`).
"""

from __future__ import annotations

from typing import Any

import msgspec

from .common import record


class Word(msgspec.Struct, gc=False):
    """One entry of ``words``; absent keys read as None, as ``dict.get``."""

    text: Any = None
    start: Any = None
    end: Any = None
    confidence: Any = None
    speaker: Any = None
    channel: Any = None


#: The transcript object's keys (besides ``words``), current and retired.
_KEYS = (
    "acoustic_model", "audio_channels", "audio_duration", "audio_end_at", "audio_start_from",
    "audio_url", "auto_chapters", "auto_highlights", "auto_highlights_result", "boost_param",
    "chapters", "confidence", "content_safety", "content_safety_confidence",
    "content_safety_labels", "custom_spelling", "custom_topics", "disfluencies", "domain",
    "dual_channel", "entities", "entity_detection", "error", "filter_profanity",
    "format_text", "iab_categories", "iab_categories_result", "id", "keyterms_prompt",
    "keyterms_prompt_options", "language_code", "language_codes", "language_confidence",
    "language_confidence_threshold", "language_detection", "language_detection_options",
    "language_detection_results", "language_model", "metadata", "multichannel", "prompt",
    "punctuate", "redact_pii", "redact_pii_audio", "redact_pii_audio_options",
    "redact_pii_audio_quality", "redact_pii_policies", "redact_pii_return_unredacted",
    "redact_pii_sub", "remove_audio_tags", "sentiment_analysis",
    "sentiment_analysis_results", "speaker_labels", "speaker_options", "speakers_expected",
    "speech_model", "speech_model_used", "speech_models", "speech_threshold",
    "speech_understanding", "status", "summarization", "summary", "summary_model",
    "summary_type", "temperature", "text", "throttled", "topics", "translated_texts",
    "unredacted_text", "unredacted_utterances", "unredacted_words", "utterances",
    "webhook_auth", "webhook_auth_header_name", "webhook_auth_header_value",
    "webhook_status_code", "webhook_url", "word_boost",
)

_Transcript = msgspec.defstruct(
    "_Transcript",
    [("words", list[Word] | msgspec.UnsetType | None, msgspec.UNSET),
     *((name, Any, msgspec.UNSET) for name in _KEYS)],
    forbid_unknown_fields=True, gc=False)
_DECODER = msgspec.json.Decoder(_Transcript)
_FIELDS = _Transcript.__struct_fields__


def decode_fast(raw: bytes) -> dict[str, Any] | None:
    """The document as :mod:`json` would give it, but with :class:`Word` records in
    ``words``; None for the standard path (anything not fitting, or no ``words`` list)."""
    if not raw.startswith(b"{"):
        return None
    try:
        doc = _DECODER.decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(getattr(doc, "words"), list):  # noqa: B009 (a defstruct field)
        return None
    return {name: value for name in _FIELDS
            if (value := getattr(doc, name)) is not msgspec.UNSET}


def word_of(raw: object) -> Word:
    """A word of the standard path as a record (null reads as an empty word); raises
    :class:`~transconv.readers.asr.common.Bad` for anything but an object."""
    get = record(raw).get
    return Word(get("text"), get("start"), get("end"), get("confidence"), get("speaker"),
                get("channel"))
