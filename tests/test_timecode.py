"""Time codes: exact rates, SMPTE drop-frame labels, wall clock with carry, no overlaps."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transconv.errors import UsageError
from transconv.timecode import (
    TimecodeMode,
    Timecoder,
    binary_labels,
    frame_rate,
    frame_to_label,
    frame_to_ms,
    label_to_frame,
    ms_to_frame,
    quantize_spans,
)

NTSC = Fraction(30000, 1001)


def test_named_rates_are_exact() -> None:
    assert frame_rate("29.97") == NTSC
    assert frame_rate("23.976") == Fraction(24000, 1001)
    assert frame_rate(25) == 25
    assert frame_rate("30000/1001") == NTSC
    with pytest.raises(UsageError):
        frame_rate("fast")


@pytest.mark.parametrize(
    ("frame", "label"),
    [
        (0, (0, 0, 0, 0)),
        (1799, (0, 0, 59, 29)),
        (1800, (0, 1, 0, 2)),  # labels ;00 and ;01 are skipped
        (17982, (0, 10, 0, 0)),  # minute 10 keeps them
        (107892, (1, 0, 0, 0)),
    ],
)
def test_drop_frame_labels(frame: int, label: tuple[int, int, int, int]) -> None:
    assert frame_to_label(frame, NTSC, drop=True) == label
    assert label_to_frame(*label, NTSC, drop=True) == frame


def test_non_drop_drifts_from_wall_clock() -> None:
    assert frame_to_label(ms_to_frame(3_600_000, NTSC), NTSC, drop=False) == (0, 59, 56, 12)
    assert frame_to_label(ms_to_frame(3_600_000, NTSC), NTSC, drop=True) == (1, 0, 0, 0)


def test_nonexistent_drop_frame_label_is_refused() -> None:
    with pytest.raises(UsageError):
        label_to_frame(0, 1, 0, 0, NTSC, drop=True)


@given(st.integers(min_value=0, max_value=40 * 3600 * 30))
def test_drop_frame_round_trip(frame: int) -> None:
    assert label_to_frame(*frame_to_label(frame, NTSC, True), NTSC, True) == frame


@given(st.integers(min_value=0, max_value=36_000_000))
def test_ms_frame_round_trip_within_half_a_frame(ms: int) -> None:
    back = frame_to_ms(ms_to_frame(ms, NTSC), NTSC)
    assert abs(back - ms) <= 17


def test_no_drift_over_ten_hours() -> None:
    ten_hours = 36_000_000
    assert ms_to_frame(ten_hours, NTSC) == 1_078_921  # 36000 s × 30000/1001, rounded
    assert frame_to_ms(1_078_921, NTSC) == 35_999_997  # 1,078,921 × 1001/30 ms, rounded
    # Summing per-frame durations would drift; the integer mapping cannot.
    assert all(ms_to_frame(frame_to_ms(n, NTSC), NTSC) == n for n in range(1_078_000, 1_079_000))


def test_wallclock_carries_instead_of_clamping() -> None:
    coder = Timecoder(Fraction(25), "wallclock")
    assert coder.format(coder.ticks(990)) == "00:00:01:00"  # 990 ms at 25 fps rounds to 25
    assert coder.format(coder.ticks(59_999)) == "00:01:00:00"
    assert coder.format(coder.ticks(1_500)) == "00:00:01:13"  # 12.5 rounds half up


def test_offset_and_separator() -> None:
    coder = Timecoder(NTSC, "smpte-df", "01:00:00;00")
    assert coder.format(0) == "01:00:00;00"
    assert coder.format(1800) == "01:01:00;02"
    assert Timecoder(Fraction(25), "smpte-ndf", "10:00:00:00").format(25) == "10:00:01:00"


def test_drop_frame_needs_ntsc_rate() -> None:
    with pytest.raises(UsageError):
        Timecoder(Fraction(25), "smpte-df")


def test_quantized_spans_never_overlap() -> None:
    coder = Timecoder(Fraction(25), "smpte-ndf")
    spans = [(0, 1010), (1015, 1030), (1030, 5000), (4990, 6000)]
    ticks = quantize_spans(spans, coder, min_gap=1)
    for (s1, e1), (s2, _e2) in itertools.pairwise(ticks):
        assert e1 > s1
        assert e1 <= s2
    assert all(e > s for s, e in ticks)


@pytest.mark.parametrize(("rate", "mode"), [
    ("30", "wallclock"), ("29.97", "wallclock"), ("25", "smpte-ndf"), ("29.97", "smpte-df"),
    ("59.94", "smpte-df"), ("23.976", "smpte-ndf"),
])
def test_ticks_of_many_times_equals_ticks_of_each(rate: str, mode: TimecodeMode) -> None:
    coder = Timecoder(frame_rate(rate), mode)
    times = [-5, 0, 1, 16, 17, 33, 499, 500, 999, 1000, 59_999, 600_000, 36_000_017,
             *range(0, 200_000, 7)]
    assert coder.ticks_of(times) == [coder.ticks(ms) for ms in times]


@pytest.mark.parametrize(("rate", "mode", "offset"), [
    (Fraction(25), "smpte-ndf", "00:00:00:00"),
    (Fraction(25), "smpte-ndf", "10:59:59:24"),
    (Fraction(30), "smpte-ndf", "01:02:03:04"),
    (Fraction(30000, 1001), "smpte-df", "00:00:00;00"),
    (Fraction(30000, 1001), "smpte-df", "09:59:00;02"),
    (Fraction(30), "wallclock", "00:00:00:00"),
    (Fraction(30), "wallclock", "12:34:56:29"),
])
def test_binary_labels_are_the_labels(rate: Fraction, mode: str, offset: str) -> None:
    coder = Timecoder(rate, mode, offset)  # type: ignore[arg-type]
    rnd = random.Random(11)
    last = 24 * 3600 * 30 - coder.offset_ticks() - 200_000
    ticks = [*range(0, 40_000, 7), *rnd.sample(range(last), 2000), *range(last, last + 200_000, 97)]
    ticks = [tick for tick in ticks if coder.label(tick)[0] < 24]
    assert binary_labels(coder, ticks) == [bytes(coder.label(tick)) for tick in ticks]
