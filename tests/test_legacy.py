"""Shared helpers of the frame-based text writers: fast paths equal the general ones, and
the two-digit hour limit."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import small_transcript
from tests.timecodes import timecoder
from transconv import DoesNotFit, dumps
from transconv.formats.frametext import labeler
from transconv.text.lines import clean_line

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def general_clean(line: str) -> str:
    line = _CONTROL.sub("", line.replace("\x85", " "))  # NEXT LINE is a line break
    line = "".join(ch for ch in line if not (0xFDD0 <= ord(ch) <= 0xFDEF
                                             or ord(ch) & 0xFFFE == 0xFFFE))
    return " ".join(line.replace("\t", " ").replace("\r", " ").replace("\n", " ").split())


@given(st.text(max_size=30))
def test_clean_line_equals_the_general_rule(line: str) -> None:
    assert clean_line(line) == general_clean(line)


@pytest.mark.parametrize(("fps", "mode", "offset"), [
    ("30", "wallclock", "00:00:00:00"), ("25", "smpte-ndf", "10:00:00:00"),
    ("23.976", "wallclock", "00:59:59:10"), ("29.97", "smpte-df", "01:00:00;00")])
def test_table_labels_equal_the_coder_past_a_hundred_hours(fps: str, mode: str,
                                                           offset: str) -> None:
    coder = timecoder(fps, mode, offset)  # type: ignore[arg-type]
    label = labeler(coder)
    for ticks in [0, 1, 29, 30, 1799, 1800, 107_892, 12_000_000]:
        assert label(ticks) == coder.format(ticks)


def test_us_ascii_plans_names_with_three_dots() -> None:
    from transconv.pipeline import style_for
    from transconv.segment import CaptionStyle
    from transconv.text.charsets import repertoire

    style = CaptionStyle(max_chars=32)
    assert style_for(style, repertoire("us-ascii")).ellipsis == "..."
    assert style_for(style, repertoire("us-ascii")).max_chars == 32
    assert style_for(style, repertoire("iso-8859-1")).ellipsis == "..."  # no … in Latin-1
    assert style_for(style, repertoire("windows-1252")) is style  # … is 0x85 there
    assert style_for(style, repertoire("utf-8")) is style


@pytest.mark.parametrize("fmt", ["spruce-stl", "avid-ds", "avid-dvd"])
def test_past_the_last_two_digit_hour_does_not_fit(fmt: str) -> None:
    assert dumps(small_transcript(), fmt, start_timecode="98:59:00:00")
    with pytest.raises(DoesNotFit, match="is past 99:59:59"):
        dumps(small_transcript(), fmt, start_timecode="99:59:59:00")
