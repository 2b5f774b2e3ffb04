"""The typed SmartDocumentor decode: the same transcripts, warnings and errors as the standard
path, on documents that fit the schema and on documents it refuses."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path
from typing import Any

import pytest

import transconv.readers as readers
from transconv.errors import InvalidInput
from transconv.readers import common, jsoninput, smartdoc
from transconv.readers.smartdoc_schema import (
    Segment,
    Word,
    _Body,
    _copy,
    decode_fast,
    segments_of,
)

SAMPLES = Path(__file__).parent.parent / "samples"
DATA = Path(__file__).parent / "data" / "sources"


def word(text: object, offset: object, length: object, **extra: object) -> dict[str, object]:
    return {"text": text, "offsetInSeconds": offset, "durationInSeconds": length, **extra}


def base_doc() -> dict[str, Any]:
    """A document in the shape of a real export, with a second segment to vary."""
    return {
        "taskId": "t-1", "taskNumber": 12, "displayName": "  A  title ", "description": "d\n",
        "totalTimeInSeconds": 20.0, "big": 12345678901234567890, "neg": -0.0, "one": 1.0,
        "nested": {"a": [1, 2.5, None, True, "ü"]},
        "transcript": {
            "transcripts": [
                {"speakerId": "S1", "start": 1.0, "end": 2.5, "duration": 1.5,
                 "confidence": 0.9, "displayText": "Hello there.",
                 "displayWords": [word("Hello", 1.0, 0.5, confidence=0.8),
                                  word("there.", 1.6, 0.9, confidence=0.95)],
                 "originalWords": [word("hello", 1.0, 0.5), word("there", 1.6, 0.9)]},
                {"speakerId": "S2", "start": 3.0, "end": 5.0, "duration": 2.0,
                 "confidence": 0.7, "displayText": "Fine, thanks.",
                 "displayWords": [word("Fine,", 3.0, 0.6, confidence=0.7),
                                  word("thanks.", 3.7, 1.0, confidence=0.6)]},
            ],
            "speakers": [{"speakerId": "S1", "speakerName": "Ann"}],
            "annotations": [{"uniqueId": "a", "content": "note", "start": 1.0, "end": 2.0}],
        },
        "metadata": {"language": "en_US"},
    }


def raw_of(doc: object) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def outcome(raw: bytes, caplog: pytest.LogCaptureFixture, **options: Any) -> tuple[str, ...]:
    """What reading ``raw`` gives: the transcript (as repr, so 1 and 1.0 differ) and the
    warnings, or the error message."""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="transconv.readers"):
        try:
            result = repr(readers.read(raw, name="doc.json", **options))
        except InvalidInput as exc:
            result = f"error: {exc}"
    return (result, *(record.getMessage() for record in caplog.records))


def both_paths(raw: bytes, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
               **options: Any) -> tuple[str, ...]:
    """The outcome by the typed path and by the standard one; they must be equal."""
    typed = outcome(raw, caplog, **options)
    with monkeypatch.context() as patch:
        patch.setattr(jsoninput, "decode_smartdoc", lambda raw: None)
        standard = outcome(raw, caplog, **options)
    assert typed == standard
    return typed


def vary(change: Any) -> dict[str, Any]:
    doc = base_doc()
    change(doc)
    return doc


def segments(doc: dict[str, Any]) -> list[Any]:
    result: list[Any] = doc["transcript"]["transcripts"]
    return result


def words_of(doc: dict[str, Any], index: int = 1) -> list[Any]:
    result: list[Any] = segments(doc)[index]["displayWords"]
    return result


def with_nulls(doc: dict[str, Any]) -> None:
    words_of(doc).insert(1, None)
    segments(doc).insert(1, None)
    words_of(doc, 2)[0].update(confidence=None, durationInSeconds=None)
    segments(doc)[0].update(originalWords=None, speakerId=None)


def bad_time_then(entry: object, where: str) -> Any:
    """A change putting a bad time in segment 0 and ``entry`` into the list at ``where``."""
    def change(doc: dict[str, Any]) -> None:
        segments(doc)[0].update(start="x")
        (words_of(doc) if where == "words" else segments(doc)).append(entry)
    return change


# Documents the schema takes: values of any type, checked by the reader alike.
FITTING: dict[str, Any] = {
    "plain": lambda d: None,
    "missing fields": lambda d: (words_of(d).__setitem__(0, {"text": "Fine,"}),
                                 segments(d)[1].pop("end"), segments(d)[0].pop("duration")),
    "nulls": with_nulls,
    "string numbers": lambda d: words_of(d)[0].update(
        offsetInSeconds="3.0", durationInSeconds="00:00:00.600", confidence="0.7"),
    "integers": lambda d: (words_of(d)[0].update(offsetInSeconds=3, durationInSeconds=1),
                           segments(d)[1].update(start=3, end=5, confidence=1)),
    "booleans": lambda d: words_of(d)[1].update(confidence=True),
    "alternative spellings": lambda d: words_of(d).__setitem__(0, {
        "displayText": "Fine,", "offsetInTicks": 30_000_000, "durationMilliseconds": 600}),
    "other spellings": lambda d: words_of(d).__setitem__(1, {
        "text": None, "word": "thanks.", "offset": 3.7, "duration": "1.0",
        "offsetMilliseconds": 1, "durationInTicks": 5}),
    "number as text": lambda d: words_of(d)[0].update(text=12.5),
    "several words in one": lambda d: words_of(d)[0].update(text="Fine,  thanks\u00a0 all"),
    "text edited after recognition": lambda d: segments(d)[1].update(displayText="Good."),
    "no text": lambda d: segments(d)[1].update(displayText=None, displayWords=[]),
    "halfway times": lambda d: words_of(d)[0].update(offsetInSeconds=3.0005,
                                                   durationInSeconds=0.0125),
    "negative and huge times": lambda d: words_of(d)[0].update(offsetInSeconds=-1.0,
                                                             durationInSeconds=1e9),
    "percent confidences": lambda d: words_of(d)[0].update(confidence=85.0),
    "milliseconds export": lambda d: [
        w.update(offsetInSeconds=w["offsetInSeconds"] * 1000,
                 durationInSeconds=w["durationInSeconds"] * 1000)
        for seg in segments(d) for w in seg["displayWords"]] and [
        seg.update(start=seg["start"] * 1000, end=seg["end"] * 1000, duration=None)
        for seg in segments(d)],
    "disagreeing duration": lambda d: segments(d)[0].update(duration=9.0),
    "language in the transcript": lambda d: (d.pop("metadata"),
                                             d["transcript"].update(languageCode="de_DE")),
    "no transcripts": lambda d: d["transcript"].update(transcripts=None),
    "empty transcript": lambda d: d.update(transcript={}),
    "transcript key first": lambda d: d.update(rest=d.pop("taskId")),
    "unknown word key": lambda d: words_of(d)[0].update(speaker="x"),
    "unknown segment key": lambda d: segments(d)[0].update(id=7),
}

# Documents the schema refuses, read the standard way.
REFUSED: dict[str, Any] = {
    "unknown transcript key": lambda d: d["transcript"].update(version=2),
    "word that is a string": lambda d: words_of(d).append("oops"),
    "word list that is a string": lambda d: segments(d)[1].update(displayWords="oops"),
    "segment that is a number": lambda d: segments(d).append(5),
    "transcripts that is an object": lambda d: d["transcript"].update(transcripts={}),
    "double-encoded transcript": lambda d: d.update(transcript=json.dumps(d["transcript"])),
    "null transcript": lambda d: d.update(transcript=None),
    "also Rev": lambda d: d.update(monologues=[]),
    "bare transcript": lambda d: d.update(d.pop("transcript")),
    "unused original word that is not an object": lambda d: segments(d)[0].update(
        originalWords=[1, None]),
}


@pytest.mark.parametrize(("name", "fits"), [*((n, True) for n in FITTING),
                                           *((n, False) for n in REFUSED)])
@pytest.mark.parametrize("words", ["display", "original"])
def test_both_paths_read_alike(name: str, fits: bool, words: str,
                               caplog: pytest.LogCaptureFixture,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Fitting documents take the typed path, refused ones the standard path; both read
    the same as the standard path alone."""
    raw = raw_of(vary((FITTING if fits else REFUSED)[name]))
    assert (decode_fast(raw) is not None) == fits
    result = both_paths(raw, caplog, monkeypatch, words=words)
    if fits:
        assert not result[0].startswith("error")


ERRORS: dict[str, tuple[Any, str]] = {
    "bad word time": (lambda d: words_of(d)[1].update(offsetInSeconds="soon"),
                      "transcript.transcripts[1].displayWords[1].offsetInSeconds"),
    "bad spelled time": (lambda d: words_of(d)[0].update(durationInSeconds=None,
                                                         durationInTicks=[1]),
                         "transcript.transcripts[1].displayWords[0].durationInTicks"),
    "bad word text": (lambda d: words_of(d)[0].update(text={"a": 1}),
                      "transcript.transcripts[1].displayWords[0].text"),
    "bad segment time": (lambda d: segments(d)[0].update(end="later"),
                         "transcript.transcripts[0].end"),
    "bad speaker id": (lambda d: segments(d)[1].update(speakerId=[1]),
                       "transcript.transcripts[1].speakerId"),
    "bad total time": (lambda d: d.update(totalTimeInSeconds="long"), "totalTimeInSeconds"),
    "bad word list": (lambda d: segments(d)[1].update(displayWords={}),
                      "transcript.transcripts[1].displayWords"),
    "word not an object": (lambda d: words_of(d).__setitem__(slice(1, 1), [3]),
                           "transcript.transcripts[1].displayWords[1]"),
    "segment not an object": (lambda d: segments(d).__setitem__(slice(1, 1), ["x"]),
                              "transcript.transcripts[1]"),
    # the earlier fault wins on both paths, though only the later one refuses the schema
    "bad time before a bad word": (bad_time_then([], "words"),
                                   "transcript.transcripts[0].start"),
    "bad time before a bad segment": (bad_time_then(True, "segments"),
                                      "transcript.transcripts[0].start"),
}


@pytest.mark.parametrize("name", ERRORS)
def test_errors_name_the_same_json_path(name: str, caplog: pytest.LogCaptureFixture,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    change, where = ERRORS[name]
    result = both_paths(raw_of(vary(change)), caplog, monkeypatch)
    assert result[0].startswith(f"error: doc.json: {where}: ")


def test_metadata_keeps_every_top_level_key_in_order() -> None:
    doc = base_doc()
    raw = raw_of(doc)
    typed = readers.read(raw)
    assert list(typed.metadata) == [key for key in doc if key != "transcript"]
    assert typed.metadata == {key: value for key, value in doc.items() if key != "transcript"}
    assert repr(typed.metadata["one"]) == "1.0" and repr(typed.metadata["neg"]) == "-0.0"


def test_duplicate_keys_last_one_wins_on_both_paths(
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = raw_of(base_doc()).replace(b'"text": "Fine,"', b'"text": "Nope", "text": "Fine,"')
    assert decode_fast(raw) is not None
    assert '"Nope"' not in both_paths(raw, caplog, monkeypatch)[0]


@pytest.mark.parametrize("path", [SAMPLES / "smartdoc-deposition.json",
                                  DATA / "smartdoc-spec-example.json",
                                  DATA / "edge-08-smartdoc-clamp.json",
                                  DATA / "edge-12-strings.json",
                                  DATA / "edge-13-annotations.json"])
def test_shipped_exports_take_the_typed_path_alike(
        path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = path.read_bytes()
    assert decode_fast(raw) is not None
    for words in ("display", "original"):
        both_paths(raw, caplog, monkeypatch, words=words)


def test_forced_shapes(caplog: pytest.LogCaptureFixture,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    raw = raw_of(base_doc())
    assert "smartdoc" in both_paths(raw, caplog, monkeypatch, shape="smartdoc")[0]
    assert both_paths(raw, caplog, monkeypatch, shape="rev")[0].startswith("error")


def test_schema_knows_every_spelling_the_reader_reads() -> None:
    spellings = {name for name, _ in smartdoc._OFFSET_FIELDS + smartdoc._DURATION_FIELDS}
    spellings |= {*smartdoc._WORD_TEXT_FIELDS, "confidence"}
    assert spellings == set(Word.__struct_fields__)
    assert set(common._LANGUAGE_KEYS) < set(_Body.__struct_fields__)


def test_standard_records_keep_what_is_not_an_object_for_the_reader() -> None:
    doc = base_doc()
    segs = copy.deepcopy(segments(doc))
    segs[1]["displayWords"].append(7)
    segs[0]["originalWords"] = "text"
    records = segments_of([None, "x", *segs])
    assert records[:2] == [None, "x"]
    first, second = records[2:]
    assert isinstance(first, Segment) and isinstance(second, Segment)
    kept: list[object] = [first.originalWords, second.displayWords and second.displayWords[-1]]
    assert kept == ["text", 7]
    assert second.displayWords is not None
    assert second.displayWords[0] == Word(text="Fine,", offsetInSeconds=3.0,
                                          durationInSeconds=0.6, confidence=0.7)
    with pytest.raises(InvalidInput, match="expected an array"):
        segments_of({})


@pytest.mark.parametrize("name", FITTING)
def test_fitting_segments_convert_as_they_are_copied(name: str) -> None:
    entries = vary(FITTING[name])["transcript"].get("transcripts") or []
    copied = [_copy(seg) if isinstance(seg, dict) else seg for seg in entries]
    assert repr(segments_of(entries)) == repr(copied)
