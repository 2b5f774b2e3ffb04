"""The one time parser (sources.md §6): every accepted spelling, rounding, and refusals."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transconv.readers.timeparse import TimeParseError, parse_time

ACCEPTED = [
    # numbers are seconds
    (12.5, 12_500),
    (0, 0),
    (7, 7_000),
    ("12.5", 12_500),
    (" 12.5 ", 12_500),
    ("1e1", 10_000),
    # clocks: comma or dot, any fraction length, hours beyond 99
    ("00:00:12,5", 12_500),
    ("00:00:12.500", 12_500),
    ("00:00:01,250", 1_250),
    ("01:02:03,004", 3_723_004),
    ("123:04:05.25", 123 * 3_600_000 + 4 * 60_000 + 5_250),
    ("00:00:00,0005", 0),  # 0.5 ms → even (0)
    ("00:00:00,0015", 2),  # 1.5 ms → even (2)
    ("00:00:00,00251", 3),
    ("1:2:3", 3_723_000),
    # minutes:seconds
    ("04:05.250", 245_250),
    ("75:00", 4_500_000),
    # .NET TimeSpan, 7 fraction digits and an optional days prefix
    ("00:00:12.5000000", 12_500),
    ("1.02:03:04.5", 86_400_000 + 2 * 3_600_000 + 3 * 60_000 + 4_500),
    # ISO 8601 durations
    ("PT1M2.5S", 62_500),
    ("PT0.25S", 250),
    ("PT1H", 3_600_000),
    ("P1DT1S", 86_401_000),
    ("PT0,5S", 500),
]


@pytest.mark.parametrize(("value", "expected"), ACCEPTED)
def test_accepted_spellings(value: object, expected: int) -> None:
    assert parse_time(value) == expected


MISSING = [None, "", "   ", -1, -0.001, "-3.5", "-00:00:01,000", "-PT1S", math.nan, math.inf,
           -math.inf, "NaN", "inf", "-Infinity"]


@pytest.mark.parametrize("value", MISSING)
def test_missing_negative_and_non_finite_mean_missing(value: object) -> None:
    assert parse_time(value) is None


REJECTED = [
    "00:xx",
    "soon",
    "12,5",  # a comma decimal without a clock is not one of the listed spellings
    "00:61:00,000",
    "00:00:60,000",
    "P1Y",  # months/years have no fixed length
    "PT",
    "P",
    "1:2:3:4:5",
    True,
    [1],
    {"s": 1},
]


@pytest.mark.parametrize("value", REJECTED)
def test_rejected_spellings_raise_with_the_value_quoted(value: object) -> None:
    with pytest.raises(TimeParseError) as info:
        parse_time(value)
    message = str(info.value)
    assert "\n" not in message
    assert (repr(value) if not isinstance(value, bool) else "true")[:20] in message


def test_frame_timecode_needs_a_frame_rate() -> None:
    with pytest.raises(TimeParseError, match="frame rate"):
        parse_time("00:00:12:15")
    assert parse_time("00:00:12:15", frame_rate=Fraction(25)) == 12_600
    # drop-frame label 00:01:00;02 is frame 1800 at 29.97 → 60.06 s
    assert parse_time("00:01:00;02", frame_rate=Fraction(30000, 1001)) == 60_060


def test_field_units_ms_and_ticks() -> None:
    assert parse_time(1250, "ms") == 1250
    assert parse_time(1250.5, "ms") == 1250  # half-even
    assert parse_time(12_500_000, "ticks") == 1250  # 100 ns units
    assert parse_time("15000", "ticks") == 2  # 1.5 ms → 2
    assert parse_time(25_000, "ticks") == 2  # 2.5 ms → 2


def test_float_rounding_follows_the_decimal_written() -> None:
    # 1.0015 s is 1001.5 ms as written (binary: 1001.4999…); half-even gives 1002.
    assert parse_time(1.0015) == 1002
    assert parse_time(1.0025) == 1002
    assert parse_time(0.0125) == 12


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=99 * 3_600_000 + 3_599_999))
def test_clock_round_trip(ms: int) -> None:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    for sep in ",.":
        assert parse_time(f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}") == ms


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False,
                   allow_infinity=False))
def test_numbers_round_half_even_exactly(value: Decimal) -> None:
    expected = int((value * 1000).to_integral_value(rounding=ROUND_HALF_EVEN))
    assert parse_time(str(value)) == expected
    assert parse_time(float(str(value))) == expected
