"""The fast decoding paths (typed Rev records, msgspec parse) and the one-read file path.

The fast paths must change speed only: every document reads to the same transcript as through
the standard library, and whatever msgspec refuses (NaN, invalid UTF-8, extra keys, null
entries) is still read, or refused with the standard path's wording.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

import transconv.readers as readers
from transconv.errors import InvalidInput
from transconv.model import Transcript
from transconv.readers import jsoninput, read, read_source
from transconv.readers.rev_schema import decode_fast


@functools.cache
def _big_rev(words: int = 60_000) -> bytes:
    """A Rev document of some megabytes (Rev human style: phrases timed by strings)."""
    elements: list[dict[str, Any]] = []
    for i in range(words):
        ms = i * 400
        stamp = f"00:{ms // 60000 % 60:02}:{ms // 1000 % 60:02},{ms % 1000:03}"
        elements.append({"type": "text", "value": f"wörd{i}", "timestamp": stamp,
                         "end_timestamp": stamp, "confidence": 0.5})
        elements.append({"type": "punct", "value": " "})
    doc = {"speakers": [{"id": 1, "name": "Ann"}], "monologues": [
        {"speaker": 1, "elements": elements}], "title": "Big"}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _standard(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> Transcript:
    """The transcript read with both fast paths switched off."""
    with monkeypatch.context() as patch:
        patch.setattr(jsoninput, "decode_fast", lambda raw: None)
        patch.setattr(jsoninput, "_parse_fast", lambda raw: None)
        return read(raw)


def _rev_doc(**extra: Any) -> dict[str, Any]:
    return {"monologues": [{"speaker": 0, "elements": [
        {"type": "text", "value": "Hi", "ts": 1.25, "end_ts": 1.5, "confidence": 0.9},
        {"type": "punct", "value": " "},
        {"type": "text", "value": "there", "ts": 1.6, "end_ts": 1.9, "confidence": 0.8},
        {"type": "punct", "value": "."}]}], **extra}


def test_big_rev_file_reads_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _big_rev()
    assert decode_fast(raw) is not None
    fast = read(raw)
    assert fast == _standard(raw, monkeypatch)
    assert fast.words()[:2] == ["wörd0", "wörd1"] and fast.title == "Big"


@pytest.mark.parametrize("extra", [
    {"metadata": {"job": 7}}, {"producer": "x"}, {"title": None}, {"duration": 60},
    {"annotations": [{"id": "a", "text": "note", "timestamp": 1.0}]},
])
def test_top_level_keys_read_the_same_both_ways(extra: dict[str, Any],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    raw = json.dumps(_rev_doc(**extra)).encode()
    assert read(raw) == _standard(raw, monkeypatch)


def test_unknown_top_level_key_takes_the_standard_path_and_is_kept() -> None:
    raw = json.dumps(_rev_doc(producer={"tool": "x"})).encode()
    assert decode_fast(raw) is None
    assert read(raw).metadata == {"producer": {"tool": "x"}}


@pytest.mark.parametrize("raw", [
    b'{"monologues": [null, {"elements": [null, {"type": "text", "value": "a", "ts": 1}]}]}',
    b'{"monologues": [{"elements": null}]}',
    b'{"data": {"monologues": []}}',
    b'\xef\xbb\xbf{"monologues": []}',
    b'{"monologues": [{"elements": [{"type": "text", "value": "a", "confidence": NaN}]}]}',
])
def test_odd_documents_read_the_standard_way(raw: bytes) -> None:
    assert decode_fast(raw) is None
    read(raw)  # and read all the same


def test_null_elements_keep_the_indices_of_errors() -> None:
    raw = (b'{"monologues": [{"elements": [null, {"type": "text", "value": "a", '
           b'"ts": "soon"}]}]}')
    with pytest.raises(InvalidInput, match=r"monologues\[0\]\.elements\[1\]\.ts"):
        read(raw)


def test_element_that_is_not_an_object_is_named() -> None:
    raw = b'{"monologues": [{"elements": [{"type": "text", "value": "a"}, 5]}]}'
    with pytest.raises(InvalidInput, match=r"monologues\[0\]\.elements\[1\].*expected an object"):
        read(raw)


def test_what_msgspec_refuses_still_reads_the_standard_way(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # NaN is accepted by the standard library (and read as an absent confidence), not msgspec.
    raw = _big_rev().replace(b'"confidence": 0.5', b'"confidence": NaN', 1)
    assert read(raw) == _standard(raw, monkeypatch)


def test_invalid_utf8_in_a_big_file_gets_the_standard_error() -> None:
    raw = _big_rev().replace(b'"title": "Big"', b'"title": "\xff"')
    with pytest.raises(InvalidInput, match=r"not valid UTF-8 \(byte 0xff at offset \d+\)"):
        read(raw)


def test_bad_json_in_a_big_file_names_line_and_column() -> None:
    raw = _big_rev()[:-1]
    with pytest.raises(InvalidInput, match=r"not valid JSON: .* at line 1 column"):
        read(raw)


def test_samples_read_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = (Path(__file__).parent.parent / "samples").glob("*.json")
    shapes = 0
    for path in paths:
        data = path.read_bytes()
        assert read(data) == _standard(data, monkeypatch)
        shapes += 1
    assert shapes >= 2


def test_file_is_read_whole_and_limit_still_applies(tmp_path: Path) -> None:
    raw = _big_rev()
    path = tmp_path / "big.json"
    path.write_bytes(raw)
    assert read_source(path) == read(raw)
    with pytest.raises(InvalidInput, match="over the 1,000-byte limit"):
        read_source(path, max_bytes=1000)


def test_a_file_that_grows_after_stat_is_read_on_up_to_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "growing.json"
    path.write_bytes(b"x" * 100)
    with path.open("rb") as handle:  # stat said 10 bytes; the file now holds 100
        assert readers._read_file(handle, 10, 1000) == b"x" * 100
    with path.open("rb") as handle, pytest.raises(InvalidInput, match="over the 50-byte limit"):
        readers._read_file(handle, 10, 50)
