"""The typed AssemblyAI decode: the same transcripts, warnings and errors as the standard
path, on documents that fit the schema and on documents it refuses; and it never takes a
document detection gives to another reader."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from transconv.readers.asr import assemblyai_schema

from . import typed_paths
from .asr_cases import DATA
from .typed_paths import raw_of


def both_paths(raw: bytes, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
               **options: Any) -> tuple[str, ...]:
    return typed_paths.both_paths("decode_assemblyai", raw, caplog, monkeypatch, **options)


def load(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((DATA / name).read_text("utf-8"))
    return doc


def vary(change: Callable[[dict[str, Any]], object],
         name: str = "assemblyai-speakers.json") -> dict[str, Any]:
    doc = copy.deepcopy(load(name))
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


WORD0 = ("words", 0)
#: (name, change, whether the typed decode still takes the document)
VARIANTS: list[tuple[str, Callable[[dict[str, Any]], object], bool]] = [
    ("as is", lambda doc: None, True),
    ("float start", _set(*WORD0, "start", 500.0), True),
    ("string start", _set(*WORD0, "start", "500"), True),
    ("negative end", _set(*WORD0, "end", -3), True),
    ("not a time", _set(*WORD0, "end", "soon"), True),
    ("boolean time", _set(*WORD0, "start", True), True),
    ("null times", lambda doc: doc["words"][0].update(start=None, end=None), True),
    ("word number", _set(*WORD0, "text", 9), True),
    ("word list", _set(*WORD0, "text", ["x"]), True),
    ("word with spaces", _set(*WORD0, "text", "Good  old"), True),
    ("empty word", _set(*WORD0, "text", ""), True),
    ("null speaker", _set(*WORD0, "speaker", None), True),
    ("number speaker", _set(*WORD0, "speaker", 1), True),
    ("list speaker", _set(*WORD0, "speaker", ["A"]), True),
    ("percent confidence", _set(*WORD0, "confidence", 98), True),
    ("bad confidence", _set(*WORD0, "confidence", "high"), True),
    ("no duration", lambda doc: doc.pop("audio_duration"), True),
    ("bad duration", _set("audio_duration", "long"), True),
    ("extra word key", _set(*WORD0, "extra", 1), True),
    ("words null", _set("words", None), False),
    ("words empty", _set("words", []), True),
    ("no words", lambda doc: doc.pop("words"), False),
    ("null word", _set(*WORD0, None), False),
    ("word not an object", _set(*WORD0, "hello"), False),
    ("words not a list", _set("words", "hello"), False),
    ("extra top key", _set("extra", 1), False),
    ("envelope", lambda doc: doc.update(data=dict(doc)), False),
    ("status error", _set("status", "error"), True),
    ("processing", _set("status", "processing"), True),
]


@pytest.mark.parametrize(("name", "change", "fits"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_both_paths_read_alike(name: str, change: Callable[[dict[str, Any]], object],
                               fits: bool, caplog: pytest.LogCaptureFixture,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    raw = raw_of(vary(change))
    assert (assemblyai_schema.decode_fast(raw) is not None) is fits
    result = both_paths(raw, caplog, monkeypatch)
    if name == "as is":
        assert "'Lisbon.'" in result[0] and "start=500, end=820" in result[0]


@pytest.mark.parametrize("path", sorted(DATA.glob("*.json")), ids=lambda p: p.name)
def test_fixtures_read_alike_and_only_assemblyai_takes_the_typed_path(
        path: Any, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = path.read_bytes()
    typed = typed_paths.typed_path_taken(raw, assemblyai_schema.decode_fast, "assemblyai")
    if path.name.startswith("assemblyai-"):
        assert typed
    both_paths(raw, caplog, monkeypatch)
    both_paths(raw, caplog, monkeypatch, audio_channel=1)
    both_paths(raw, caplog, monkeypatch, audio_channel=2)


def test_channels_forced_shape_and_duplicate_keys(caplog: pytest.LogCaptureFixture,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    channels = vary(lambda doc: None, "assemblyai-multichannel.json")
    channels["words"][1]["channel"] = 2
    both_paths(raw_of(channels), caplog, monkeypatch)
    raw = raw_of(load("assemblyai-speakers.json"))
    assert "assemblyai" in both_paths(raw, caplog, monkeypatch, shape="assemblyai")[0]
    twice = raw.replace(b'"text": "Good"', b'"text": "Nope", "text": "Good"', 1)
    assert twice != raw
    assert "'Nope'" not in both_paths(twice, caplog, monkeypatch)[0]
