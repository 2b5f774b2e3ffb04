"""The YouTube SubViewer (``.sbv``) reader.

No peer writes SBV (pysubs2, pycaption, ttconv and ffmpeg have no SubViewer writer), so the
file is built here byte by byte from SCRIPT the way YouTube's caption editor downloads it;
old SubViewer 2 files with their ``[INFORMATION]`` header and ``[br]`` breaks are built by
hand.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import transconv
from tests.readers.script import SCRIPT
from tests.readers.scripted import changes, fuzz_once, marked_lines, mutate, written
from tests.readers.scripted import script_track as track_of_script
from transconv.errors import InvalidInput
from transconv.model import CaptionTrack
from transconv.readers.captions import avidds, aviddvd, quicktime, revtxt, sbv, spruce


def clock(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    return f"{seconds // 3600}:{seconds // 60 % 60:02}:{seconds % 60:02}.{millis:03}"


def script_sbv(newline: str = "\r\n") -> bytes:
    """SCRIPT as YouTube writes SBV: a time line, the text lines, a blank line."""
    rows: list[str] = []
    for cue, new in zip(SCRIPT, changes(), strict=True):
        rows += [f"{clock(cue.start)},{clock(cue.end)}", *marked_lines(cue, new), ""]
    return newline.join(rows).encode("utf-8")


def load(data: bytes, **options: object) -> CaptionTrack:
    doc = transconv.loads(data, **options)
    assert isinstance(doc, CaptionTrack)
    return doc


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_script_sbv_reads_back_exactly(newline: str) -> None:
    track = load(script_sbv(newline), name="in.sbv")
    assert track.source == "sbv"
    assert [(c.start, c.end) for c in track.cues] == [(c.start, c.end) for c in SCRIPT]
    assert [c.lines for c in track.cues] == [marked_lines(c, new)
                                             for c, new in zip(SCRIPT, changes(), strict=True)]
    marked = [c.speaker_label for c, new in zip(track.cues, changes(), strict=True) if new]
    assert marked == [c.speaker for c, new in zip(SCRIPT, changes(), strict=True) if new]
    assert track.cues[3].speaker_label == "Jürgen"  # carried to the unmarked cue


def test_br_breaks_and_a_missing_blank_line() -> None:
    data = b"0:00:01.000,0:00:02.000\nOne[br]two[BR]three\n0:00:03.000,0:00:04.000\nFour\n"
    track = load(data)
    assert [c.lines for c in track.cues] == [("One", "two", "three"), ("Four",)]


def test_an_old_subviewer_file_with_its_information_header() -> None:
    data = (b"[INFORMATION]\r\n[TITLE]Lemurs\r\n[AUTHOR]Someone\r\n[SOURCE]\r\n[PRG]\r\n"
            b"[FILEPATH]\r\n[DELAY]0\r\n[CD TRACK]0\r\n[COMMENT]\r\n[END INFORMATION]\r\n"
            b"[SUBTITLE]\r\n[COLF]&HFFFFFF,[STYLE]bd,[SIZE]18,[FONT]Arial\r\n"
            b"00:00:12.04,00:00:14.50\r\nLemurs are the bullies[br]of the wild.\r\n\r\n"
            b"00:00:16.1,00:00:19.08\r\nHere we see them.\r\n")
    track = load(data, name="old.sub")
    assert track.source == "sbv"
    assert [(c.start, c.end, c.lines) for c in track.cues] == [
        (12_040, 14_500, ("Lemurs are the bullies", "of the wild.")),
        (16_100, 19_080, ("Here we see them.",))]


def test_an_empty_cue_is_dropped() -> None:
    track = load(b"0:00:01.000,0:00:02.000\n\n0:00:03.000,0:00:04.000\nKept\n")
    assert [c.lines for c in track.cues] == [("Kept",)]


@pytest.mark.parametrize(("data", "message"), [
    (b"Hello first\n0:00:01.000,0:00:02.000\nHi\n",
     "line 1: 'Hello first' is not a SubViewer time line"),
    (b"0:00:01.000,0:00:02.000\nHi\n\n0:00:05.000,0:00:04.000\nBack\n",
     "line 4: the cue ends (0:00:04.000) before it starts"),
])
def test_a_malformed_file_names_its_line(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        transconv.loads(data, shape="sbv", name="in.sbv")
    assert str(caught.value).startswith(f"in.sbv: {message}")
    assert "\n" not in str(caught.value)


def test_the_command_refuses_bad_sbv_with_exit_3_and_writes_nothing(tmp_path: Path) -> None:
    source, target = tmp_path / "in.sbv", tmp_path / "out.vtt"
    source.write_bytes(b"0:00:01.000,0:00:02.000\nHi\n\n0:00:09.000,0:00:04.000\nBack\n")
    proc = subprocess.run([sys.executable, "-m", "transconv", "convert", str(source), "-o",
                           str(target)], capture_output=True, timeout=60, check=False)
    assert proc.returncode == 3
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and "in.sbv: line 4: " in err and not target.exists()


def test_the_command_converts_sbv(tmp_path: Path) -> None:
    source, target = tmp_path / "in.sbv", tmp_path / "out.vtt"
    source.write_bytes(script_sbv())
    proc = subprocess.run([sys.executable, "-m", "transconv", "convert", str(source), "-o",
                           str(target)], capture_output=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "01:00:01.000 --> 01:00:04.000" in target.read_text(encoding="utf-8")


def test_sbv_sniff_says_no_to_other_formats_and_theirs_to_sbv() -> None:
    sample = script_sbv().decode()
    for sniff in (quicktime.sniff, spruce.sniff, avidds.sniff, aviddvd.sniff, revtxt.sniff):
        assert sniff(sample) == 0
    others = [b"1\n00:00:01,000 --> 00:00:02,000\nHi\n", b"WEBVTT\n\n00:01.000 --> 00:02.000\n",
              b'{"monologues": []}', b"It was a bright cold day.\n"]
    others += [written(track_of_script(), fmt) for fmt in ("qt", "spruce-stl", "avid-dvd")]
    for other in others:
        assert sbv.sniff(other.decode()) == 0


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=600))
def test_random_bytes_raise_only_transconv_errors(data: bytes) -> None:
    fuzz_once(lambda raw: transconv.loads(raw, shape="sbv"), data)


@settings(max_examples=200, deadline=None)
@given(cuts=st.lists(st.tuples(st.integers(0, 800), st.integers(0, 8),
                               st.sampled_from([b"", b":", b",", b".", b"\n", b"\n\n", b"[br]",
                                                b"[INFORMATION]", b"\xff", b"9", b"99:"])),
                     max_size=6))
def test_mutated_files_raise_only_transconv_errors(cuts: list[tuple[int, int, bytes]]) -> None:
    fuzz_once(lambda raw: transconv.loads(raw, shape="sbv"), mutate(script_sbv(), cuts))
