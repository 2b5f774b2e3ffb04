"""Rev JSON's memoised element path against the rules written out as plain dicts."""

from __future__ import annotations

import json
import math
from typing import Any

import transconv
from tests.factories import small_transcript
from transconv.formats.revjson import speaker_id, timestamp
from transconv.model import PUNCT, SPACE, TAG, WORD, Speaker, Token, Transcript, Turn

HOUR = 3_600_000
TYPES = {WORD: "text", PUNCT: "punct", SPACE: "punct", TAG: "tag"}


def reference(t: Transcript) -> bytes:
    """The document built as dicts and written by ``json.dumps`` (slow and obvious)."""
    def element(token: Token) -> dict[str, Any]:
        entry: dict[str, Any] = {"type": TYPES[token.kind], "value": token.text}
        if token.start is not None:
            entry["timestamp"] = timestamp(token.start)
        if token.end is not None:
            entry["end_timestamp"] = timestamp(token.end)
        if token.confidence is not None and math.isfinite(token.confidence):
            entry["confidence"] = float(token.confidence)
        return entry

    monologues = []
    for turn in t.turns:
        mono: dict[str, Any] = {}
        if turn.speaker is not None:
            mono["speaker"] = speaker_id(turn.speaker)
            if turn.speaker in t.speakers:
                mono["speaker_name"] = t.speakers[turn.speaker].name
        if turn.start is not None:
            mono["timestamp"] = timestamp(turn.start)
        if turn.end is not None:
            mono["end_timestamp"] = timestamp(turn.end)
        mono["elements"] = [element(token) for token in turn.tokens]
        monologues.append(mono)
    speakers = []
    for speaker in t.speakers.values():
        entry: dict[str, Any] = {"id": speaker_id(speaker.id), "name": speaker.name}
        entry.update({key: getattr(speaker, key) for key in ("prefix", "suffix")
                      if getattr(speaker, key)})
        speakers.append(entry)
    doc = {"speakers": speakers, "monologues": monologues}
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def test_odd_times_confidences_and_kinds() -> None:
    odd = [None, 0.0, -0.0, 0.5, 1, True, float("nan"), float("inf"), -0.25, 0.1 + 0.2, 1e-20]
    tokens = []
    for i, confidence in enumerate(odd):
        tokens += [Token(WORD, f"w{i}\"é\\日本😀\x00", 1000 * i, 1000 * i + 400, confidence),
                   Token(SPACE, " "), Token(PUNCT, ",", None, None, confidence),
                   Token(TAG, "noise", -5, 10, None), Token(WORD, "open", 5, None, 0.5),
                   Token(WORD, "late", 25 * HOUR + 1, 100 * HOUR + 999, 0.9),
                   Token(WORD, "edge", 24 * HOUR - 1, 24 * HOUR, None)]
    t = Transcript(turns=[Turn("1", None, 30 * HOUR, tokens), Turn(None, 5, None, []),
                          Turn("x", -3, 4, tokens[:3])],
                   speakers={"1": Speaker("1", "Ann <&>"), "x": Speaker("x", "")})
    assert transconv.dumps(t, "rev-json") == reference(t)


def test_ordinary_transcript_matches_the_reference() -> None:
    t = small_transcript()
    t.annotations.clear()
    t.title = t.description = t.language = None
    t.duration = None
    assert transconv.dumps(t, "rev-json") == reference(t)


def test_a_lone_surrogate_is_written_as_the_replacement_character() -> None:
    # UTF-8 cannot carry one; an internal UnicodeEncodeError was the hardening issue's defect
    t = Transcript(turns=[Turn(None, 0, 1, [Token(WORD, "a\ud800", 0, 1)])])
    assert transconv.loads(transconv.dumps(t, "rev-json")).words() == ["a\ufffd"]


def test_passthrough_keys_come_first_and_read_back() -> None:
    t = small_transcript()
    t.metadata = {"taskId": 42, "speakers": "ours wins", "nested": {"a": [1]}}
    data = transconv.dumps(t, "rev-json")
    assert data.startswith(b'{"taskId":42,"nested":{"a":[1]},"speakers":[')
    assert json.loads(data)["monologues"]
    assert transconv.loads(data).metadata == {"taskId": 42, "nested": {"a": [1]}}
