"""Rev transcript JSON writer: Rev's shape, exact times and confidences, speed, round trip."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import transconv
from tests.factories import long_transcript, small_transcript
from transconv.formats.revjson import speaker_id, timestamp
from transconv.model import PUNCT, SPACE, TAG, WORD, Annotation, Speaker, Token, Transcript, Turn

HOUR = 3_600_000
STAMP = re.compile(r"\d{2,}:\d{2}:\d{2},\d{3}")


def rev(t: Transcript) -> dict[str, Any]:
    data = transconv.dumps(t, "rev-json")
    doc: dict[str, Any] = json.loads(data)
    return doc


def test_shape_of_small_transcript() -> None:
    t = small_transcript()
    data = transconv.dumps(t, "rev-json")
    assert "Zoë Ångström".encode() in data  # ensure_ascii=False: characters, not \\u escapes
    doc = json.loads(data)
    assert doc["speakers"] == [
        {"id": 1, "name": "Alice Martin", "prefix": "Dr. "},
        {"id": 2, "name": "Bob Smith"},
        {"id": 3, "name": "Zoë Ångström", "suffix": " (guest)"},
    ]
    assert doc["title"] == "Interview 12" and doc["language"] == "en"
    assert doc["annotations"] == [{
        "id": "a1", "text": "Check spelling of surname", "timestamp": "00:00:01,000",
        "end_timestamp": "00:00:04,000", "author": "jdoe", "created": "2024-05-01T12:00:00Z"}]
    assert len(doc["monologues"]) == len(t.turns)
    for mono, turn in zip(doc["monologues"], t.turns, strict=True):
        assert str(mono["speaker"]) == turn.speaker
        assert mono["speaker_name"] == t.speakers[turn.speaker or ""].name
        assert len(mono["elements"]) == len(turn.tokens)  # per-word elements kept
        for element, token in zip(mono["elements"], turn.tokens, strict=True):
            assert element["type"] == {WORD: "text", TAG: "tag"}[token.kind]
            assert element["value"] == token.text
            assert element["timestamp"] == timestamp(token.start or 0)
            assert STAMP.fullmatch(element["end_timestamp"])
            assert element.get("confidence") == token.confidence
    crosstalk = doc["monologues"][3]["elements"][-1]
    assert crosstalk["type"] == "tag" and crosstalk["value"] == "crosstalk"
    assert "confidence" not in crosstalk


def test_kinds_ids_missing_values_and_long_times() -> None:
    t = Transcript(
        turns=[
            Turn(None, 100 * HOUR + 29_605, None, [
                Token(WORD, "late", 100 * HOUR + 29_605, 100 * HOUR + 30_000, float("nan")),
                Token(PUNCT, ","), Token(SPACE, " "), Token(WORD, "“quoted”\\"),
                Token(TAG, "inaudible", 100 * HOUR + 31_000)]),
            Turn("S1", None, None, [Token(WORD, "x", 0, 1, 1.0)]),
            Turn("01", None, None, [Token(WORD, "y", 2, 3, 0.123456789)]),
        ],
        speakers={"S1": Speaker("S1", "Ann & <Co>"), "01": Speaker("01", "")},
        metadata={"job_id": 7, "title": "ignored: the model's title wins", "nested": {"a": [1]}},
    )
    doc = rev(t)
    first, second, third = doc["monologues"]
    assert "speaker" not in first and "speaker_name" not in first
    assert first["elements"] == [
        {"type": "text", "value": "late", "timestamp": "100:00:29,605",
         "end_timestamp": "100:00:30,000"},
        {"type": "punct", "value": ","},
        {"type": "punct", "value": " "},
        {"type": "text", "value": "“quoted”\\"},
        {"type": "tag", "value": "inaudible", "timestamp": "100:00:31,000"},
    ]
    assert second["speaker"] == "S1" and second["speaker_name"] == "Ann & <Co>"
    assert third["speaker"] == "01" and third["elements"][0]["confidence"] == 0.123456789
    assert doc["job_id"] == 7 and doc["nested"] == {"a": [1]} and "title" not in doc


@pytest.mark.parametrize(("key", "expected"), [("1", 1), ("0", 0), ("01", "01"), ("S1", "S1"),
                                               ("١", "١"), ("-1", "-1")])
def test_speaker_id(key: str, expected: int | str) -> None:
    assert speaker_id(key) == expected


def test_ten_hours_keep_every_element() -> None:
    t = long_transcript(10)
    data = transconv.dumps(t, "rev-json")  # speed is measured in bench/, not here
    doc = json.loads(data)
    assert sum(len(m["elements"]) for m in doc["monologues"]) == sum(
        len(turn.tokens) for turn in t.turns)


def test_round_trip_through_the_rev_reader() -> None:
    t = small_transcript()
    back = transconv.loads(transconv.dumps(t, "rev-json"))
    assert back.turns == t.turns  # words, punctuation, tags, every time and confidence
    assert back.words() == t.words()
    assert {k: s.name for k, s in back.speakers.items()} == {
        k: s.name for k, s in t.speakers.items()}
    assert back.language == t.language and back.source == "rev"


def test_round_trip_of_punctuation_spaces_and_unknown_speaker() -> None:
    t = Transcript(turns=[
        Turn("7", 0, 900, [Token(WORD, "Hi", 0, 400, 0.5), Token(PUNCT, ","),
                           Token(SPACE, " "), Token(WORD, "you", 500, 900, 0.25),
                           Token(PUNCT, "!")]),
        Turn(None, 1000, 2000, [Token(TAG, "music", 1000, 2000),
                                Token(WORD, "la", 1500, 2000, None)]),
    ], speakers={"7": Speaker("7", "Seven")})
    back = transconv.loads(transconv.dumps(t, "rev-json"))
    assert back.turns == t.turns
    assert back.speakers == t.speakers


def test_round_trip_of_the_whole_model() -> None:
    t = small_transcript()
    t.annotations.append(Annotation("a2", "untimed note"))
    t.metadata = {"job_id": "abc"}
    back = transconv.loads(transconv.dumps(t, "rev-json"))
    assert back == t
