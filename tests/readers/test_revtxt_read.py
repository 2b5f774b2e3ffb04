"""The Rev caption text reader (``rev-txt``): speaker blocks, one cue per line.

The format gives only each block's start, truncated to the second, so a round trip keeps
every cue's text, its speaker and the block starts (within the second); the cues inside a
block share the time to the next block by characters. No peer writes the layout: besides
transconv's writer, files are built here line by line.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import transconv
from tests.readers.script import SCRIPT
from tests.readers.scripted import changes, fuzz_once, mutate, script_track, written
from transconv.errors import InvalidInput
from transconv.model import CaptionTrack
from transconv.readers import revtext
from transconv.readers.captions import revtxt


def load(data: bytes, **options: object) -> CaptionTrack:
    doc = transconv.loads(data, **options)
    assert isinstance(doc, CaptionTrack)
    return doc


def test_round_trip_keeps_cue_text_speakers_and_block_starts() -> None:
    track = load(written(script_track(marks=False), "rev-txt"))
    assert track.source == "rev-txt"
    assert [c.lines for c in track.cues] == [(" ".join(c.lines),) for c in SCRIPT]
    assert [c.speaker_label for c in track.cues] == [c.speaker for c in SCRIPT]
    for cue, want, new in zip(track.cues, SCRIPT, changes(), strict=True):
        if new:  # a block starts here: its time, truncated to the second
            assert want.start - 1000 < cue.start <= want.start
    assert all(a.end == b.start for a, b in itertools.pairwise(track.cues))
    assert all(c.start <= c.end for c in track.cues)


def test_marks_in_the_text_are_not_repeated() -> None:
    track = load(written(script_track(), "rev-txt"))
    assert track.cues[0].lines == ("Good evening, and welcome.",)
    assert track.cues[0].speaker_label == "Anna"


def test_built_here_with_unknown_speaker_hours_and_a_block_continued() -> None:
    data = (b"Unknown Speaker (00:02):\r\nHello there.\r\nAnd more.\r\n\r\n"
            b"Bob Smith (01:00:00):\r\nLate words.\r\n\r\nStill Bob.\r\n")
    track = load(data)
    assert [(c.speaker_label, c.lines[0], c.start) for c in track.cues] == [
        ("", "Hello there.", 2000), ("", "And more.", 2000 + (3_598_000 * 12) // 21),
        ("Bob Smith", "Late words.", 3_600_000),
        ("Bob Smith", "Still Bob.", 3_600_000 + 1400 * 11 // 21)]
    assert track.cues[1].end == 3_600_000
    # After the last known time, 21 characters take 1.4 s to say at 15 a second.
    assert track.cues[-1].end == 3_601_400


def test_detection_tells_rev_caption_text_from_the_transcript() -> None:
    caption = written(script_track(marks=False), "rev-txt").decode()
    assert (revtxt.sniff(caption), revtext.sniff(caption)) == (2, 0)
    single = "Anna (00:01):\nOne line only.\n\nBob (00:04):\nAnother.\n"
    assert (revtxt.sniff(single), revtext.sniff(single)) == (1, 2)  # the transcript wins
    for other in ("WEBVTT\n\n", "1\n00:00:01,000 --> 00:00:02,000\nHi\n", ">> ANNA: Hi\n",
                  "Plain words.\n\nMore plain words.\n"):
        assert revtxt.sniff(other) == 0


@pytest.mark.parametrize(("data", "message"), [
    (b"Just text first.\n\nAnna (00:01):\nHi\n", "line 1: 'Just text first.' is not a Rev "
                                                   "speaker line"),
    (b"\n\n\nnot a speaker line\n", "line 4: 'not a speaker line'"),
])
def test_text_before_any_speaker_line_names_its_line(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        transconv.loads(data, shape="rev-txt", name="in.txt")
    assert str(caught.value).startswith("in.txt: ") and message in str(caught.value)


def test_the_command_refuses_it_with_exit_3_and_writes_nothing(tmp_path: Path) -> None:
    source, target = tmp_path / "in.txt", tmp_path / "out.srt"
    source.write_bytes(b"no speaker here\n")
    proc = subprocess.run([sys.executable, "-m", "transconv", "convert", str(source),
                           "--from", "rev-txt", "-o", str(target)],
                          capture_output=True, timeout=60, check=False)
    assert proc.returncode == 3
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and "in.txt: line 1: " in err
    assert not target.exists()


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=600))
def test_random_bytes_raise_only_transconv_errors(data: bytes) -> None:
    fuzz_once(lambda raw: transconv.loads(raw, shape="rev-txt"), data)


@settings(max_examples=200, deadline=None)
@given(cuts=st.lists(st.tuples(st.integers(0, 800), st.integers(0, 8),
                               st.sampled_from([b"", b":", b"(", b")", b"\n", b"\n\n",
                                                b"(99:59):", b"\xff", b"Unknown Speaker"])),
                     max_size=6))
def test_mutated_files_raise_only_transconv_errors(cuts: list[tuple[int, int, bytes]]) -> None:
    base = written(script_track(marks=False), "rev-txt")
    fuzz_once(lambda raw: transconv.loads(raw, shape="rev-txt"), mutate(base, cuts))
