"""Readers of QuickTime text, Spruce STL, Avid DS and Avid DVD.

No peer writes any of these four (pysubs2, pycaption, ttconv and ffmpeg have no writer for
them), so the independent files are built here byte by byte from SCRIPT with the tests' own
arithmetic; ffmpeg's ``stl`` demuxer reads our Spruce files as an independent check of their
text. Round trips go through transconv's writers at several rates and modes.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pysubs2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import transconv
from tests.conftest import require_tool
from tests.readers.script import SCRIPT
from tests.readers.scripted import (
    check_script,
    frame_ms,
    fuzz_once,
    load_track,
    mutate,
    script_lines,
    script_track,
    written,
)
from transconv.errors import InvalidInput
from transconv.readers.captions import avidds, aviddvd, quicktime, spruce

FRAME_FORMATS = ("qt", "spruce-stl", "avid-ds", "avid-dvd")
NTSC = Fraction(30000, 1001)


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("fmt", FRAME_FORMATS)
def test_round_trip_at_the_writers_defaults(fmt: str) -> None:
    data = written(script_track(), fmt)
    track = load_track(data)
    assert track.source == fmt
    check_script(track, 1 if fmt == "qt" else frame_ms(Fraction(30)))


@pytest.mark.parametrize(("fmt", "fps", "mode", "rate", "drop"), [
    ("spruce-stl", "25", "wallclock", Fraction(25), False),
    ("spruce-stl", "29.97", "smpte-df", NTSC, True),
    ("spruce-stl", "29.97", "smpte-ndf", NTSC, False),
    ("spruce-stl", "23.976", "smpte-ndf", Fraction(24000, 1001), False),
    ("spruce-stl", "29.97", "wallclock", NTSC, False),
    ("avid-ds", "25", "wallclock", Fraction(25), False),
    ("avid-ds", "29.97", "smpte-df", NTSC, True),
    ("avid-ds", "59.94", "smpte-ndf", Fraction(60000, 1001), False),
])
def test_round_trip_at_the_rate_the_file_states(fmt: str, fps: str, mode: str, rate: Fraction,
                                                drop: bool) -> None:
    data = written(script_track(), fmt, fps=fps, timecode=mode, avid_24p_workaround=False) \
        if fmt == "avid-ds" else written(script_track(), fmt, fps=fps, timecode=mode)
    track = load_track(data)
    check_script(track, frame_ms(rate))
    assert (track.frame_rate, track.drop_frame) == (rate, drop)


@pytest.mark.parametrize(("fps", "mode", "rate"), [
    ("25", "wallclock", Fraction(25)), ("29.97", "smpte-ndf", NTSC),
    ("24", "wallclock", Fraction(24))])
def test_avid_dvd_round_trip_at_the_rate_given(fps: str, mode: str, rate: Fraction,
                                               caplog: pytest.LogCaptureFixture) -> None:
    data = written(script_track(), "avid-dvd", fps=fps, timecode=mode)
    with caplog.at_level(logging.WARNING):
        track = load_track(data, frame_rate=fps)
    check_script(track, frame_ms(rate))
    assert track.frame_rate == rate
    assert "frame rate" not in caplog.text  # given, not guessed


def test_avid_dvd_without_a_rate_is_read_at_30_with_a_warning(
        caplog: pytest.LogCaptureFixture) -> None:
    data = written(script_track(), "avid-dvd")
    with caplog.at_level(logging.WARNING):
        track = load_track(data)
    assert "does not say its frame rate; read at 30 fps" in caplog.text
    assert track.frame_rate == 30


def test_avid_ds_start_timecode_is_read_as_written_and_named(
        caplog: pytest.LogCaptureFixture) -> None:
    data = written(script_track(), "avid-ds", fps="25", start_timecode="01:00:00:00")
    with caplog.at_level(logging.WARNING):
        tape = load_track(data)
    assert "--timecode-offset 01:00:00:00" in caplog.text
    assert tape.cues[0].start == SCRIPT[0].start + 3_600_000
    check_script(load_track(data, timecode_offset="01:00:00:00"), frame_ms(Fraction(25)))


def test_the_writers_text_escapes_read_back() -> None:
    track = script_track()
    track.cues[0] = type(track.cues[0])(1000, 2000, ("a | b \\ c", "{x} ^Bold"), None, "", True)
    qt_cue = load_track(written(track, "qt")).cues[0]
    assert qt_cue.lines == ("a | b \\ c", "(x) ^Bold")
    dvd_cue = load_track(written(track, "avid-dvd")).cues[0]
    assert dvd_cue.lines == ("a | b \\ c", "{x} ^Bold")
    assert load_track(written(track, "spruce-stl")).cues[0].lines == ("a / b \\ c", "{x} Bold")


# ---------------------------------------------------------------- files built here


def _ff(ms: int, fps: int) -> tuple[int, int]:
    """(whole seconds, frame) of ``ms`` at an integer rate, the frame carried."""
    frames = (ms * fps + 500) // 1000
    return divmod(frames, fps)


def _label(ms: int, fps: int, sep: str = ":") -> str:
    seconds, ff = _ff(ms, fps)
    return f"{seconds // 3600:02}:{seconds // 60 % 60:02}:{seconds % 60:02}{sep}{ff:02}"


def test_spruce_built_here_at_25_fps_with_the_rate_given() -> None:
    rows = ["$FontName = Arial", "//The subtitles of scene one.", "$Bold = FALSE"]
    rows += [f"{_label(a, 25)} , {_label(b, 25)} , {' | '.join(lines)}"
             for a, b, lines in script_lines()]
    track = load_track("\n".join(rows).encode(), frame_rate="25")
    check_script(track, frame_ms(Fraction(25)))
    assert track.source == "spruce-stl"


def test_avid_ds_built_here_at_25_fps() -> None:
    rows = ["@ This file written with the Avid Caption plugin, version 1", "",
            "<begin subtitles>"]
    for a, b, lines in script_lines():
        rows += [f"{_label(a, 25)} {_label(b, 25)}", *lines, ""]
    rows.append("<end subtitles>")
    track = load_track("\r\n".join(rows).encode("utf-16"), frame_rate="25")
    assert track.source == "avid-ds"
    check_script(track, frame_ms(Fraction(25)))


def test_avid_dvd_built_here_at_24_fps_subtitle_edit_layout() -> None:
    rows = ["$FontName = Arial", ""]
    for n, (a, b, lines) in enumerate(script_lines(), 1):
        first, *more = lines
        rows += [f"{n}\t{_label(a, 24)}\t{_label(b, 24)}\t{first}", *(f"\t{m}" for m in more),
                 ""]
    track = load_track("\r\n".join(rows).encode(), frame_rate="24")
    assert track.source == "avid-dvd"
    check_script(track, frame_ms(Fraction(24)))


def test_spruce_at_29_97_drop_frame_built_here() -> None:
    # Frame 1800 is labelled 00:01:00;02 and frame 107892 01:00:00;00 (format note §0.1).
    data = b"00:01:00;02\t,\t00:01:02;00\t,\tOne\n01:00:00;00 , 01:00:01;00 , Two\n"
    track = load_track(data, frame_rate="29.97")
    assert [c.start for c in track.cues] == [60060, 3599996]
    assert (track.frame_rate, track.drop_frame) == (NTSC, True)


def test_spruce_guesses_30_fps_with_a_warning_and_drop_frame_from_semicolons(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        track = load_track(b"00:00:01:15 , 00:00:02:00 , Hi\n")
    assert "read at 30 fps" in caplog.text and track.cues[0].start == 1500
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        track = load_track(b"00:01:00;02 , 00:01:01;00 , Hi\n")
    assert "29.97 fps drop-frame" in caplog.text and track.cues[0].start == 60060


def test_spruce_toggles_commands_graphics_and_a_frame_past_the_second(
        caplog: pytest.LogCaptureFixture) -> None:
    data = (b"//fps=25\n\\\\Colour 0 = Black\n$Italic = TRUE\n$VertAlign = Top\n"
            b"00:00:01:00 , 00:00:02:25 , ^BBold^B and | ^Iitalic^I\n"
            b"$Italic = FALSE\n$SetFilePathToken = <<Graphic>>\n"
            b"00:00:03:00 , 00:00:04:00 , <<Graphic>>file.tif\n"
            b"00:00:05:00,00:00:06:00,plain\n")
    with caplog.at_level(logging.WARNING):
        track = load_track(data)
    first, second = track.cues
    assert first.lines == ("Bold and", "italic") and second.lines == ("plain",)
    assert {("italic", "1"), ("bold", "1"), ("region", "top")} <= set(first.hints)
    assert first.end == 3000  # frame 25 at 25 fps carried into the next second
    assert ("italic", "1") not in second.hints
    assert "frame 25 is past the last" in caplog.text and "graphics file skipped" in caplog.text


def test_avid_ds_missing_markers_are_warned_and_read(caplog: pytest.LogCaptureFixture) -> None:
    data = b"00:00:01:00 00:00:02:00\nOne\n\n00:00:03:00 00:00:04:00\nTwo\nmore\n"
    with caplog.at_level(logging.WARNING):
        track = load_track(data, shape="avid-ds", frame_rate="25")
    assert [c.lines for c in track.cues] == [("One",), ("Two", "more")]
    assert "no <begin subtitles>" in caplog.text and "no <end subtitles>" in caplog.text


def test_avid_dvd_escapes_and_commands() -> None:
    data = (b"$Italic = TRUE\n$HorzAlign = LEFT\n"
            b"1\t00:00:01:00\t00:00:02:00\ta \\| b|c \\\\ d\n"
            b"$Italic = FALSE\n2 00:00:03:00 00:00:04:00 spaced\n")
    first, second = load_track(data, frame_rate="30").cues
    assert first.lines == ("a | b", "c \\ d")
    assert set(first.hints) == {("italic", "1"), ("align", "left")}
    assert second.lines == ("spaced",) and second.hints == (("align", "left"),)


# ---------------------------------------------------------------- errors and detection


@pytest.mark.parametrize(("fmt", "data", "message"), [
    ("qt", b"{QTtext}{timeScale:1000}\n[00:00:01.000]\nHi\n[00:00:00.500]\n",
     "line 4: time stamp [00:00:00.500] is earlier"),
    ("qt", b"{QTtext}\nstray text\n[00:00:01.000]\n", "line 2: 'stray text' comes before"),
    ("qt", b"{QTtext}{timeScale:100}\n[00:00:01.250]\nHi\n[00:00:02.00]\n",
     "line 2: 250 is not below the time scale 100"),
    ("qt", b"\nHello\n[00:00:01.000]\n", "line 2: a QuickTime text file opens with {QTtext}"),
    ("spruce-stl", b"$FontName = Arial\n00:00:01:00 , 00:00:02:00 , ok\n00:00:0x:00 , bad\n",
     "line 3: '00:00:0x:00 , bad' is not a Spruce STL entry"),
    ("spruce-stl", b"//fps=29.97 DF\n00:00:01:00 , 00:01:00;00 , x\n",
     "line 2: 00:01:00;00 does not exist in drop-frame time code"),
    ("spruce-stl", b"00:00:05:00 , 00:00:02:00 , back\n", "line 1: the subtitle ends before"),
    ("avid-ds", b"<begin subtitles>\n00:00:01:00 00:00:02:00\nHi\n\nno times\n",
     "line 5: 'no times' is not an Avid DS time code line"),
    ("avid-ds", b"junk\n<begin subtitles>\n", "line 1: 'junk' comes before <begin subtitles>"),
    ("avid-dvd", b"$FontName = Arial\n1\t00:00:01:00\tHi\n",
     "line 2: '1\\t00:00:01:00\\tHi' is not an Avid DVD entry"),
])
def test_a_malformed_file_names_its_line(fmt: str, data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        transconv.loads(data, shape=fmt, frame_rate="30", name=f"in.{fmt}")
    text = str(caught.value)
    assert text.startswith(f"in.{fmt}: ") and message in text and "\n" not in text


@pytest.mark.parametrize("fmt", FRAME_FORMATS)
def test_each_written_file_is_detected_and_no_other_sniff_claims_it(fmt: str) -> None:
    text = written(script_track(), fmt).decode()
    sniffs = {"qt": quicktime.sniff, "spruce-stl": spruce.sniff, "avid-ds": avidds.sniff,
              "avid-dvd": aviddvd.sniff}
    assert {name: s(text) for name, s in sniffs.items()} == {
        name: 2 if name == fmt else 0 for name in sniffs}


OTHERS = {
    "srt": "1\n00:00:01,000 --> 00:00:02,000\nHi\n",
    "vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n",
    "sbv": "0:00:01.000,0:00:02.000\nHi\n",
    "json": '{"monologues": []}',
    "ttml": '<?xml version="1.0"?><tt xmlns="http://www.w3.org/ns/ttml"></tt>',
    "prose": "It was a bright cold day in April.\n\nThe clocks were striking thirteen.\n",
    "scc": "Scenarist_SCC V1.0\n\n00:00:01:00\t9420 9420\n",
}


@pytest.mark.parametrize("other", sorted(OTHERS))
@pytest.mark.parametrize("sniff", [quicktime.sniff, spruce.sniff, avidds.sniff, aviddvd.sniff])
def test_sniffs_say_no_to_other_formats(other: str, sniff: object) -> None:
    assert callable(sniff)
    assert sniff(OTHERS[other]) == 0


def _ebu_stl() -> bytes:
    gsi = bytearray(b" " * 1024)
    gsi[0:11] = b"850STL25.01"
    tti = bytearray(128)
    tti[0:16] = bytes([0, 1, 0, 0, 0xFF, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0x16, 1])
    tti[16:16 + 24] = b"00:00:01:00 , 00:00:02:00"[:24]
    return bytes(gsi) + bytes(tti)


def test_binary_ebu_stl_is_not_taken_for_spruce() -> None:
    raw = _ebu_stl()
    assert spruce.sniff(raw.decode("latin-1")) == 0
    try:
        doc = transconv.loads(raw, name="in.stl")
    except InvalidInput:
        return
    assert doc.source != "spruce-stl"


# ---------------------------------------------------------------- peers and the command


def test_ffmpeg_reads_the_text_of_our_spruce_file(tmp_path: Path) -> None:
    ffmpeg = require_tool("ffmpeg")
    path = tmp_path / "in.stl"
    path.write_bytes(written(script_track(), "spruce-stl"))
    out = subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-i", str(path),
                          "-f", "srt", "-"], capture_output=True, check=True, timeout=60)
    # ffmpeg reads frames as hundredths (format note), so the text is what is compared.
    peer = pysubs2.SSAFile.from_string(out.stdout.decode("utf-8"), format_="srt")
    ours = load_track(path.read_bytes())
    shown = [tuple(line.strip() for line in event.text.split("\\N")) for event in peer]
    assert shown == [c.lines for c in ours.cues]


@pytest.mark.parametrize(("name", "data", "where"), [
    ("bad.qt.txt", b"{QTtext}{timeScale:1000}\n[00:00:02.000]\nA\n[00:00:01.000]\n", "line 4"),
    ("bad.stl", b"00:00:01:00 , 00:00:02:00 , ok\nnot an entry\n", "line 2"),
    ("bad.txt", b"<begin subtitles>\n00:00:01:00 00:00:02:00\nA\n\nB\n", "line 5"),
])
def test_the_command_refuses_bad_input_with_exit_3_and_writes_nothing(
        tmp_path: Path, name: str, data: bytes, where: str) -> None:
    source, target = tmp_path / name, tmp_path / "out.srt"
    source.write_bytes(data)
    proc = subprocess.run([sys.executable, "-m", "transconv", "convert", str(source), "-o",
                           str(target)],
                          capture_output=True, timeout=60, check=False)
    assert proc.returncode == 3
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and f"{name}: {where}: " in err
    assert not target.exists()


def test_the_command_converts_a_spruce_file(tmp_path: Path) -> None:
    source, target = tmp_path / "in.stl", tmp_path / "out.srt"
    source.write_bytes(written(script_track(), "spruce-stl", fps="25"))
    proc = subprocess.run([sys.executable, "-m", "transconv", "convert", str(source), "-o",
                           str(target)],
                          capture_output=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Good evening, and welcome." in target.read_text(encoding="utf-8")


# ---------------------------------------------------------------- fuzz


@pytest.mark.parametrize("fmt", FRAME_FORMATS)
@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=600))
def test_random_bytes_raise_only_transconv_errors(fmt: str, data: bytes) -> None:
    fuzz_once(lambda raw: transconv.loads(raw, shape=fmt), data)


@pytest.mark.parametrize("fmt", FRAME_FORMATS)
@settings(max_examples=200, deadline=None)
@given(cuts=st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 8),
                               st.sampled_from([b"", b":", b";", b"\n", b"\t", b",", b"|",
                                                b"{", b"}", b"[", b"]", b"9", b"$", b"^I",
                                                b"\xff", b"<end subtitles>", b"{timeScale:7}",
                                                b"{timeStamps:relative}", b"//fps=29.97 DF"])),
                     max_size=6))
def test_mutated_files_raise_only_transconv_errors(fmt: str,
                                                   cuts: list[tuple[int, int, bytes]]) -> None:
    base = written(script_track(), fmt)
    fuzz_once(lambda raw: transconv.loads(raw, shape=fmt), mutate(base, cuts))


@pytest.mark.parametrize("fmt", ["spruce-stl", "avid-dvd"])
def test_a_tape_offset_is_read_as_written_and_named(fmt: str,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    data = written(script_track(), fmt, fps="25", start_timecode="10:00:00:00")
    with caplog.at_level(logging.WARNING):
        tape = load_track(data, frame_rate="25")
    assert "$TapeOffset is TRUE" in caplog.text
    assert tape.cues[0].start == SCRIPT[0].start + 36_000_000
    assert all(("tape", "1") not in cue.hints for cue in tape.cues)
    check_script(load_track(data, frame_rate="25", timecode_offset="10:00:00:00"),
                 frame_ms(Fraction(25)))
