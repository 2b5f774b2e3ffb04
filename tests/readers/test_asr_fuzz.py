"""Fuzzing the speech-service readers: random bytes, random JSON and fixtures with a value
anywhere replaced by random JSON. Only a TransconvError may escape, in bounded time."""

from __future__ import annotations

import contextlib
import json
import time
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import transconv
from tests.readers.asr_cases import CASES
from transconv import TransconvError

READERS = sorted({case.reader for case in CASES})
DOCS = [json.loads(case.path.read_text(encoding="utf-8")) for case in CASES]
SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**18)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["start", "end", "word", "text", "speaker", "channel", "results",
                         "alternatives", "words", "segments", "items", "type", "content",
                         "startTime", "offsetInTicks", "nBest", "error", "channels"]),
        inner, max_size=4),
    max_leaves=12)


def _read(raw: bytes, shape: str | None) -> None:
    began = time.perf_counter()
    with contextlib.suppress(TransconvError):
        transconv.loads(raw, shape=shape, name="fuzz.json")
    assert time.perf_counter() - began < 2.0


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*path, index)))
    return found


def _replaced(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = json.loads(json.dumps(doc))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


@SETTINGS
@given(st.binary(max_size=200), st.sampled_from([None, *READERS]))
def test_random_bytes(raw: bytes, shape: str | None) -> None:
    _read(raw, shape)


@SETTINGS
@given(JSON, st.sampled_from([None, *READERS]))
def test_random_json(value: Any, shape: str | None) -> None:
    _read(json.dumps(value).encode(), shape)


@SETTINGS
@given(st.data(), st.sampled_from(range(len(DOCS))), JSON, st.booleans())
def test_mutated_fixtures(data: st.DataObject, which: int, value: Any, forced: bool) -> None:
    doc = DOCS[which]
    path = data.draw(st.sampled_from(_paths(doc)))
    _read(json.dumps(_replaced(doc, path, value)).encode(),
          CASES[which].reader if forced else None)
