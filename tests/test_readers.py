"""Readers: the §2/§3/§5 examples, detection, decoding, speakers, interpolation and errors."""

from __future__ import annotations

import io
import json
import os
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

import transconv
from transconv.errors import InvalidInput, UsageError
from transconv.model import PUNCT, SPACE, TAG, WORD, Token, Transcript, Turn
from transconv.readers import ReadOptions, read, read_source
from transconv.readers.common import rescale_confidence
from transconv.readers.repair import MS_PER_CHAR, finish

DATA = Path(__file__).parent / "data" / "sources"
SAMPLES = Path(__file__).parent.parent / "samples"


def load_json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def doc_bytes(doc: object) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def spans(t: Transcript) -> list[tuple[str, str, int | None, int | None]]:
    return [(k.kind, k.text, k.start, k.end) for k in t.tokens()]


# --- the worked examples of sources.md -------------------------------------------------------


def test_rev_human_example() -> None:
    t = read_source(DATA / "rev-spec-example.json")
    assert t.source == "rev"
    assert {k: s.label for k, s in t.speakers.items()} == {"1": "Interviewee", "2": "Interviewer"}
    assert [turn.speaker for turn in t.turns] == ["2", "1"]
    assert t.turns[0].text() == "So where did you grow up?"
    assert t.turns[1].text() == "Mostly in Lyon, [crosstalk] then Montréal."
    # phrase split into words, 1250..2900 spread by character count (19 letters in all)
    first = t.turns[0].tokens
    assert [w.text for w in first] == ["So", "where", "did", "you", "grow", "up?"]
    assert first[0].start == 1250 and first[-1].end == 2900
    assert all(a.end == b.start for a, b in pairwise(first))
    assert first[1].end - first[1].start > first[0].end - first[0].start  # 5 chars vs 2
    # untimed phrase interpolated between the previous turn's end and the tag
    second = t.turns[1].tokens
    assert (second[0].start, second[2].end) == (2900, 4100)
    assert (second[3].kind, second[3].text, second[3].start, second[3].end) == (
        TAG, "crosstalk", 4100, 4100)
    assert (second[4].start, second[-1].end) == (5000, 6400)
    assert (t.turns[1].start, t.turns[1].end) == (2900, 6400)


def test_revai_example() -> None:
    t = read_source(DATA / "revai-spec-example.json")
    assert t.source == "revai"
    assert t.speakers["0"].label == "Alice"
    assert t.speakers["1"].label == "Speaker 1"  # 0-based ids stay as they are
    assert spans(t) == [
        (WORD, "Hello", 500, 900), (SPACE, " ", None, None), (TAG, "inaudible", 1000, 1400),
        (PUNCT, ".", None, None), (WORD, "Hi", 2000, 2200)]
    assert t.turns[0].tokens[0].confidence == 0.98
    assert t.turns[0].text() == "Hello [inaudible]."
    dropped = read_source(DATA / "revai-spec-example.json", unknown="drop")
    assert dropped.turns[0].text() == "Hello."


def test_smartdoc_example() -> None:
    t = read_source(DATA / "smartdoc-spec-example.json")
    assert t.source == "smartdoc"
    assert t.title == "Interview 12"
    assert t.description is None  # "" is no description
    assert t.duration == 1_834_200
    assert t.language == "en-GB"  # from the free metadata object
    speaker = t.speakers["S1"]
    assert (speaker.name, speaker.prefix, speaker.suffix, speaker.label) == (
        "Alice Martin", "Dr. ", "", "Dr. Alice Martin")
    (turn,) = t.turns
    assert turn.text() == "Dr. Smith, it was 1984."
    assert [(w.text, w.start, w.end, w.confidence) for w in turn.tokens] == [
        ("Dr.", 1250, 1550, 0.95), ("Smith,", 1600, 2000, 0.97), ("it", 2100, 2200, 0.99),
        ("was", 2200, 2400, 0.99), ("1984.", 2500, 4800, 0.88)]
    (note,) = t.annotations
    assert (note.id, note.text, note.start, note.end, note.author, note.created) == (
        "a1", "Check spelling of surname", 1250, 4800, "jdoe", "2024-05-01T12:00:00Z")
    assert t.metadata["taskNumber"] == 1042
    assert t.metadata["metadata"] == {"anything": "goes", "language": "en-GB"}
    assert t.metadata["lastIntegratedOn"] == "2024-05-02T09:58:12Z"
    assert "transcript" not in t.metadata


def test_smartdoc_original_words_option() -> None:
    t = read_source(DATA / "smartdoc-spec-example.json", words="original")
    assert t.words() == ["doctor", "smith", "it", "was", "nineteen", "eighty", "four"]
    assert t.turns[0].tokens[-1].end == 4800


def test_smartdoc_display_text_wins_over_stale_words() -> None:
    doc = load_json("smartdoc-spec-example.json")
    seg = doc["transcript"]["transcripts"][0]
    seg["displayText"] = "Dr. Smith, it was in 1984."
    t = read(doc_bytes(doc))
    assert t.turns[0].text() == "Dr. Smith, it was in 1984."
    assert (t.turns[0].start, t.turns[0].end) == (1250, 4800)


def test_smartdoc_text_without_words_is_spread_and_words_without_text_joined() -> None:
    doc = load_json("smartdoc-spec-example.json")
    seg = doc["transcript"]["transcripts"][0]
    words = seg.pop("displayWords")
    t = read(doc_bytes(doc))
    tokens = t.turns[0].tokens
    assert [w.text for w in tokens] == ["Dr.", "Smith,", "it", "was", "1984."]
    assert tokens[0].start == 1250 and tokens[-1].end == 4800
    assert all(a.end == b.start for a, b in pairwise(tokens))
    seg["displayWords"] = words
    seg["displayText"] = None
    assert read(doc_bytes(doc)).turns[0].text() == "Dr. Smith, it was 1984."
    seg["displayWords"] = []
    assert read(doc_bytes(doc)).turns == []  # neither text nor words: skipped


def test_smartdoc_unit_sanity_rule_reads_milliseconds() -> None:
    doc = load_json("smartdoc-spec-example.json")
    seg = doc["transcript"]["transcripts"][0]
    doc["totalTimeInSeconds"] = 5.0  # the rule needs speech to cover most of the media
    seg.update(start=1250, end=4800, duration=3550)
    for word in seg["displayWords"]:
        word["offsetInSeconds"] = round(word["offsetInSeconds"] * 1000)
        word["durationInSeconds"] = round(word["durationInSeconds"] * 1000)
    note = doc["transcript"]["annotations"][0]
    note.update(start=1250, end=4800)
    t = read(doc_bytes(doc))
    assert (t.turns[0].start, t.turns[0].end) == (1250, 4800)
    assert t.turns[0].tokens[1].start == 1600
    assert (t.annotations[0].start, t.annotations[0].end) == (1250, 4800)


def test_smartdoc_segments_sorted_by_start() -> None:
    t = read_source(SAMPLES / "smartdoc-deposition.json")
    starts = [turn.start for turn in t.turns]
    assert starts == sorted(starts)
    raw = json.loads((SAMPLES / "smartdoc-deposition.json").read_text(encoding="utf-8"))
    by_start = sorted(raw["transcript"]["transcripts"], key=lambda s: s["start"])
    assert [turn.text() for turn in t.turns] == [s["displayText"] for s in by_start]


# --- detection and shape override ---------------------------------------------------------------


@pytest.mark.parametrize(("name", "shape"), [
    ("rev-spec-example.json", "rev"), ("revai-spec-example.json", "revai"),
    ("smartdoc-spec-example.json", "smartdoc")])
def test_detection(name: str, shape: str) -> None:
    assert read_source(DATA / name).source == shape


def test_detection_untimed_text_only_is_rev_human() -> None:
    t = read(doc_bytes({"monologues": [{"speaker": 1, "elements": [{"value": "just words"}]}]}))
    assert t.source == "rev"
    assert not t.is_timed
    assert all(k.start is None and k.end is None for k in t.tokens())
    assert (t.turns[0].start, t.turns[0].end) == (None, None)


def test_shape_override() -> None:
    assert read_source(DATA / "revai-spec-example.json", shape="rev").source == "rev"
    assert read_source(DATA / "rev-spec-example.json", shape="revai").source == "revai"
    empty = read(b'{"transcript": null}', shape="smartdoc")
    assert empty.turns == [] and empty.source == "smartdoc"
    with pytest.raises(InvalidInput, match="not a SmartDocumentor document: no 'transcript'"):
        read_source(DATA / "rev-spec-example.json", shape="smartdoc")
    with pytest.raises(InvalidInput, match=r"not a Rev\.ai document: no 'monologues'"):
        read_source(DATA / "smartdoc-spec-example.json", shape="revai")
    with pytest.raises(UsageError, match="unknown input format"):
        read(b"{}", shape="nonesuch")


def test_neither_shape_is_a_clear_error() -> None:
    with pytest.raises(InvalidInput) as info:
        read(b'{"foo": 1, "bar": []}', name="x.json")
    assert str(info.value) == ("x.json: not a transcript this project reads: no reader "
                               "knows a JSON object with these keys (bar, foo)")


# --- decoding --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_boms_are_accepted(encoding: str) -> None:
    text = (DATA / "rev-spec-example.json").read_text(encoding="utf-8")
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    assert read(raw).turns[1].text().endswith("Montréal.")


@pytest.mark.parametrize(("raw", "message"), [
    (b'{"monologues": ["\xff"]}', "x.json: not valid UTF-8 (byte 0xff at offset 17)"),
    (b'{"monologues": [{"elements": [', "x.json: not valid JSON: Expecting value at line 1"),
    (b"[1, 2]", "x.json: the top level is an array"),
    (b"42", "x.json: the top level is a number"),
    (b"", "x.json: empty input"),
    (b"[" * 100_000 + b"]" * 100_000, "x.json: JSON nested too deeply"),
    (b'{"monologues": ' + b"[" * 5000 + b"]" * 5000 + b"}", "x.json: JSON nested too deeply"),
    (b'{"monologues": [{"elements": [{"ts": ' + b"9" * 5000 + b"}]}]}", "x.json: not valid JSON"),
])
def test_unreadable_input_is_one_line_invalid_input(raw: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as info:
        read(raw, name="x.json")
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)
    assert info.value.source == "x.json"


# --- errors name the file and the JSON path ----------------------------------------------------


@pytest.mark.parametrize(("doc", "where", "detail"), [
    ({"monologues": [{}, {}, {}, {"elements": [{"value": "a"}] * 12 + [
        {"value": "b", "timestamp": "00:xx"}]}]},
     "monologues[3].elements[12].timestamp", "'00:xx' is not hh:mm:ss,fff"),
    ({"monologues": [{"elements": [{"value": "b", "end_ts": [1]}]}]},
     "monologues[0].elements[0].end_ts", "[1] is not a time"),
    ({"monologues": [{"elements": [{"value": "b", "timestamp": "00:00:12:15"}]}]},
     "monologues[0].elements[0].timestamp", "frame time code"),
    ({"monologues": [{"elements": {"a": 1}}]}, "monologues[0].elements",
     "expected an array, got an object"),
    ({"monologues": [{"elements": [None, None, {"ts": "x"}]}]}, "monologues[0].elements[2].ts",
     "'x' is not a time"),
    ({"monologues": [{"elements": [None, {"value": [1]}]}]}, "monologues[0].elements[1].value",
     "expected text, got an array"),
    ({"monologues": [{"elements": [None, 5]}]}, "monologues[0].elements[1]",
     "expected an object, got a number"),
    ({"monologues": [{"elements": [{"value": {}}]}]}, "monologues[0].elements[0].value",
     "expected text, got an object"),
    ({"monologues": [{"speaker": [1]}]}, "monologues[0].speaker", "expected an id"),
    ({"monologues": 3}, "monologues", "expected an array, got a number"),
    ({"data": {"monologues": [{"elements": [{"ts": "x"}]}]}},
     "data.monologues[0].elements[0].ts", "'x' is not a time"),
    ({"transcript": {"transcripts": [{"start": "soon"}]}}, "transcript.transcripts[0].start",
     "'soon' is not a time"),
    ({"transcript": {"transcripts": [{"displayWords": [{"text": "a", "offsetInSeconds": True}]}]}},
     "transcript.transcripts[0].displayWords[0].offsetInSeconds", "true is not a time"),
    ({"transcript": {"speakers": "S1"}}, "transcript.speakers", "expected an array"),
    ({"transcript": 5}, "transcript", "expected an object"),
    ({"totalTimeInSeconds": "long", "transcript": {}}, "totalTimeInSeconds", "not a time"),
])
def test_errors_name_file_and_json_path(doc: object, where: str, detail: str) -> None:
    with pytest.raises(InvalidInput) as info:
        read(doc_bytes(doc), name="interview.json")
    assert info.value.where == where
    assert detail in info.value.detail
    assert str(info.value) == f"interview.json: {where}: {info.value.detail}"
    assert "\n" not in str(info.value)


# --- speakers ----------------------------------------------------------------------------------


def test_speaker_resolution_order() -> None:
    doc = {"speakers": [{"id": 1, "name": "From table"}, {"id": 2, "name": "Table two"}],
           "monologues": [
               {"speaker": 1, "speaker_name": "From monologue",
                "speaker_info": {"display_name": "From info"}, "elements": [{"value": "a"}]},
               {"speaker": 2, "speaker_name": "Named", "elements": [{"value": "b"}]},
               {"speaker": "3", "elements": [{"value": "c"}]},
               {"speaker": 4, "speaker_info": {"display_name": "  "}, "speaker_name": "",
                "elements": [{"value": "d"}]},
               {"speaker": None, "speaker_name": "Nobody", "elements": [{"value": "e"}]}]}
    t = read(doc_bytes(doc))
    assert {k: s.label for k, s in t.speakers.items()} == {
        "1": "From info", "2": "Named", "3": "Speaker 3", "4": "Speaker 4"}
    assert [turn.speaker for turn in t.turns] == ["1", "2", "3", "4", None]
    assert t.speaker_label(None) == ""


# --- interpolation -----------------------------------------------------------------------------


def test_interpolation_between_anchors_by_characters() -> None:
    doc = {"monologues": [{"speaker": 1, "elements": [
        {"value": "aa", "timestamp": "00:00:01,000", "end_timestamp": "00:00:01,200"},
        {"value": "bbbb"}, {"value": "bb"},
        {"value": "cc", "timestamp": "00:00:02,200", "end_timestamp": "00:00:02,400"}]}]}
    t = read(doc_bytes(doc))
    # 1000 ms between 1200 and 2200 over 4 + 2 characters
    assert spans(t)[1:3] == [(WORD, "bbbb", 1200, 1866), (WORD, "bb", 1866, 2200)]


def test_interpolation_start_only_phrases_and_tail_estimate() -> None:
    doc = {"monologues": [
        {"speaker": 1, "elements": [{"value": "one two", "timestamp": "00:00:01,000"}]},
        {"speaker": 2, "elements": [{"value": "three", "timestamp": "00:00:02,000"},
                                    {"value": "four five"}]}]}
    t = read(doc_bytes(doc))
    # "one two" runs from its start to the next known start, 3:3 characters
    assert spans(t)[:2] == [(WORD, "one", 1000, 1500), (WORD, "two", 1500, 2000)]
    # nothing after: estimated at MS_PER_CHAR per character
    tail = t.turns[1].tokens
    assert tail[0].start == 2000
    assert tail[-1].end == 2000 + MS_PER_CHAR * len("threefourfive")


def test_repair_replaces_tokens_and_leaves_shared_ones_alone() -> None:
    """Swapping, clamping, interpolating and rescaling build new tokens: a token shared by
    two turns (as readers share SPACE_TOKEN) is the same value afterwards."""
    swapped = Token(WORD, "swapped", 900, 100, 80.0)
    late = Token(WORD, "late", 1500, 3000)
    untimed = Token(WORD, "untimed", confidence=50.0)
    shared = [swapped, late, untimed]
    turns = [Turn("1", None, None, [*shared, Token(WORD, "end", 3000, 3000)]),
             Turn("2", None, None, [*shared])]
    finish(turns, 2000)
    rescale_confidence(turns, 80.0)
    assert swapped == Token(WORD, "swapped", 900, 100, 80.0)
    assert late == Token(WORD, "late", 1500, 3000)
    assert untimed == Token(WORD, "untimed", confidence=50.0)
    for turn in turns:
        assert turn.tokens[0] == Token(WORD, "swapped", 100, 900, 0.8)
        assert turn.tokens[1] == Token(WORD, "late", 1500, 2000)
        assert turn.tokens[2].start is not None and turn.tokens[2].end is not None
        assert turn.tokens[2].confidence == 0.5
        assert all(new is not old for new, old in zip(turn.tokens[:3], shared, strict=True))


def test_untimed_first_turn_starts_at_zero() -> None:
    doc = {"monologues": [{"speaker": 1, "elements": [{"value": "hello there"}]},
                          {"speaker": 2, "elements": [{"value": "yes", "ts": 1.1, "end_ts": 1.5}]}]}
    t = read(doc_bytes(doc))
    assert spans(t)[:2] == [(WORD, "hello", 0, 550), (WORD, "there", 550, 1100)]


def test_turns_sorted_stably_and_overlaps_kept() -> None:
    doc = {"monologues": [
        {"speaker": 1, "elements": [{"value": "late", "ts": 5.0, "end_ts": 6.0}]},
        {"speaker": 2, "elements": [{"value": "first", "ts": 1.0, "end_ts": 3.0}]},
        {"speaker": 3, "elements": [{"value": "overlap", "ts": 1.0, "end_ts": 2.0}]}]}
    t = read(doc_bytes(doc))
    assert [turn.speaker for turn in t.turns] == ["2", "3", "1"]


# --- read_source -------------------------------------------------------------------------------


def test_read_source_paths_bytes_files_and_stdin(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    path = DATA / "rev-spec-example.json"
    raw = path.read_bytes()
    expected = read_source(path).words()
    assert read_source(str(path)).words() == expected
    assert read_source(raw).words() == expected
    assert read_source(bytearray(raw)).words() == expected
    with path.open("rb") as handle:
        assert read_source(handle).words() == expected
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    assert read_source("-").words() == expected
    assert transconv.load(path).words() == expected
    assert transconv.loads(raw.decode("utf-8")).words() == expected


def test_read_source_size_limit_checked_before_reading(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2048 + (DATA / "rev-spec-example.json").read_bytes())

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened although it is too large")

    monkeypatch.setattr("builtins.open", no_open)
    with pytest.raises(InvalidInput, match=r"big\.json: input is 2,.* bytes, over the 1,024"):
        read_source(big, max_bytes=1024)
    monkeypatch.undo()
    with pytest.raises(InvalidInput, match="over the 1,024-byte limit"):
        read_source(io.BytesIO(big.read_bytes()), max_bytes=1024)
    with pytest.raises(InvalidInput, match="over the 1,024-byte limit"):
        read(big.read_bytes(), max_bytes=1024)
    assert read_source(big).words()  # default limit is 512 MiB
    assert ReadOptions().max_bytes == 512 * 1024 * 1024


def test_read_source_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(InvalidInput) as info:
        read_source(missing)
    assert str(info.value).startswith(f"{os.fspath(missing)}: cannot read")


def test_options_are_validated() -> None:
    with pytest.raises(UsageError):
        read(b"{}", words="spoken")
    with pytest.raises(UsageError):
        read(b"{}", unknown="keep")
    with pytest.raises(UsageError):
        read(b"{}", colour="red")
    with pytest.raises(UsageError):
        read(b"{}", max_bytes=0)


# --- samples -----------------------------------------------------------------------------------


def test_samples_read_with_their_promised_features() -> None:
    rev = read_source(SAMPLES / "rev-interview.json")
    assert rev.source == "rev" and len(rev.speakers) == 3
    assert {TAG} <= {k.kind for k in rev.tokens()}
    assert "Montréal" in " ".join(rev.words()) and rev.end > 120_000
    raw = json.loads((SAMPLES / "rev-interview.json").read_text(encoding="utf-8"))
    elements = [e for m in raw["monologues"] for e in m["elements"]]
    assert any(e["type"] == "text" and "timestamp" not in e and e["value"].strip()
               for e in elements)
    assert all(k.start is not None for k in rev.tokens() if k.kind in (WORD, TAG))
    revai = read_source(SAMPLES / "revai-meeting.json")
    assert revai.source == "revai" and revai.speakers["0"].label == "Priya Raman"
    assert {SPACE, PUNCT, WORD, TAG} <= {k.kind for k in revai.tokens()}
    smart = read_source(SAMPLES / "smartdoc-deposition.json")
    assert smart.language == "en-US" and len(smart.annotations) == 2
    assert smart.speakers["S1"].label == "Mr. Daniel Reyes (counsel for plaintiff)"
    original = read_source(SAMPLES / "smartdoc-deposition.json", words="original")
    assert original.words() != smart.words()


def test_revai_fixtures_parse_with_the_official_sdk() -> None:
    """Cross-check: the rev_ai SDK (test-only) reads our Rev.ai fixtures the same way."""
    sdk = pytest.importorskip("rev_ai.models.asynchronous")
    for path in (DATA / "revai-spec-example.json", SAMPLES / "revai-meeting.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        theirs = sdk.Transcript.from_json(doc)
        ours = read_source(path)
        their_words = [e.value for m in theirs.monologues for e in m.elements
                       if e.type_ == "text"]
        assert ours.words() == their_words
        their_times = [(round(e.timestamp * 1000), round(e.end_timestamp * 1000))
                       for m in theirs.monologues for e in m.elements if e.type_ == "text"]
        assert [(k.start, k.end) for k in ours.tokens() if k.kind == WORD] == their_times
        assert [str(m.speaker) for m in theirs.monologues] == [t.speaker for t in ours.turns]


# --- language, frame rate, forgiving inputs ------------------------------------------------------


@pytest.mark.parametrize(("doc", "language"), [
    ({"language": "en_US", "monologues": []}, "en-US"),
    ({"monologues": [], "metadata": {"locale": "fr-CA"}}, "fr-CA"),
    ({"transcript": {}, "metadata": {"language": "de"}}, "de"),
    ({"transcript": {}, "metadata": {"language": 5}}, None),
    ({"monologues": []}, None),
])
def test_language_found_anywhere_it_is_given(doc: object, language: str | None) -> None:
    assert read(doc_bytes(doc)).language == language


def test_frame_rate_option_reads_frame_timecodes() -> None:
    doc = {"monologues": [{"elements": [
        {"value": "framed", "timestamp": "00:00:01:15", "end_timestamp": "00:00:02:00"}]}]}
    t = read(doc_bytes(doc), frame_rate="25")
    assert spans(t) == [(WORD, "framed", 1600, 2000)]
    ntsc = read(doc_bytes(doc), frame_rate="29.97")
    assert ntsc.turns[0].start == 1502  # frame 45 at 30000/1001 fps
    with pytest.raises(UsageError):
        read(doc_bytes(doc), frame_rate="fast")


def test_text_given_instead_of_bytes_is_accepted() -> None:
    text = (DATA / "rev-spec-example.json").read_text(encoding="utf-8")
    assert read(text).words() == read_source(DATA / "rev-spec-example.json").words()  # type: ignore[arg-type]


def test_stdin_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b" " * 5000 + b"{}")))
    with pytest.raises(InvalidInput, match=r"^<stdin>: input is over the 1,024-byte limit"):
        read_source("-", max_bytes=1024)


def test_rev_reads_back_our_writers_additions() -> None:
    doc = {"speakers": [{"id": 1, "name": "Alice", "prefix": "Dr. ", "suffix": " (chair)"}],
           "monologues": [{"speaker": 1, "timestamp": "00:00:01,000",
                           "end_timestamp": "00:00:09,000", "elements": [{"value": "spread"}]}],
           "title": "  Board   meeting ", "description": "Line one\nLine two",
           "language": "en", "duration": "00:00:05,000", "job": 7,
           "annotations": [{"id": "n2", "text": "later", "timestamp": "00:00:04,000"},
                           {"id": "n1", "text": "check", "timestamp": "00:00:02,000",
                            "end_timestamp": "00:00:07,000", "author": "kim"}]}
    t = read(doc_bytes(doc))
    assert t.speakers["1"].label == "Dr. Alice (chair)"
    assert (t.title, t.description, t.language, t.duration) == (
        "Board meeting", "Line one\nLine two", "en", 5000)
    # the monologue span bounds the untimed word, then the duration clamps it
    assert spans(t) == [(WORD, "spread", 1000, 5000)]
    assert [(n.id, n.start, n.end, n.author) for n in t.annotations] == [
        ("n1", 2000, 5000, "kim"), ("n2", 4000, None, None)]
    assert t.metadata == {"job": 7}
