"""Google Speech-to-Text responses as typed records, decoded straight from the bytes.

A ten-hour response is a hundred thousand word objects. Decoding them into :class:`Word`
records with msgspec, instead of into dicts, takes about half the time and turns the word
loop's eight ``dict.get`` calls into attribute reads; with the integer reading of
``"1.300s"`` (:func:`~transconv.readers.asr.common.proto_ms`) it is what brings a ten-hour
response → SRT under 2.5 × ``json.load`` of the file (``bench/README.md``).

The typed decode is only a fast path, taken when the whole document fits: a top level of
Google's own keys (an unknown key, an operation envelope or an error object fail it, so
nothing is dropped and detection keeps every other shape), results and alternatives that are
objects of Google's keys, words that are objects. Every value is ``Any``: the reader checks
values the same way for records and dicts, so a bad time gets the same error on both paths.
:class:`Result` and :class:`Alternative` answer ``get`` and ``in`` like the dicts they
replace, so the reader walks both with one code; words on the standard path become
:class:`Word` records one by one as the loop reaches them (:func:`word_of`).
"""

from __future__ import annotations

from typing import Any

import msgspec

from .common import record


class Word(msgspec.Struct, gc=False):
    """One entry of ``alternatives[0].words``; absent keys read as None, as ``dict.get``."""

    startOffset: Any = None
    endOffset: Any = None
    startTime: Any = None
    endTime: Any = None
    word: Any = None
    confidence: Any = None
    speakerLabel: Any = None
    speakerTag: Any = None


class _Keys(msgspec.Struct, gc=False):
    """An object of known keys that reads like the dict it replaces: absent keys are not
    ``in`` it and ``get`` gives None for them (the reader and ``sniff`` use both)."""

    def get(self, name: str) -> Any:
        value = getattr(self, name, None)
        return None if value is msgspec.UNSET else value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and getattr(self, name, msgspec.UNSET) is not msgspec.UNSET


class Alternative(_Keys, forbid_unknown_fields=True, gc=False):
    """``alternatives[n]``: the reader takes the first one's words or transcript."""

    transcript: Any = msgspec.UNSET
    confidence: Any = msgspec.UNSET
    words: list[Word] | msgspec.UnsetType | None = msgspec.UNSET


class Result(_Keys, forbid_unknown_fields=True, gc=False):
    """One entry of ``results`` (v1 and v2 keys)."""

    alternatives: list[Alternative] | msgspec.UnsetType | None = msgspec.UNSET
    channelTag: Any = msgspec.UNSET
    resultEndTime: Any = msgspec.UNSET
    resultEndOffset: Any = msgspec.UNSET
    languageCode: Any = msgspec.UNSET


class _Response(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """The top level of ``Recognize`` / ``LongRunningRecognize`` answers, v1 and v2."""

    results: list[Result] | msgspec.UnsetType = msgspec.UNSET
    totalBilledTime: Any = msgspec.UNSET
    metadata: Any = msgspec.UNSET
    requestId: Any = msgspec.UNSET
    speechAdaptationInfo: Any = msgspec.UNSET
    usingLegacyModels: Any = msgspec.UNSET
    outputConfig: Any = msgspec.UNSET
    outputError: Any = msgspec.UNSET


_DECODER = msgspec.json.Decoder(_Response)
_FIELDS = _Response.__struct_fields__


def decode_fast(raw: bytes) -> dict[str, Any] | None:
    """The document as :mod:`json` would give it, but with :class:`Result` records in
    ``results``; None for the standard path (anything not fitting, or no ``results``)."""
    if not raw.startswith(b"{"):
        return None
    try:
        doc = _DECODER.decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return None
    if doc.results is msgspec.UNSET:
        return None
    return {name: value for name in _FIELDS
            if (value := getattr(doc, name)) is not msgspec.UNSET}


def word_of(raw: object) -> Word:
    """A word of the standard path as a record (null reads as an empty word); raises
    :class:`~transconv.readers.asr.common.Bad` for anything but an object."""
    get = record(raw).get
    return Word(get("startOffset"), get("endOffset"), get("startTime"), get("endTime"),
                get("word"), get("confidence"), get("speakerLabel"), get("speakerTag"))
