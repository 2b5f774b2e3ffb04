"""Time operations: time-code offset, frame-rate change and shift, on tracks and transcripts."""

from __future__ import annotations

import logging
from fractions import Fraction

import pytest

import transconv
from transconv.errors import UsageError
from transconv.model import CaptionTrack, Cue, Token, Transcript, Turn
from transconv.timeops import Retiming, retime, shift_ms, timecode_ms

SBV = (b"1:00:01.000,1:00:03.500\nHello there.\n\n"
       b"1:00:04.000,1:00:06.000\nGeneral Kenobi.\n")


def _track(*spans: tuple[int, int]) -> CaptionTrack:
    return CaptionTrack([Cue(a, b, (f"cue {i}",)) for i, (a, b) in enumerate(spans)])


@pytest.mark.parametrize(("text", "ms"), [
    ("-1.5s", -1500), ("+700ms", 700), ("700", 700), ("-00:00:02.000", -2000),
    ("1m", 60_000), ("-01:00:00.250", -3_600_250)])
def test_shift_takes_signed_durations(text: str, ms: int) -> None:
    assert shift_ms(text) == ms


@pytest.mark.parametrize("bad", ["x", "--1s", "1.2.3s", "1 minute"])
def test_a_bad_shift_is_a_usage_error(bad: str) -> None:
    with pytest.raises(UsageError, match="shift"):
        Retiming.of(shift=bad)


@pytest.mark.parametrize(("label", "rate", "ms"), [
    ("01:00:00:00", Fraction(25), 3_600_000),
    ("01:00:00:00", None, 3_600_000),                    # 30 when nothing says otherwise
    ("00:00:01:15", Fraction(30), 1_500),
    ("01:00:00;00", Fraction(30000, 1001), 3_599_996),   # drop-frame: 107892 frames
    ("01:00:00:00", Fraction(30000, 1001), 3_603_600),   # non-drop at 29.97 runs slow
    ("01:00:00.250", None, 3_600_250),
])
def test_timecode_offsets_count_frames_at_the_rate(label: str, rate: Fraction | None,
                                                   ms: int) -> None:
    assert timecode_ms(label, rate) == ms


def test_operations_apply_offset_then_rate_then_shift() -> None:
    track = _track((3_610_000, 3_612_000))
    timing = Retiming.of(timecode_offset="01:00:00:00", fps_from=24, fps_to=25, shift="+1s")
    cue = retime(track, timing).cues[0]
    scale = Fraction(24, 25)
    assert cue.start == round(10_000 * scale) + 1000
    assert cue.end == round(12_000 * scale) + 1000
    assert track.cues[0].start == 3_610_000  # the given track is left alone


def test_an_ntsc_film_offset_counts_frames_at_the_source_rate() -> None:
    # 01:00:00:00 at 23.976 non-drop is 86400 frames: 3603.6 s of media
    track = _track((3_603_600, 3_604_600))
    timing = Retiming.of(timecode_offset="01:00:00:00", fps_from="23.976", fps_to=25)
    assert retime(track, timing).cues[0].start == 0


def test_the_tracks_own_rate_reads_a_frame_offset() -> None:
    track = _track((3_600_000, 3_601_000))
    track.frame_rate, track.drop_frame = Fraction(30000, 1001), True
    moved = retime(track, Retiming.of(timecode_offset="01:00:00:00"))
    assert moved.cues[0].start == 4  # 01:00:00;00 is 3599.996 s of media


def test_cues_before_zero_are_cut_or_dropped_with_a_warning(
        caplog: pytest.LogCaptureFixture) -> None:
    track = _track((500, 900), (800, 2_000), (3_000, 4_000))
    with caplog.at_level(logging.WARNING):
        moved = retime(track, Retiming.of(shift="-1s"))
    assert [(c.start, c.end) for c in moved.cues] == [(0, 1_000), (2_000, 3_000)]
    assert [c.lines for c in moved.cues] == [("cue 1",), ("cue 2",)]
    assert "1 cut to start at 0, 1 dropped" in caplog.text


def test_a_transcript_moves_every_word_turn_and_note() -> None:
    words = [Token("word", "early", 100, 400), Token("space", " "),
             Token("word", "late", 1_500, 1_900)]
    doc = Transcript([Turn("1", 100, 1_900, words)], duration=2_000)
    moved = retime(doc, Retiming.of(shift="-1s"))
    assert isinstance(moved, Transcript)
    assert moved.words() == ["late"]
    assert moved.turns[0].tokens[-1].start == 500 and moved.turns[0].start == 0
    assert moved.duration == 2_000  # a length: only a rate change alters it


def test_a_rate_change_needs_both_rates() -> None:
    with pytest.raises(UsageError, match="both"):
        Retiming.of(fps_from=25)


def test_load_applies_the_operations() -> None:
    track = transconv.loads(SBV, timecode_offset="01:00:00:00", shift="500ms")
    assert isinstance(track, CaptionTrack)
    assert [(c.start, c.end) for c in track.cues] == [(1_500, 4_000), (4_500, 6_500)]


def test_the_command_takes_the_operations(tmp_path: pytest.TempPathFactory) -> None:
    from transconv.cli import main

    src = tmp_path / "a.sbv"  # type: ignore[operator]
    src.write_bytes(SBV)
    out = tmp_path / "a.srt"  # type: ignore[operator]
    assert main(["convert", str(src), "-o", str(out), "--timecode-offset", "01:00:00:00",
                 "--fps-from", "25", "--fps-to", "25", "--shift=-0.5s"]) == 0
    assert "00:00:00,500 --> 00:00:03,000" in out.read_text()
    assert main(["convert", str(src), "-o", str(out), "--force", "--shift", "soon"]) == 2
