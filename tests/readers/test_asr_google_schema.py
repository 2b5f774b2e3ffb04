"""The typed Google Speech-to-Text decode: the same transcripts, warnings and errors as the
standard path, on documents that fit the schema and on documents it refuses; and it never
takes a document detection gives to another reader."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

import transconv.readers as readers
from transconv.readers.asr import google_schema
from transconv.readers.timeparse import parse_time

from . import typed_paths
from .asr_cases import DATA
from .typed_paths import raw_of


def both_paths(raw: bytes, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
               **options: Any) -> tuple[str, ...]:
    return typed_paths.both_paths("decode_google", raw, caplog, monkeypatch, **options)


def v2() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((DATA / "google-v2.json").read_text("utf-8"))
    return doc


def first_word(doc: dict[str, Any]) -> dict[str, Any]:
    word: dict[str, Any] = doc["results"][0]["alternatives"][0]["words"][0]
    return word


def vary(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    doc = copy.deepcopy(v2())
    change(doc)
    return doc


def _set(*path: Any) -> Callable[[dict[str, Any]], None]:
    """A change that sets ``doc[path[0]]…[path[-2]] = path[-1]``."""
    def change(doc: dict[str, Any]) -> None:
        target: Any = doc
        for key in path[:-2]:
            target = target[key]
        target[path[-2]] = path[-1]
    return change


WORD0 = ("results", 0, "alternatives", 0, "words", 0)
#: (name, change, whether the typed decode still takes the document)
VARIANTS: list[tuple[str, Callable[[dict[str, Any]], object], bool]] = [
    ("as is", lambda doc: None, True),
    ("v1 names", lambda doc: [w.update(startTime=w.pop("startOffset"),
                                       endTime=w.pop("endOffset"))
                              for r in doc["results"] for w in r["alternatives"][0]["words"]],
     True),
    ("odd durations", _set(*WORD0, "startOffset", "0.5s"), True),
    ("nine digits", _set(*WORD0, "endOffset", "0.820000001s"), True),
    ("a tie", _set(*WORD0, "endOffset", "0.8205s"), True),
    ("object duration", _set(*WORD0, "startOffset", {"seconds": "0", "nanos": 500000000}), True),
    ("float seconds", _set(*WORD0, "startOffset", 0.5), True),
    ("huge", _set(*WORD0, "endOffset", "99999999999.000s"), True),
    ("negative", _set(*WORD0, "startOffset", "-0.500s"), True),
    ("not a time", _set(*WORD0, "startOffset", "soon.000s"), True),
    ("spaces", _set(*WORD0, "startOffset", " 0.500s"), True),
    ("underscore", _set(*WORD0, "startOffset", "0_0.500s"), True),
    ("arabic digits", _set(*WORD0, "startOffset", "٠.٥٠٠s"), True),
    ("superscript", _set(*WORD0, "startOffset", "².500s"), True),
    ("word number", _set(*WORD0, "word", 9), True),
    ("word list", _set(*WORD0, "word", ["x"]), True),
    ("null speaker", _set(*WORD0, "speakerLabel", None), True),
    ("speaker tag", lambda doc: [w.update(speakerTag=int(w.pop("speakerLabel")))
                                 for r in doc["results"] for w in r["alternatives"][0]["words"]
                                 if "speakerLabel" in w], True),
    ("bad confidence", _set(*WORD0, "confidence", "high"), True),
    ("channel text", _set("results", 0, "channelTag", "x"), True),
    ("result end", _set("results", 0, "resultEndOffset", "later"), True),
    ("no words", _set("results", 0, "alternatives", 0, "words", None), True),
    ("transcript only", lambda doc: doc["results"][0]["alternatives"][0].pop("words"), True),
    ("alternatives null", _set("results", 0, "alternatives", None), True),
    ("null word", _set(*WORD0[:-1], 0, None), False),
    ("word not an object", _set(*WORD0[:-1], 0, "hello"), False),
    ("words not a list", _set("results", 0, "alternatives", 0, "words", "hello"), False),
    ("null result", lambda doc: doc["results"].insert(0, None), False),
    ("extra word key", _set(*WORD0, "extra", 1), True),
    ("extra result key", _set("results", 0, "extra", 1), False),
    ("extra top key", _set("extra", 1), False),
    ("operation", lambda doc: doc.update(response={"results": doc.pop("results")}), False),
]


@pytest.mark.parametrize(("name", "change", "fits"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_both_paths_read_alike(name: str, change: Callable[[dict[str, Any]], object],
                               fits: bool, caplog: pytest.LogCaptureFixture,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    raw = raw_of(vary(change))
    assert (google_schema.decode_fast(raw) is not None) is fits
    result = both_paths(raw, caplog, monkeypatch)
    if name == "as is":
        assert "Speaker 1" in result[0] and "'Lisbon.'" in result[0]


@pytest.mark.parametrize("path", sorted(DATA.glob("*.json")), ids=lambda p: p.name)
def test_fixtures_read_alike_and_only_google_takes_the_typed_path(
        path: Any, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = path.read_bytes()
    typed = typed_paths.typed_path_taken(raw, google_schema.decode_fast, "google-stt")
    if path.name in ("google-v2.json", "google-v1-diarized.json"):
        assert typed
    both_paths(raw, caplog, monkeypatch)
    both_paths(raw, caplog, monkeypatch, audio_channel=1)


def test_forced_shape_and_duplicate_keys(caplog: pytest.LogCaptureFixture,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    raw = raw_of(v2())
    assert "google-stt" in both_paths(raw, caplog, monkeypatch, shape="google-stt")[0]
    twice = raw.replace(b'"word": "Good"', b'"word": "Nope", "word": "Good"', 1)
    assert twice != raw
    assert "'Nope'" not in both_paths(twice, caplog, monkeypatch)[0]


@pytest.mark.parametrize("value", ["0.000s", "1.300s", "12.345s", "3599.999s", ".250s",
                                   "0001.500s", "999999999.999s", "1.3s", "1.300500s", "2s"])
def test_inline_durations_are_the_time_parser_s(value: str) -> None:
    """The word loop's integer reading gives what the one time parser gives."""
    doc = vary(_set(*WORD0, "startOffset", value))
    first_word(doc)["endOffset"] = value
    words = readers.read(raw_of(doc), name="doc.json").turns[0].tokens
    assert words[0].start == words[0].end == parse_time(value[:-1], "s")


@pytest.mark.parametrize("value", ["0.000s", ".250s", "0001.500s", "999999999.999s",
                                   "1000000000.000s", "1.3s", "1.300s,2.000s", "1.300 s",
                                   "１.300s"])
def test_every_word_alike_on_both_paths(value: str, caplog: pytest.LogCaptureFixture,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every word of every result at one value: the typed path reads whole results at
    once where all its values are the common spelling, the standard path word by word."""
    doc = v2()
    for result in doc["results"]:
        for word in result["alternatives"][0].get("words", []):
            word["startOffset"] = word["endOffset"] = value
    both_paths(raw_of(doc), caplog, monkeypatch)
    doc["results"][0]["alternatives"][0]["words"][-1]["speakerLabel"] = 2.0
    both_paths(raw_of(doc), caplog, monkeypatch)
