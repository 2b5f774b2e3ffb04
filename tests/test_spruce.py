"""Spruce STL: golden bytes, grammar (simple-caption-formats.md §2), frame read-back, ffmpeg."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

import transconv
from tests.conftest import require_tool
from tests.factories import long_transcript
from tests.timecodes import label_ms, timecoder
from transconv.formats import get
from transconv.formats.frametext import clean_line, labeler, spruce
from transconv.formats.timing import FrameTiming
from transconv.model import CaptionTrack, Transcript
from transconv.segment import Cue, segment
from transconv.timecode import TimecodeMode

DATA = Path(__file__).parent / "data" / "spruce-stl"

GOLDEN_CUES = [
    Cue(1000, 3500, ("Alice: Hello and welcome.",), "1", "Alice", True),
    Cue(3600, 6000, ("[MUSIC]", "[12] back\\slash"), None, "", True),
    Cue(6000, 8990, ("Zoë: Ça va? Ελληνικά — “quoted”",), "2", "Zoë", True),
    Cue(3723004, 3725999, ("Bob: Two lines,", "second | pipe ^Bold {brace}"), "3", "Bob", True),
]

COMMENT = re.compile(r"^//[^\r\n]*$")
COMMAND = re.compile(r"^\$[A-Za-z][A-Za-z0-9]*\t= [^\t\r\n]+$")
TC = r"\d{2}:[0-5]\d:[0-5]\d[:;]\d{2}"
ENTRY = re.compile(rf"^({TC})\t,\t({TC})\t,\t([^\t|\r\n]+(?:\|[^\t|\r\n]+)*)$")

TIMINGS = [
    ("30", "wallclock", "00:00:00:00"),
    ("25", "wallclock", "00:00:00:00"),
    ("23.976", "smpte-ndf", "00:00:00:00"),
    ("29.97", "smpte-ndf", "01:00:00:00"),
    ("29.97", "smpte-df", "00:00:00;00"),
    ("59.94", "smpte-df", "01:00:00;00"),
    ("29.97", "wallclock", "00:00:10:00"),
]




def entries(text: str) -> list[tuple[str, str, str]]:
    """Every entry of a Spruce file, after checking each line against the grammar."""
    assert text.endswith("\r\n")
    found: list[tuple[str, str, str]] = []
    for line in text[:-2].split("\r\n"):
        match = ENTRY.match(line)
        if match:
            found.append((match[1], match[2], match[3]))
        else:
            assert COMMENT.match(line) or COMMAND.match(line), repr(line)
    return found


def shown(cue: Cue) -> str:
    """What the entry should carry: cleaned lines, literal pipes as "/", joined by "|"."""
    return "|".join(line.replace("|", "/") for line in map(clean_line, cue.lines) if line)


def test_golden_bytes() -> None:
    expected = (DATA / "golden.stl").read_bytes()
    assert spruce.render(CaptionTrack(GOLDEN_CUES), spruce.Options()).encode("utf-8") == expected


def test_write_is_render_of_the_segmenter_cues(transcript: Transcript) -> None:
    options = spruce.Options(timing=FrameTiming(fps="25"))
    out = get("spruce-stl").write(transcript, options)
    assert out == spruce.render(CaptionTrack(segment(transcript, options.style)), options)


@pytest.mark.parametrize(("fps", "mode", "offset"), TIMINGS)
def test_grammar_and_read_back_within_one_frame(
    transcript: Transcript, fps: str, mode: TimecodeMode, offset: str
) -> None:
    options = spruce.Options(timing=FrameTiming(fps, mode, offset))
    text = get("spruce-stl").write(transcript, options)
    assert isinstance(text, str)
    coder = timecoder(fps, mode, offset)
    found = entries(text)
    assert all((";" in s + e) == (mode == "smpte-df") for s, e, _ in found)
    cues = sorted(segment(transcript, options.style), key=lambda c: c.start)
    assert len(found) == len(cues)
    frame = 1000 / float(coder.rate)
    previous_end = -1
    for (start, end, body), cue in zip(found, cues, strict=True):
        start_ms, end_ms = label_ms(start, coder), label_ms(end, coder)
        assert abs(start_ms - cue.start) <= frame and abs(end_ms - cue.end) <= frame
        assert previous_end <= start_ms < end_ms
        previous_end = end_ms
        assert body == shown(cue)
    assert f"$TapeOffset\t= {'FALSE' if offset.startswith('00:00:00') else 'TRUE'}" in text


def test_drop_frame_labels_skip_the_dropped_numbers() -> None:
    """Twelve minutes at 29.97 DF: no label shows ;00 or ;01 in a minute not divisible by 10."""
    cues = [Cue(i * 1000, i * 1000 + 700, (f"cue {i}",)) for i in range(720)]
    options = spruce.Options(timing=FrameTiming("29.97", "smpte-df"))
    text = spruce.render(CaptionTrack(cues), options)
    labels = [label for s, e, _ in entries(text) for label in (s, e)]
    dropped = [lb for lb in labels
               if lb[6:8] == "00" and lb[9:] in ("00", "01") and int(lb[3:5]) % 10]
    assert not dropped
    assert any(lb.startswith("00:10:00;0") for lb in labels)  # minute 10 keeps its labels


def test_frames_carry_instead_of_clamping() -> None:
    options = spruce.Options(timing=FrameTiming(fps=25))
    text = spruce.render(CaptionTrack([Cue(1000, 1990, ("x",))]), options)
    assert entries(text) == [("00:00:01:00", "00:00:02:00", "x")]


def test_overlaps_are_removed_and_min_gap_kept() -> None:
    cues = [Cue(2000, 4000, ("b",)), Cue(1000, 3000, ("a",)), Cue(4010, 5000, ("c",))]
    gap = spruce.Options(timing=FrameTiming(min_gap_frames=3))
    found = entries(spruce.render(CaptionTrack(cues), gap))
    assert found == [("00:00:01:00", "00:00:01:27", "a"), ("00:00:02:00", "00:00:03:27", "b"),
                     ("00:00:04:00", "00:00:05:00", "c")]
    # Too close to keep any gap: each cue still lasts one frame and none overlaps.
    tight = entries(spruce.render(CaptionTrack([Cue(1000, 1010, ("a",)), Cue(1010, 2000, ("b",))]),
                                  gap))
    assert tight == [("00:00:01:00", "00:00:01:01", "a"), ("00:00:01:01", "00:00:02:00", "b")]


def test_structure_read_by_ffmpeg(transcript: Transcript, tmp_path: Path) -> None:
    ffmpeg = require_tool("ffmpeg")
    data = transconv.dumps(transcript, "spruce-stl")
    path = tmp_path / "captions.stl"
    path.write_bytes(data)
    run = subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-i", str(path),
                          "-f", "srt", "-"], capture_output=True, check=True, timeout=20)
    srt_text = run.stdout.decode("utf-8").replace("\r\n", "\n")
    blocks = [b.split("\n") for b in srt_text.strip().split("\n\n")]
    ours = entries(data.decode("utf-8"))
    assert len(blocks) == len(ours) > 5
    for block, (start, _, body) in zip(blocks, ours, strict=True):
        # ffmpeg reads the frame field as hundredths, so only H:M:S of the start is compared.
        assert block[1].startswith(start[:8])
        assert block[2:] == body.split("|")


def test_accents_survive_each_encoding(transcript: Transcript) -> None:
    text = get("spruce-stl").write(transcript, spruce.Options())
    assert isinstance(text, str) and "Zoë Ångström" in text and "会议八点开始" in text
    cp1252 = get("spruce-stl").write(transcript, spruce.Options(encoding="windows-1252"))
    assert isinstance(cp1252, bytes)
    decoded = cp1252.decode("cp1252")
    assert "Zoë Ångström" in decoded and "Montréal" in decoded and "„Das Straßenfest" in decoded
    assert "Встреча" not in decoded
    entries(decoded)
    ascii_ = get("spruce-stl").write(transcript, spruce.Options(encoding="us-ascii"))
    assert isinstance(ascii_, bytes) and max(ascii_) < 0x80
    assert "Zoe Angstrom" in ascii_.decode("ascii") and "Montreal" in ascii_.decode("ascii")


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError):
        spruce.Options(timing=FrameTiming("25", "smpte-df"))
    with pytest.raises(ValueError):
        spruce.Options(timing=FrameTiming(fps="banana"))
    with pytest.raises(ValueError):
        spruce.Options(timing=FrameTiming(start_timecode="1h"))
    with pytest.raises(transconv.UsageError):
        transconv.dumps(long_transcript(0.01), "spruce-stl", fps="12.5", timecode="smpte-df")


def test_registry_entry() -> None:
    fmt = get("spruce-stl")
    assert fmt.media_type == "text/x-stl" and fmt.extension == ".stl"


def test_ten_hours_of_cues_all_render() -> None:
    cues = [Cue(i * 2500, i * 2500 + 2200, ("a caption line of some length", "and a second"))
            for i in range(14_400)]
    options = spruce.Options(timing=FrameTiming("29.97", "smpte-df"), encoding="windows-1252")
    data = spruce.render(CaptionTrack(cues), options)
    # speed is measured in bench/, never in a timed unit test
    assert isinstance(data, bytes) and len(entries(data.decode("cp1252"))) == 14_400


def test_ascii_folding_drops_what_it_cannot_show_without_emptying_an_entry() -> None:
    cues = [Cue(0, 1000, ("Zoë said:", "会议八点开始。")), Cue(2000, 3000, ("会议",))]
    data = get("spruce-stl").write(CaptionTrack(cues), spruce.Options(encoding="us-ascii"))
    assert isinstance(data, bytes)
    # the ideographic full stop folds to "." (text/tables.py); the words it ends are omitted
    assert entries(data.decode("ascii")) == [("00:00:00:00", "00:00:01:00", "Zoe said:|.")]


@pytest.mark.parametrize(("fps", "mode", "offset"), TIMINGS)
def test_fast_labels_equal_the_timecoder_labels(fps: str, mode: TimecodeMode, offset: str) -> None:
    coder = timecoder(fps, mode, offset)
    label = labeler(coder)
    for tick in [*range(0, 4000, 7), 107_892, 1_078_920, 3_600_000]:
        assert label(tick) == coder.format(tick)
    assert labeler(coder, ":")(1800) == coder.format(1800, ":")



def test_no_style_toggle_or_stray_pipe_reaches_the_entry() -> None:
    cues = [Cue(0, 1000, ("^^Bold ^i ^x", "a|b\ttab"))]
    assert entries(spruce.render(CaptionTrack(cues), spruce.Options())) == [
        ("00:00:00:00", "00:00:01:00", "Bold i ^x|a/b tab")]
