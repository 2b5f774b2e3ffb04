"""Avid DS and Avid DVD: golden bytes, grammar (simple-caption-formats.md §3–4), read-back."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import transconv
from tests.factories import long_transcript
from tests.timecodes import label_ms, timecoder
from transconv.formats import get
from transconv.formats.frametext import avidds, aviddvd, clean_line
from transconv.formats.timing import FrameTiming
from transconv.model import CaptionTrack, Transcript
from transconv.segment import Cue, segment
from transconv.timecode import TimecodeMode, Timecoder

DATA = Path(__file__).parent / "data"

GOLDEN_CUES = [
    Cue(1000, 3500, ("Alice: Hello and welcome.",), "1", "Alice", True),
    Cue(3600, 6000, ("[MUSIC]", "[12] back\\slash"), None, "", True),
    Cue(6000, 8990, ("Zoë: Ça va? Ελληνικά — “quoted”",), "2", "Zoë", True),
    Cue(3723004, 3725999, ("Bob: Two lines,", "second | pipe ^Bold {brace}"), "3", "Bob", True),
]

TC = r"\d{2}:[0-5]\d:[0-5]\d[:;]\d{2}"
DS_TIMES = re.compile(rf"^({TC}) ({TC})$")
DS_COMMENT = re.compile(r"^@[^\r\n]*$")
DVD_COMMAND = re.compile(r"^\$[A-Za-z]+ = [^\t\r\n]+$")
DVD_ENTRY = re.compile(
    r"^(\d+)\t(\d{2}:[0-5]\d:[0-5]\d:\d{2})\t(\d{2}:[0-5]\d:[0-5]\d:\d{2})\t([^\t\r\n]+)$"
)

TIMINGS = [
    ("30", "wallclock", "00:00:00:00"),
    ("24", "wallclock", "01:00:00:00"),
    ("23.976", "smpte-ndf", "01:00:00:00"),
    ("25", "smpte-ndf", "10:00:00:00"),
    ("29.97", "smpte-df", "01:00:00;00"),
    ("59.94", "smpte-ndf", "00:00:00:00"),
]




def shown(cue: Cue) -> list[str]:
    return [line for line in map(clean_line, cue.lines) if line]


def lines_of(text: str) -> list[str]:
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    assert not any("\r" in line or "\n" in line for line in lines)
    return lines


def ds_titles(text: str) -> list[tuple[str, str, list[str]]]:
    """The titles of an Avid DS file, checking the layout line by line."""
    lines = lines_of(text)
    begin = lines.index("<begin subtitles>")
    assert all(DS_COMMENT.match(line) or line == "" for line in lines[:begin])
    assert lines[-1] == "<end subtitles>" and lines.count("<end subtitles>") == 1
    titles: list[tuple[str, str, list[str]]] = []
    body = lines[begin + 1:-1]
    i = 0
    while i < len(body):
        match = DS_TIMES.match(body[i])
        assert match, body[i]
        j = body.index("", i + 1)  # exactly one blank line closes each title
        assert j > i + 1, "a title needs text"
        assert not any(DS_TIMES.match(line) for line in body[i + 1:j])
        titles.append((match[1], match[2], body[i + 1:j]))
        i = j + 1
    return titles


def dvd_entries(text: str, blank_lines: bool = False) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    lines = lines_of(text)
    seen_entry = False
    for line in lines:
        match = DVD_ENTRY.match(line)
        if match:
            assert int(match[1]) == len(found) + 1
            found.append((match[2], match[3], match[4]))
            seen_entry = True
        elif line == "":
            assert blank_lines and seen_entry
        else:
            assert DVD_COMMAND.match(line) and not seen_entry, repr(line)
    assert lines[0].startswith("$TapeOffset = ")
    return found


def check_timing(pairs: list[tuple[str, str]], cues: list[Cue], coder: Timecoder) -> None:
    frame = 1000 / float(coder.rate)
    previous_end = -1
    assert len(pairs) == len(cues)
    for (start, end), cue in zip(pairs, cues, strict=True):
        start_ms, end_ms = label_ms(start, coder), label_ms(end, coder)
        # One frame of rounding, plus one more where the 24p workaround moved the out-point.
        slack = 2 * frame if coder.nominal == 24 else frame
        assert abs(start_ms - cue.start) <= frame and abs(end_ms - cue.end) <= slack
        assert previous_end <= start_ms < end_ms
        previous_end = end_ms


def test_golden_bytes() -> None:
    ds = avidds.render(CaptionTrack(GOLDEN_CUES), avidds.Options()).encode("utf-8")
    assert ds == (DATA / "avid-ds" / "golden.txt").read_bytes()
    dvd = aviddvd.render(CaptionTrack(GOLDEN_CUES), aviddvd.Options()).encode("utf-8")
    assert dvd == (DATA / "avid-dvd" / "golden.txt").read_bytes()


def test_write_is_render_of_the_segmenter_cues(transcript: Transcript) -> None:
    cues = segment(transcript)
    assert (get("avid-ds").write(transcript, avidds.Options())
            == avidds.render(CaptionTrack(cues), avidds.Options()))
    assert (get("avid-dvd").write(transcript, aviddvd.Options())
            == aviddvd.render(CaptionTrack(cues), aviddvd.Options()))


@pytest.mark.parametrize(("fps", "mode", "offset"), TIMINGS)
def test_ds_grammar_and_read_back(transcript: Transcript, fps: str, mode: TimecodeMode,
                                  offset: str) -> None:
    options = avidds.Options(timing=FrameTiming(fps, mode, offset))
    text = get("avid-ds").write(transcript, options)
    assert isinstance(text, str)
    titles = ds_titles(text)
    assert all((";" in s + e) == (mode == "smpte-df") for s, e, _ in titles)
    cues = sorted(segment(transcript, options.style), key=lambda c: c.start)
    check_timing([(s, e) for s, e, _ in titles], cues, timecoder(fps, mode, offset))
    assert [body for _, _, body in titles] == [shown(c) for c in cues]
    assert titles[0][0][:2] == offset[:2]


@pytest.mark.parametrize(("fps", "mode", "offset"), TIMINGS)
def test_dvd_grammar_and_read_back(transcript: Transcript, fps: str, mode: TimecodeMode,
                                   offset: str) -> None:
    options = aviddvd.Options(timing=FrameTiming(fps, mode, offset),
                              blank_lines=fps == "25")
    text = get("avid-dvd").write(transcript, options)
    assert isinstance(text, str)
    found = dvd_entries(text, options.blank_lines)  # ":" before frames, even in drop-frame
    cues = sorted(segment(transcript, options.style), key=lambda c: c.start)
    check_timing([(s, e) for s, e, _ in found], cues, timecoder(fps, mode, offset))
    assert [body.split("|") for _, _, body in found] == [shown(c) for c in cues]
    tape = "FALSE" if offset.startswith("00:00:00") else "TRUE"
    assert text.startswith(f"$TapeOffset = {tape}\r\n")


def test_avid_24p_workaround_moves_out_points_off_the_skipped_frames() -> None:
    # At 24 fps, 1083 ms is frame 26 = 00:00:01:02, one of the frames Avid skips.
    cues = [Cue(0, 1083, ("a",)), Cue(2000, 2292, ("b",))]  # b ends on 00:00:02:07
    at_24 = FrameTiming(fps="24")
    moved = ds_titles(avidds.render(CaptionTrack(cues), avidds.Options(timing=at_24)))
    assert [(s, e) for s, e, _ in moved] == [("00:00:00:00", "00:00:01:01"),
                                             ("00:00:02:00", "00:00:02:06")]
    kept = ds_titles(avidds.render(CaptionTrack(cues),
        avidds.Options(timing=at_24, avid_24p_workaround=False)))
    assert [e for _, e, _ in kept] == ["00:00:01:02", "00:00:02:07"]
    at_25 = ds_titles(avidds.render(CaptionTrack([Cue(0, 1080, ("a",))]),
                                    avidds.Options(timing=FrameTiming(fps="25"))))
    assert at_25[0][1] == "00:00:01:02"  # off by default away from 24p


def test_no_out_point_on_a_skipped_frame_at_23976() -> None:
    transcript = long_transcript(0.05)
    settings: dict[str, Any] = {"fps": "23.976", "timecode": "smpte-ndf",
                                "start_timecode": "01:00:00:00", "min_gap_frames": 2}

    def bad_outs(**extra: Any) -> list[str]:
        text = transconv.dumps(transcript, "avid-ds", **settings, **extra).decode("utf-8")
        return [e for _, e, _ in ds_titles(text) if int(e[-2:]) in avidds.AVID_24P_BAD_FRAMES]

    assert bad_outs(avid_24p_workaround=False)  # the sample does hit the skipped frames
    assert not bad_outs()


def test_text_cannot_break_the_layout() -> None:
    cues = [Cue(0, 1000, ("<end subtitles>", "", "tab\there", "a|b\\c"))]
    titles = ds_titles(avidds.render(CaptionTrack(cues), avidds.Options()))
    assert titles[0][2] == ["(end subtitles)", "tab here", "a|b\\c"]
    found = dvd_entries(aviddvd.render(CaptionTrack(cues), aviddvd.Options()))
    assert found[0][2] == "<end subtitles>|tab here|a\\|b\\\\c"


def test_accents_survive_each_encoding(transcript: Transcript) -> None:
    for name in ("avid-ds", "avid-dvd"):
        fmt = get(name)
        text = fmt.write(transcript, fmt.options_type()())
        assert isinstance(text, str) and "Zoë Ångström" in text and "Встреча" in text
    utf16 = get("avid-ds").write(transcript, avidds.Options(encoding="utf-16"))
    assert isinstance(utf16, bytes) and utf16.startswith(b"\xff\xfe")
    decoded = utf16.decode("utf-16")
    assert "Zoë Ångström" in decoded and "会议八点开始" in decoded
    ds_titles(decoded)
    cp1252 = get("avid-dvd").write(transcript, aviddvd.Options(encoding="windows-1252"))
    assert isinstance(cp1252, bytes)
    assert "Zoë Ångström" in cp1252.decode("cp1252") and "Montréal" in cp1252.decode("cp1252")
    dvd_entries(cp1252.decode("cp1252"))


def test_registry_and_dumps(transcript: Transcript) -> None:
    assert get("avid-ds").is_caption and get("avid-dvd").is_caption
    data = transconv.dumps(transcript, "avid-ds", encoding="utf-16", fps="25")
    assert data.startswith(b"\xff\xfe@")
    assert transconv.dumps(transcript, "avid-dvd").startswith(b"$TapeOffset = FALSE\r\n")


def test_ten_hours_of_cues_all_render() -> None:
    # Speed is measured in bench/, never in a timed unit test.
    cues = [Cue(i * 2500, i * 2500 + 2200, ("a caption line of some length", "and a second"))
            for i in range(14_400)]
    ds = avidds.Options(timing=FrameTiming(fps="23.976"))
    dvd = aviddvd.Options(timing=FrameTiming(fps="23.976"))
    assert (len(ds_titles(avidds.render(CaptionTrack(cues), ds)))
            == len(dvd_entries(aviddvd.render(CaptionTrack(cues), dvd))))

