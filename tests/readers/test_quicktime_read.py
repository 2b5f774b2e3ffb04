"""The QuickTime text reader's odd cases, built by hand (time scales, relative stamps,
descriptors, a missing end stamp), and every frame-text and plain-text reader on long
pathological lines, which must read in linear time."""

from __future__ import annotations

import logging

import pytest

import transconv
from tests.readers.scripted import check_script, fuzz_once, load_track, script_lines


def test_quicktime_built_here_at_time_scale_600() -> None:
    def stamp(ms: int) -> str:
        s = ms // 1000
        return f"[{s // 3600:02}:{s // 60 % 60:02}:{s % 60:02}.{(ms % 1000) * 600 // 1000:03}]"

    rows = ["{QTtext}{timeScale:600}", "{timeStamps:absolute}{justify:left}"]
    for a, b, lines in script_lines():
        rows += [stamp(a), *lines, stamp(b)]
    track = load_track("\r".join(rows).encode())
    check_script(track, 2)
    assert ("align", "left") in track.cues[0].hints


def test_quicktime_time_scale_units_are_not_decimals() -> None:
    data = b"{QTtext}{timeScale:600}\n[00:00:07.300]\nHi\n[00:00:07.599]\n"
    cue = load_track(data).cues[0]
    assert (cue.start, cue.end) == (7500, 7998)
    cue = load_track(b"{QTtext}{timeScale:30}\n[00:00:00.09]\nHi\n[00:00:01.00]\n").cues[0]
    assert (cue.start, cue.end) == (300, 1000)


def test_quicktime_relative_stamps_gaps_and_styles() -> None:
    data = (b"{QTtext} {timeScale:1000} {timeStamps:relative}\n"
            b"[00:00:01.000]\n{italic}Anna: One\n[00:00:02.000]\n\n[00:00:00.500]\n"
            b"{plain}{justify:right}Two\n[00:00:01.500]\n")
    track = load_track(data)
    assert [(c.start, c.end, c.lines) for c in track.cues] == [
        (1000, 3000, ("Anna: One",)), (3500, 5000, ("Two",))]
    assert ("italic", "1") in track.cues[0].hints
    assert track.cues[1].hints == (("align", "right"),)
    assert track.cues[1].speaker_label == "Anna"


def test_quicktime_text_on_a_stamp_line_and_a_missing_end_stamp(
        caplog: pytest.LogCaptureFixture) -> None:
    data = b"{QTtext}{timeScale:1000}\n[00:00:01.000] One\n[00:00:02.000]\nLast words here\n"
    with caplog.at_level(logging.WARNING):
        track = load_track(data)
    assert "line 4: the file ends without a time stamp" in caplog.text
    assert [c.lines for c in track.cues] == [("One",), ("Last words here",)]
    assert track.cues[1].start == 2000 and track.cues[1].end == 3000


def test_quicktime_without_a_time_scale_reads_600ths(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        cue = load_track(b"{QTtext}\n[00:00:01.300]\nHi\n[00:00:02]\n").cues[0]
    assert (cue.start, cue.end) == (1500, 2000)
    assert "no {timeScale}" in caplog.text


LONG = 400_000


@pytest.mark.parametrize(("fmt", "data"), [
    ("spruce-stl", b"$FontName =" + b" " * LONG + b"x\n00:00:01:00 , 00:00:02:00 , x\n"),
    ("avid-dvd", b"$FontName =" + b" " * LONG + b"x\n1\t00:00:01:00\t00:00:02:00" + b" " * LONG
     + b"x\n"),
    ("avid-ds", b"@" + b" 1" * LONG + b"\n<begin subtitles>\n"),
    ("qt", b"{QTtext}" + b"{a" * LONG + b"\n[00:00:01.000]\n" + b"[x " * LONG + b"\n[00:00:02]\n"),
    ("rev-txt", b"A (00:01):\n" + b"[ " * LONG + b"\n"),
    ("txt", b"A (00:01):\n" + b"(00:01): " * LONG + b"\n"),
    ("youtube", b">> " + b"a:" * LONG + b"\n"),
])
def test_long_pathological_lines_read_in_linear_time(fmt: str, data: bytes) -> None:
    fuzz_once(lambda raw: transconv.loads(raw, shape=fmt, frame_rate="25"), data, bound=3.0)
