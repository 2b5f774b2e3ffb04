"""The SmartDocumentor export as typed records, decoded straight from the bytes when possible.

A ten-hour export is a hundred thousand word objects. Decoding them into :class:`Word`
records with msgspec, instead of into dicts, skips building and freeing those dicts and turns
the reader's half a million ``word.get(key)`` calls into attribute reads (measured on the
18 MB benchmark export: decoding 0.07 s instead of 0.09 s, the word loop 0.085 s instead of
0.10 s).

The typed decode is only a fast path, taken when the document fits the schema: an object
with a ``transcript`` object (and no ``monologues``, which would make it Rev) whose own keys
are all ones the reader knows, its segments and words being objects or null (keys of words
and segments that the reader never reads are skipped). Every field is ``Any``: values are
checked by the reader, as for any document, so a string where a number belongs still gets
the reader's own error. Anything else (an unknown key in the transcript object, a
double-encoded ``transcript``, a word that is not an object, invalid JSON) makes
:func:`decode_fast` return None and the document is parsed the standard way;
:func:`segments_of` then turns its dicts into the same records, so the reader has one code
path. Field names are the export's own keys, so a field list doubles as a list of attributes.
"""

from __future__ import annotations

from typing import Any

import msgspec

from .common import CERTAIN, NOT, items


class Word(msgspec.Struct, gc=False):
    """One entry of ``displayWords`` / ``originalWords``, with every spelling the reader
    accepts (absent keys read as None). Other keys are skipped: the reader reads none, on
    either path, so an export with, say, an ``id`` on every word keeps the fast path."""

    text: Any = None
    displayText: Any = None
    word: Any = None
    offsetInSeconds: Any = None
    offsetInTicks: Any = None
    offsetMilliseconds: Any = None
    offset: Any = None
    durationInSeconds: Any = None
    durationInTicks: Any = None
    durationMilliseconds: Any = None
    duration: Any = None
    confidence: Any = None


class Segment(msgspec.Struct, gc=False):
    """One entry of ``transcript.transcripts`` (other keys skipped, as for :class:`Word`).

    A word list decoded the standard way keeps what is not an array (and, inside an array,
    what is not an object) as it is: the reader reports it when, and only if, it reads that
    list, as it always has (``originalWords`` is often not read at all).
    """

    speakerId: Any = None
    start: Any = None
    end: Any = None
    duration: Any = None
    confidence: Any = None
    displayText: Any = None
    displayWords: list[Word | None] | None = None
    originalWords: list[Word | None] | None = None


class _Body(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """The ``transcript`` object: the segments typed, the keys the reader reads as they are."""

    transcripts: list[Segment | None] | None = None
    speakers: Any = msgspec.UNSET
    annotations: Any = msgspec.UNSET
    language: Any = msgspec.UNSET
    languageCode: Any = msgspec.UNSET
    language_code: Any = msgspec.UNSET
    locale: Any = msgspec.UNSET
    lang: Any = msgspec.UNSET


#: The top level is read key by key: its keys are free (task ids, audit fields, anything) and
#: go to ``Transcript.metadata`` in document order, so it cannot be a record. Skipping over
#: the ``transcript`` value to find its end costs about 16 ms on the ten-hour export
#: (20 ms, for nothing, on a ten-hour Rev document that misses Rev's own typed path).
_TOP = msgspec.json.Decoder(dict[str, msgspec.Raw])
_BODY = msgspec.json.Decoder(_Body)
_VALUE = msgspec.json.Decoder()
_BODY_FIELDS = tuple(name for name in _Body.__struct_fields__ if name != "transcripts")


def decode_fast(raw: bytes) -> tuple[dict[str, Any], list[Segment | None]] | None:
    """``(document, segment records)``, or None for the standard path.

    The document holds every top-level key in order, decoded as by the standard path, except
    that ``transcript`` holds the transcript object's other keys (``speakers``,
    ``annotations``, a language): its segments are the second value.
    """
    if not raw.startswith(b"{") or b'"transcript"' not in raw:
        return None  # (the search costs a few ms where the key-by-key decode would cost 20)
    try:
        top = _TOP.decode(raw)
        body = top.get("transcript")
        if body is None or "monologues" in top:
            return None  # not SmartDocumentor, or Rev's by detection: the standard path decides
        typed = _BODY.decode(body)
        doc = {key: _VALUE.decode(value) if value is not body else _fields(typed)
               for key, value in top.items()}
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return None
    return doc, typed.transcripts or []


def _fields(body: _Body) -> dict[str, Any]:
    """The keys of the ``transcript`` object but its segments, as the standard path has them."""
    return {name: value for name in _BODY_FIELDS
            if (value := getattr(body, name)) is not msgspec.UNSET}


def segments_of(value: object) -> list[Any]:
    """The records of a decoded ``transcripts`` value, for a document read the standard way.

    Raises :class:`InvalidInput` (from :func:`~.common.items`) when it is not an array. An
    entry that is not an object is kept as it is, for the reader to report in turn: the
    reader's errors come in document order, whichever path decoded the document.
    """
    return [_segment(seg) if isinstance(seg, dict) else seg
            for seg in items(value, "transcript.transcripts")]


def _segment(seg: dict[str, Any]) -> Segment:
    """The record of one segment object.

    msgspec converts a segment that fits the schema in C (the ten-hour export: 0.03 s instead
    of 0.07 s); one it refuses, say for a key the reader does not know (or a key holding a
    lone surrogate, which msgspec cannot even compare), is copied field by field, keeping
    what does not fit for the reader to report.
    """
    try:
        return msgspec.convert(seg, Segment)
    except (msgspec.ValidationError, UnicodeEncodeError):
        return _copy(seg)


def _copy(seg: dict[str, Any]) -> Segment:
    get = seg.get
    return Segment(get("speakerId"), get("start"), get("end"), get("duration"),
                   get("confidence"), get("displayText"), _words(get("displayWords")),
                   _words(get("originalWords")))


def _words(value: object) -> Any:
    """A word list as records; anything but an array is kept as it is (see :class:`Segment`)."""
    if not isinstance(value, list):
        return value
    return [_word(word) if isinstance(word, dict) else word for word in value]


def _word(word: dict[str, Any]) -> Word:
    get = word.get
    return Word(get("text"), get("displayText"), get("word"), get("offsetInSeconds"),
                get("offsetInTicks"), get("offsetMilliseconds"), get("offset"),
                get("durationInSeconds"), get("durationInTicks"), get("durationMilliseconds"),
                get("duration"), get("confidence"))


#: Top-level keys only a SmartDocumentor export has.
_KEYS = ("transcript", "transcripts", "taskId", "totalTimeInSeconds")


def sniff(doc: dict[str, Any]) -> int:
    """A SmartDocumentor export, certainly, when it has one of its own top-level keys."""
    return CERTAIN if any(key in doc for key in _KEYS) else NOT
