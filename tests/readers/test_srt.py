"""The SubRip reader: files written by other projects in the test run, hand-made odd files,
round trips through our writers, the transcript view, fuzzing and the command's errors."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import transconv
from transconv.errors import InvalidInput, TransconvError
from transconv.model import CaptionTrack
from transconv.readers.captions import sbv, srt, vtt

from . import subtitle_peers as peers
from .script import SCRIPT, script_words


def read(text: str, **options: object) -> CaptionTrack:
    track = transconv.loads(text.encode("utf-8"), shape="srt", name="in.srt", **options)
    assert isinstance(track, CaptionTrack)
    return track


WRITERS: dict[str, Callable[[Path], Path]] = {
    "pysubs2": lambda folder: peers.pysubs2_file(folder, "srt"),
    "pycaption": lambda folder: peers.pycaption_file(folder, "srt"),
    "webvtt-py": lambda folder: peers.webvtt_file(folder, "srt"),
    "srt": peers.srt_library_file,
    "ffmpeg": lambda folder: peers.ffmpeg_file(folder, "srt"),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_peer_files(writer: str, tmp_path: Path) -> None:
    path = WRITERS[writer](tmp_path)
    track = transconv.load(path)  # detected from the content
    assert track.source == "srt"
    peers.assert_script(track)
    # "Tonight: the café" is a sentence, not a speaker: a lower-case word follows the colon
    assert [s.name for s in track.speakers.values()] == ["Anna", "Jürgen"]


def test_ffmpeg_font_tags_are_no_text(tmp_path: Path) -> None:
    path = peers.ffmpeg_file(tmp_path, "srt")
    assert "<font" in path.read_text(encoding="utf-8")
    track = transconv.load(path)
    assert not any("<" in line or "font" in line for cue in track.cues for line in cue.lines)


# Hand-made files, one odd case each.

def test_line_endings_and_bom() -> None:
    body = "1\n00:00:01,000 --> 00:00:02,000\nOne\ntwo\n\n2\n00:00:03,000 --> 00:00:04,000\nThree\n"
    for nl in ("\n", "\r\n", "\r"):
        for bom in (b"", b"\xef\xbb\xbf"):
            track = transconv.loads(bom + body.replace("\n", nl).encode(), name="x.srt")
            assert [(c.start, c.end, c.lines) for c in track.cues] == [
                (1000, 2000, ("One", "two")), (3000, 4000, ("Three",))]


def test_missing_blank_lines_and_numbers_warn() -> None:
    text = ("1\n00:00:01,000 --> 00:00:02,000\nOne\n"
            "2\n00:00:03,000 --> 00:00:04,000\nTwo\n"
            "00:00:05,000 --> 00:00:06,000\nThree\n\n"
            "7\n00:00:07,000 --> 00:00:08,000\nFour\n")
    with transconv.capture_warnings() as found:
        track = read(text)
    assert [(c.start, c.lines) for c in track.cues] == [
        (1000, ("One",)), (3000, ("Two",)), (5000, ("Three",)), (7000, ("Four",))]
    assert any("line 4: no blank line before this cue (and 1 more)" in w for w in found)
    assert any("line 7: a cue without its number" in w for w in found)
    assert any("line 10: cue number 7 where 3 was expected" in w for w in found)


def test_extra_blank_lines() -> None:
    text = ("\n\n1\n00:00:01,000 --> 00:00:02,000\nOne\n\n\nmore of one\n\n\n\n"
            "2\n00:00:03,000 --> 00:00:04,000\n\nTwo\n\n")
    with transconv.capture_warnings() as found:
        track = read(text)
    assert [c.lines for c in track.cues] == [("One", "more of one"), ("Two",)]
    assert any("line 8: a blank line inside a cue's text" in w for w in found)


def test_a_number_as_text_stays_text() -> None:
    track = read("1\n00:00:01,000 --> 00:00:02,000\nThe answer is\n42\n\n"
                 "2\n00:00:03,000 --> 00:00:04,000\n1999\n")
    assert [c.lines for c in track.cues] == [("The answer is", "42"), ("1999",)]


@pytest.mark.parametrize(("line", "start", "end"), [
    ("00:00:01,000 --> 00:00:02,500", 1000, 2500),
    ("00:00:01.000 --> 00:00:02.500", 1000, 2500),
    ("00:00:01,5 --> 00:00:02,25", 1500, 2250),
    ("0:00:01,5 --> 0:00:02,050", 1500, 2050),
    ("123:04:05,006 --> 123:04:06,000", 443045006, 443046000),
    ("00:00:01,000-->00:00:02,000", 1000, 2000),
    ("  00:00:01,000   -->   00:00:02,000  ", 1000, 2000),
    ("00:01,000 --> 00:02,000", 1000, 2000),
])
def test_time_shapes(line: str, start: int, end: int) -> None:
    cue = read(f"1\n{line}\nText\n").cues[0]
    assert (cue.start, cue.end) == (start, end)


def test_coordinates_kept_as_hints() -> None:
    cue = read("1\n00:00:01,000 --> 00:00:02,000  X1:40 X2:600 Y1:20 Y2:50\nText\n").cues[0]
    assert cue.lines == ("Text",)
    assert cue.hints == (("x1", "40"), ("x2", "600"), ("y1", "20"), ("y2", "50"))


@pytest.mark.parametrize(("body", "lines", "hints"), [
    ("<i>All of it\nin italics</i>", ("All of it", "in italics"), (("italic", "1"),)),
    ("<b><u>Loud</u></b>", ("Loud",), (("bold", "1"), ("underline", "1"))),
    ('<font color="#ffff00">Yellow</font>', ("Yellow",), (("color", "#ffff00"),)),
    ("<i>Part</i> and <i>part</i>", ("Part and part",), ()),
    ("Some <b>bold</b> and <u>under</u>", ("Some bold and under",), ()),
    ("{\\an8}On top", ("On top",), (("region", "top"),)),
    ("{\\an7}<i>Top left</i>", ("Top left",), (("region", "top"), ("align", "left"),
                                               ("italic", "1"))),
    ("{\\a6}Old SSA top", ("Old SSA top",), (("region", "top"),)),
    ("{\\pos(10,20)\\an3}Low right", ("Low right",), (("align", "right"),)),
    ("Fish &amp; chips &lt;3 &#233;t&eacute;", ("Fish & chips <3 été",), ()),
    ("&lt;i&gt; is a tag", ("<i> is a tag",), ()),
    ("a < b and c > d", ("a < b and c > d",), ()),
])
def test_markup(body: str, lines: tuple[str, ...], hints: tuple[tuple[str, str], ...]) -> None:
    cue = read(f"1\n00:00:01,000 --> 00:00:02,000\n{body}\n").cues[0]
    assert (cue.lines, cue.hints) == (lines, hints)


@pytest.mark.parametrize(("text", "where", "message"), [
    ("1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\n00:01:02,5OO --> 00:01:03,000\nTwo\n",
     "line 6", "'00:01:02,5OO' is not a time"),
    ("1\n00:00:01,000 --> 00:00:62,000\nOne\n", "line 2", "'00:00:62,000' is not a time"),
    ("Hello there\n1\n00:00:01,000 --> 00:00:02,000\nOne\n", "line 1",
     "'Hello there' is not a SubRip cue number or time line"),
    ("1\n1234567890:00:00,000 --> 1:00:00,000\nx\n", "line 2", "is not a time"),
])
def test_errors_name_the_line(text: str, where: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        read(text)
    assert str(caught.value).startswith(f"in.srt: {where}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_speakers_from_names_and_chevrons() -> None:
    track = read("1\n00:00:01,000 --> 00:00:02,000\n>> ANNA: Hello.\n\n"
                 "2\n00:00:02,000 --> 00:00:03,000\nStill Anna.\n\n"
                 "3\n00:00:03,000 --> 00:00:04,000\nBob Smith: Hi.\n")
    assert [c.speaker_label for c in track.cues] == ["ANNA", "ANNA", "Bob Smith"]


def test_detection_and_sniff() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nOne\n"
    assert srt.sniff(text) == 2
    assert srt.sniff("\n\n00:00:01,000 --> 00:00:02,000\nOne\n") == 2
    others = ["WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne\n",
              "0:00:01.000,0:00:02.000\nOne\n", '{"monologues": []}', "Hello\nworld\n",
              "1\n2\n00:00:01,000 --> 00:00:02,000\n"]
    assert [srt.sniff(other) for other in others] == [0, 0, 0, 0, 0]
    assert vtt.sniff(text) == 0 and sbv.sniff(text) == 0
    assert transconv.loads(text.encode(), name="noext").source == "srt"


# Round trips and the transcript view.

def _script_track() -> CaptionTrack:
    text = "".join(f"{i}\n{peers._clock(cue.start, ',')} --> {peers._clock(cue.end, ',')}\n"
                   + "\n".join(lines) + "\n\n"
                   for i, (cue, lines) in enumerate(zip(SCRIPT, peers.marked(), strict=True), 1))
    return read(text)


@pytest.mark.parametrize("fmt", ["srt", "vtt", "facebook-srt"])
def test_round_trip(fmt: str) -> None:
    track = _script_track()
    peers.assert_script(track)
    again = transconv.loads(transconv.dumps(track, fmt), shape=fmt)
    assert isinstance(again, CaptionTrack)
    peers.assert_script(again)


@pytest.mark.parametrize("fmt", ["txt", "rev-json", "docx"])
def test_transcript_outputs(fmt: str) -> None:
    track = _script_track()
    transcript = transconv.segment.relayout.transcript_of(track)
    # the script's "£10 — or" keeps its dash: only a dash opening a line is a mark
    assert transcript.words() == script_words()
    assert [transcript.speakers[t.speaker].name for t in transcript.turns] == [
        "Anna", "Jürgen", "Anna", "Jürgen", "Anna"]
    data = transconv.dumps(track, fmt)
    if fmt == "docx":
        import io

        import docx

        text = " ".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    else:
        text = data.decode("utf-8")
    if fmt == "rev-json":
        again = transconv.loads(data)
        assert again.words() == transcript.words()
    for word in ("café", "brûlée", "Øresund.", "¡Nada!", "'single'."):
        assert word in text


# Robustness.

@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda cut, junk, where: _mutate(cut, junk, where),
              st.integers(0, 600), st.text(max_size=40), st.integers(0, 600))))
def test_fuzz_only_transconv_errors(data: bytes) -> None:
    began = time.perf_counter()
    with contextlib.suppress(TransconvError):
        transconv.loads(data, shape="srt", name="f.srt")
    with contextlib.suppress(TransconvError):
        transconv.loads(data, name="f.srt")  # detection, then whichever reader it picks
    assert time.perf_counter() - began < 2


_SOURCE = transconv.dumps(_script_track(), "srt").decode("utf-8")


def _mutate(cut: int, junk: str, where: int) -> bytes:
    text = _SOURCE[:cut] + junk + _SOURCE[where:]
    return text.encode("utf-8", "surrogatepass")


def test_large_cue_stays_linear() -> None:
    words = " ".join(["word"] * 200_000)
    began = time.perf_counter()
    track = read(f"1\n00:00:01,000 --> 00:10:00,000\n<i>{words}</i> &amp; {{\\an8}}\n")
    assert len(track.cues[0].lines[0].split()) == 200_001
    assert time.perf_counter() - began < 5


def test_command_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.srt"
    bad.write_text("1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\n00:01:02,5OO --> 00:01:03,000\n"
                   "Two\n", encoding="utf-8")
    out = tmp_path / "x.vtt"
    proc = subprocess.run([sys.executable, "-m", "transconv", "convert", str(bad), "-o", str(out)],
                          capture_output=True, timeout=60, check=False)
    assert proc.returncode == 3
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "bad.srt: line 6: '00:01:02,5OO' is not a time" in err
    assert not out.exists()
    good = tmp_path / "good.srt"
    good.write_text(_SOURCE, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "transconv", "convert", str(good), "-o", str(out)],
                          capture_output=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    peers.assert_script(transconv.load(out))
