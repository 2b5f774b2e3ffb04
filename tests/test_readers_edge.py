"""Every edge case of sources.md §7, one fixture file (or generated input) per case."""

from __future__ import annotations

import json
import logging
import unicodedata
from pathlib import Path

import pytest

from transconv.errors import InvalidInput
from transconv.model import PUNCT, SPACE, TAG, WORD, Token, Transcript
from transconv.readers import read, read_source

DATA = Path(__file__).parent / "data" / "sources"


def load(name: str, **options: object) -> Transcript:
    return read_source(DATA / name, **options)


def spans(t: Transcript) -> list[tuple[str, str, int | None, int | None]]:
    return [(k.kind, k.text, k.start, k.end) for k in t.tokens()]


# §7.1 plain, wrapped in {"data": …}, or double-encoded
def test_01_wrapped_and_double_encoded() -> None:
    assert load("edge-01-wrapped.json").words() == ["Wrapped"]
    raw = (DATA / "edge-01-double-encoded.json").read_text(encoding="utf-8")
    assert isinstance(json.loads(raw), str)  # really a JSON string holding JSON
    t = load("edge-01-double-encoded.json")
    assert t.words() == ["Encoded", "twice"]
    assert (t.turns[0].start, t.turns[0].end) == (1000, 1800)
    nested = load("edge-01-data-string.json")  # {"data": "<json text>"}
    assert nested.source == "smartdoc" and nested.words() == ["Wrapped", "and", "encoded"]


# §7.2 containers missing, null, empty, or holding nulls
def test_02_missing_null_and_empty_containers() -> None:
    t = load("edge-02-containers.json")
    assert [turn.text() for turn in t.turns] == ["Survivor"]
    assert t.speakers["1"].label == "Ana"
    empty = load("edge-02-smartdoc-empty.json")
    assert empty.turns == [] and empty.title == "Empty" and empty.duration is None
    assert empty.metadata["metadata"] is None
    for doc in ({"monologues": None}, {"monologues": []}, {"speakers": []}):
        assert read(json.dumps(doc).encode()).turns == []


# §7.3 null, empty and whitespace values; Rev.ai " " punct; empty text with timing
def test_03_values() -> None:
    t = load("edge-03-values.json")
    assert spans(t) == [(WORD, "Hello", 500, 900), (SPACE, " ", None, None),
                        (WORD, "world", 1000, 1300), (PUNCT, ".", None, None)]
    assert t.turns[0].text() == "Hello world."


# §7.4 elements without a type are text
def test_04_missing_type_defaults_to_text() -> None:
    t = load("edge-04-no-type.json")
    assert [k.kind for k in t.tokens()] == [WORD, WORD, WORD]
    assert t.turns[0].text() == "No type here."


# §7.5 unknown types are kept, with a warning
def test_05_unknown_type_kept_and_warned(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="transconv.readers"):
        t = load("edge-05-unknown-type.json")
    assert t.turns[0].text() == "Listen [door slams] there"
    assert [k.text for k in t.tokens() if k.kind == WORD] == ["Listen", "[door", "slams]", "there"]
    assert any("unknown element type 'sound'" in r.getMessage() for r in caplog.records)


# §7.6 tag spellings normalise to the bare tag
def test_06_tags() -> None:
    t = load("edge-06-tags.json")
    tags = [(k.text, k.start, k.end) for k in t.tokens()]
    assert all(k.kind == TAG for k in t.tokens())
    assert tags == [("inaudible", 1000, 1000), ("inaudible", 2000, 2000),
                    ("inaudible", 3000, 3000), ("inaudible 00:01:05", 4000, 4000),
                    ("crosstalk", 5000, 5000), ("laughs", 6000, 6000), ("music", 7000, 9500)]
    # the empty tag "[]" is dropped
    assert t.turns[0].text().startswith("[inaudible] [inaudible]")


# §7.7 speaker ids: missing, null, "1" vs 1, absent from the table, duplicates, empty names
def test_07_speakers() -> None:
    t = load("edge-07-speakers.json")
    labels = {key: s.label for key, s in t.speakers.items()}
    assert labels["1"] == "Ana"  # "1" and 1 are one speaker; first named entry wins
    assert labels["2"] == labels["3"] == "Sam"  # same name, different ids: not merged
    assert labels["4"] == "Speaker 4"  # empty name falls through
    assert labels["9"] == "Speaker 9"  # id absent from the table
    assert labels["0"] == "Speaker 0"  # blank speaker_name and display_name ignored
    assert [turn.speaker for turn in t.turns] == ["1", "2", "3", "4", "9", "0", None, None]
    assert t.speaker_label(t.turns[-1].speaker) == ""


# §7.8 times: partial, strings vs numbers, comma vs dot, >3 digits, hours > 99, end < start,
# equal, negative, beyond the media, unsorted
def test_08_times() -> None:
    t = load("edge-08-times.json")
    assert [turn.text() for turn in t.turns] == [
        "early", "swapped equal negative dotted start-only untimed precise", "late"]
    by_word = {k.text: (k.start, k.end) for k in t.tokens()}
    assert by_word["swapped"] == (2500, 3000)  # end < start inside the media: swapped
    assert by_word["equal"] == (4000, 4000)
    assert by_word["negative"] == (4000, 6125)  # negative → missing → interpolated
    assert by_word["dotted"] == (6125, 6500)
    assert by_word["start-only"][0] == 7000
    assert by_word["start-only"][1] == by_word["untimed"][0]
    assert by_word["untimed"][1] == 8123  # "00:00:08,1234567" → 8123
    assert by_word["precise"] == (8123, 8900)
    assert by_word["late"] == (360_005_250, 360_005_750)  # 100 h; ".7504" → 750


def test_08_smartdoc_clamp_swap_duration_and_strings() -> None:
    t = load("edge-08-smartdoc-clamp.json")
    assert t.duration == 10_000
    assert [(turn.text(), turn.start, turn.end) for turn in t.turns] == [
        ("strings", 500, 1000),
        ("start plus duration", 2000, 3500),
        ("swapped inside", 5000, 6000),
        ("past the end", 9000, 10_000)]


def test_08_end_before_start_outside_media_collapses() -> None:
    doc = {"totalTimeInSeconds": 10, "transcript": {"transcripts": [
        {"speakerId": "A", "start": 12, "end": 4, "displayText": "odd"}]}}
    t = read(json.dumps(doc).encode())
    assert (t.turns[0].start, t.turns[0].end) == (10_000, 10_000)


# §7.9 Unicode debris
def test_09_unicode() -> None:
    t = load("edge-09-unicode.json")
    words = t.words()
    assert t.speakers["0"].label == "Café Owner"
    assert words[0] == "café" and unicodedata.is_normalized("NFC", words[0])
    assert words[1:3] == ["10", "%"]  # NBSP is a space
    assert "zerowidth" in words and "bom" in words  # ZWSP and inner BOM removed
    assert "“quoted”" in words  # smart quotes kept
    assert "bell" in words and "ctl" in words  # BEL removed; NEL is a line break, not glue
    assert "broken\ufffd" in words  # lone surrogate replaced
    assert "שלום" in words  # RTL text untouched
    assert "👩\u200d💻" in words  # ZWJ sequence kept
    for word in words:
        word.encode("utf-8")  # every word is encodable
        assert not any(unicodedata.category(c) == "Cc" for c in word)


def test_09_tab_and_newline_are_whitespace_and_cr_breaks_words() -> None:
    doc = {"monologues": [{"elements": [{"value": "one\ttwo\nthree\rfour"}]}]}
    assert read(json.dumps(doc).encode()).words() == ["one", "two", "three", "four"]


# §7.10 a whole hour in one monologue
def test_10_very_long_monologue() -> None:
    elements = []
    for i in range(12_000):  # one word every 300 ms for an hour
        ms = i * 300
        stamp = f"00:{ms // 60_000:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"
        elements.append({"type": "text", "value": f"w{i}", "timestamp": stamp})
    t = read(json.dumps({"monologues": [{"speaker": 1, "elements": elements}]}).encode())
    (turn,) = t.turns
    assert len(turn.tokens) == 12_000
    assert turn.start == 0 and turn.tokens[-1].start == 11_999 * 300
    # each start-only word lasts until the next one starts
    assert all(k.end == k.start + 300 for k in turn.tokens[:-1])


# §7.11 confidence null, above 1, percentages
def test_11_confidence() -> None:
    t = load("edge-11-confidence.json")
    conf = {k.text: k.confidence for k in t.tokens()}
    assert conf["null"] is None and conf["junk"] is None
    assert conf["percent"] == pytest.approx(0.87)  # a value above 1: the file uses percent
    assert conf["string"] == pytest.approx(0.935)
    assert conf["fraction"] == pytest.approx(0.005)  # document-wide rule
    assert conf["huge"] is None  # above 100 is not a confidence
    assert all(c is None or 0 <= c <= 1 for c in conf.values())


# §7.12 numbers and booleans as strings; passthrough fields are not type-checked
def test_12_strings_for_numbers_and_untyped_passthrough() -> None:
    t = load("edge-12-strings.json")
    assert t.duration == 60_500
    assert (t.turns[0].start, t.turns[0].end) == (1500, 2500)
    assert t.speakers["7"].label == "Seven" and t.turns[0].speaker == "7"
    assert t.turns[0].tokens[0].confidence == pytest.approx(0.9)
    assert t.description is None  # an object is no description, and no error either
    assert t.metadata["taskNumber"] == "1042"
    assert t.metadata["batchId"] == ["odd", "but", "passthrough"]
    assert t.metadata["metadata"] == {"archived": "false", "pages": "12",
                                      "nested": {"deep": [1, 2, {"x": None}]}}


# §7.13 duplicate annotations keep the last modifiedOn
def test_13_duplicate_annotations() -> None:
    t = load("edge-13-annotations.json")
    notes = {n.id: n for n in t.annotations}
    assert notes["a1"].text == "final text"
    assert notes["a1"].modified == "2024-05-02T08:00:00+00:00"
    assert notes["a2"].end == 30_000  # clamped to the media
    assert [n.start for n in t.annotations] == sorted(n.start or 0 for n in t.annotations)
    assert len(t.annotations) == 3


# §7.14 huge inputs: refused early above the limit (speed is in test_readers_speed.py)
def test_14_size_limit() -> None:
    raw = (DATA / "rev-spec-example.json").read_bytes()
    with pytest.raises(InvalidInput, match="over the 100-byte limit"):
        read(raw, max_bytes=100)


def test_plain_spaces_share_one_token_that_reading_never_changes() -> None:
    from transconv.model import SPACE_TOKEN

    doc = {"monologues": [{"speaker": 0, "elements": [
        {"type": "text", "value": "one", "ts": 1.0, "end_ts": 1.5, "confidence": 95},
        {"type": "punct", "value": " "},
        {"type": "text", "value": "two"},
        {"type": "punct", "value": " "},
        {"type": "text", "value": "three", "ts": 3.0, "end_ts": 3.5, "confidence": 80}]}]}
    transcript = read(json.dumps(doc).encode(), max_bytes=10_000)
    spaces = [t for t in transcript.tokens() if t.kind == SPACE]
    assert len(spaces) == 2 and all(t is SPACE_TOKEN for t in spaces)
    assert Token(SPACE, " ") == SPACE_TOKEN  # untouched by interpolation and rescaling
    assert [t.start for t in transcript.tokens() if t.kind == WORD] == [1000, 1500, 3000]


def test_noncharacters_go_and_next_line_separates_words() -> None:
    doc = {"monologues": [{"speaker": 1, "elements": [
        {"type": "text", "value": "one\u0085two", "ts": 0.5, "end_ts": 1.0},
        {"type": "text", "value": "a\ufffeb\U0001ffff \ufdd0", "ts": 1.5, "end_ts": 2.0}]}]}
    words = read(json.dumps(doc).encode()).words()
    assert words == ["one", "two", "ab"]
