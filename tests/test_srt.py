"""SubRip writer: layout, times, and text that three independent readers see identically."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

import pysrt
import pytest
import srt
import webvtt
from hypothesis import given, settings
from hypothesis import strategies as st

import transconv
from tests.conftest import require_tool
from tests.factories import small_transcript
from transconv.formats import srt as srt_writer
from transconv.model import WORD, CaptionTrack, Speaker, Token, Transcript, Turn
from transconv.segment import Cue, segment
from transconv.text.clock import clock
from transconv.text.lines import payload_lines

HOUR = 3_600_000


def make(turns: Iterable[tuple[str | None, list[str], int]],
         names: dict[str, str] | None = None) -> Transcript:
    """A transcript of ``(speaker, words, start_ms)`` turns, 300 ms per word."""
    built = []
    for speaker, words, start in turns:
        tokens = [Token(WORD, w, start + 300 * i, start + 300 * i + 250, 0.9)
                  for i, w in enumerate(words)]
        built.append(Turn(speaker, start, tokens[-1].end, tokens))
    speakers = {k: Speaker(k, v) for k, v in (names or {}).items()}
    return Transcript(turns=built, speakers=speakers)


def read_all(text: str) -> dict[str, list[tuple[int, int, str]]]:
    """(start, end, text) of every cue as pysrt, srt and webvtt-py read ``text``."""
    return {
        "pysrt": [(s.start.ordinal, s.end.ordinal, s.text) for s in pysrt.from_string(text)],
        "srt": [(s.start // timedelta(milliseconds=1), s.end // timedelta(milliseconds=1),
                 s.content) for s in srt.parse(text)],
        "webvtt": [(c.start_time.in_milliseconds(), c.end_time.in_milliseconds(), c.text)
                   for c in webvtt.from_buffer(io.StringIO(text), format="srt").captions],
    }


def is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(n == h for h in it) for n in needles)


def test_small_transcript_layout_crlf_no_bom() -> None:
    t = small_transcript()
    data = transconv.dumps(t, "srt")
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")  # every line ends CRLF
    first = segment(t)[0]
    assert first.start == 1000 and first.lines[0].startswith("Bob Smith: So where")
    assert text.startswith(f"1\r\n00:00:01,000 --> {clock(first.end, ',')}\r\n"
                           f"{first.lines[0]}\r\n")
    assert text.endswith("\r\n\r\n") and not text.endswith("\r\n\r\n\r\n")
    blocks = text.split("\r\n\r\n")[:-1]
    assert [b.split("\r\n")[0] for b in blocks] == [str(i) for i in range(1, len(blocks) + 1)]
    for block in blocks:
        timing = block.split("\r\n")[1]
        assert re.fullmatch(r"\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}", timing)


def test_three_readers_agree_with_the_cues() -> None:
    t = small_transcript()
    cues = segment(t)
    read = read_all(transconv.dumps(t, "srt").decode())
    expected = [(c.start, c.end, "\n".join(" ".join(line.split()) for line in c.lines))
                for c in cues]
    assert read["pysrt"] == expected
    assert read["srt"] == expected
    assert read["webvtt"] == expected
    decoded = " ".join(text for _, _, text in read["webvtt"]).split()
    assert is_subsequence(t.words(), decoded)
    assert "[crosstalk]" in decoded
    # the visible speaker marker from the segmenter is where the speaker changes
    for cue, (_, _, text) in zip(cues, read["pysrt"], strict=True):
        assert text.startswith(f"{cue.speaker_label}: ") == (cue.new_speaker and
                                                              bool(cue.speaker_label))


HOSTILE = ["<b>bold</b>", "x<y", "<3", "{\\an8}top", "Fish", "&", "chips", "-->", "a-->b",
           "- >", "line\n\nbreak", "\x07bell\x00", "\x85next", "tab\there", "1", "00:00:05,000",
           "<i>", "</i>"]


def test_hostile_text_is_seen_identically_by_every_reader() -> None:
    giant = "w" * 10_000
    t = make([("1", HOSTILE, 1000), (None, [giant, "end"], 20_000)], {"1": "Ann <Lee> & Co"})
    text = transconv.dumps(t, "srt").decode()
    read = read_all(text)
    assert read["pysrt"] == read["srt"] == read["webvtt"]  # nothing eaten as a tag
    assert len(read["pysrt"]) == len(segment(t))  # no cue split by a blank line or fake timing
    assert "<" not in text and "{\\" not in text and "-->" not in text.replace(" --> ", "")
    assert "\x07" not in text and "\x00" not in text and "\x85" not in text
    joined = " ".join(body for _, _, body in read["pysrt"])
    for visible in ("‹b>bold‹/b>", "x‹y", "‹3", "｛\\an8}top", "&", "a→b", "bell", "break",
                    "tab here", "Ann ‹Lee> & Co:", "00:00:05,000"):
        assert visible in joined
    assert "".join(joined.split()).count("w") == len(giant)  # the segmenter may wrap it
    for _, _, body in read["pysrt"]:
        assert all(line.strip() for line in body.split("\n"))


def test_hours_beyond_99() -> None:
    start = 100 * HOUR + 29_605
    t = make([("1", ["late", "words"], start), ("1", ["later"], 123 * HOUR + 4 * 60_000)],
             {"1": "Ann"})
    text = transconv.dumps(t, "srt").decode()
    first_end = clock(segment(t)[0].end, ",")
    assert f"1\r\n100:00:29,605 --> {first_end}\r\n" in text
    read = read_all(text)
    assert read["pysrt"] == read["srt"] == read["webvtt"]
    assert [r[:2] for r in read["srt"]] == [(c.start, c.end) for c in segment(t)]
    assert [r[0] for r in read["srt"]] == [start, 123 * HOUR + 4 * 60_000]


@pytest.mark.parametrize(("ms", "label"), [
    (0, "00:00:00,000"), (59_999, "00:00:59,999"), (HOUR - 1, "00:59:59,999"),
    (HOUR, "01:00:00,000"), (-5, "00:00:00,000"), (1000 * HOUR + 1, "1000:00:00,001"),
])
def test_clock(ms: int, label: str) -> None:
    assert clock(ms, ",") == label


def test_lf_option_and_untimed_transcript() -> None:
    text = transconv.dumps(small_transcript(), "srt", line_ending="lf").decode()
    assert "\r" not in text and text.startswith("1\n00:00:01,000 --> ")
    untimed = Transcript(turns=[Turn(None, None, None, [Token(WORD, "hi")])])
    with pytest.raises(transconv.MissingTiming):
        transconv.dumps(untimed, "srt")


def test_chevron_speaker_marker_survives() -> None:
    # speaker_style="chevrons" makes the segmenter write ">> Name:"; the writer must keep it
    cues = [Cue(0, 900, (">> Bob: hi", "a > b"), "2", "Bob", True)]
    text = srt_writer.render(CaptionTrack(cues), srt_writer.Options())
    assert [s.text for s in pysrt.from_string(text)] == [">> Bob: hi\na > b"]


def test_writer_sorts_fixes_durations_and_renumbers() -> None:
    cues = [
        Cue(5000, 5000, ("zero length",)),
        Cue(1000, 2000, ("first",)),
        Cue(3000, 4000, ("", "\x00\x01", "  ")),  # nothing printable: dropped
        Cue(-50, 800, ("negative start", "")),
    ]
    text = srt_writer.render(CaptionTrack(cues), srt_writer.Options(line_ending="lf"))
    assert text == (
        "1\n00:00:00,000 --> 00:00:00,800\nnegative start\n\n"
        "2\n00:00:01,000 --> 00:00:02,000\nfirst\n\n"
        "3\n00:00:05,000 --> 00:00:05,001\nzero length\n\n"
    )


_ANY_TEXT = st.text(st.one_of(st.characters(codec="utf-8"),
                              st.sampled_from(list("<>{}\\-\n\r\t &;:,.0123456789"))),
                    min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_ANY_TEXT, min_size=1, max_size=8), min_size=1, max_size=4),
       _ANY_TEXT)
def test_any_text_reads_back_identically(turn_words: list[list[str]], name: str) -> None:
    t = make([("1" if i % 2 else None, words, 10_000 * i) for i, words in enumerate(turn_words)],
             {"1": name})
    text = transconv.dumps(t, "srt").decode("utf-8")
    expected = len([c for c in segment(t) if payload_lines(c.lines)])
    if expected == 0:  # nothing printable: an empty file (webvtt-py refuses to read one)
        assert text == ""
        return
    read = read_all(text)
    assert read["pysrt"] == read["srt"] == read["webvtt"]
    assert len(read["srt"]) == expected
    assert "<" not in text and "{\\" not in text


def test_noncharacters_never_cost_a_cue_in_ffmpeg(tmp_path: Path) -> None:
    # ffmpeg drops a whole SubRip cue over one U+FFFE; writers remove noncharacters
    ffmpeg = require_tool("ffmpeg")
    t = Transcript(turns=[Turn(None, 0, 2000, [Token(WORD, "a\ufffeb", 0, 900),
                                               Token(WORD, "c\U0010ffff", 1000, 1900)])])
    source = tmp_path / "in.srt"
    source.write_bytes(transconv.dumps(t, "srt"))
    assert "\ufffe" not in source.read_text(encoding="utf-8")
    out = tmp_path / "out.srt"
    subprocess.run([ffmpeg, "-v", "error", "-i", str(source), str(out)], check=True)
    assert "ab c" in out.read_text(encoding="utf-8")
