"""EBU STL's whole-file passes agree with the one-at-a-time definitions they replace.

The writer encodes every line of a file in one call, computes all time codes from tables and
checks the 24-hour limit once; each test here compares such a pass with the plain definition
(:func:`clean_line`, :meth:`Timecoder.label`) on awkward input; the text's whole-file encoding
is tested with the shared encoder, in ``tests/test_encoder.py``.
"""

from __future__ import annotations

import pytest

import transconv
from transconv.formats import ebustl
from transconv.formats.ebustl import tti
from transconv.formats.timing import FrameTiming
from transconv.model import CaptionTrack, Transcript
from transconv.segment import Cue
from transconv.text.lines import clean_line, join_clean, rows_by_cue


def test_clean_lines_are_taken_as_they_are() -> None:
    lines = ["already clean", "Müller über", "x"]
    assert join_clean(lines) == "\n".join(lines)
    for dirty in (["a  b"], [" a"], ["a "], ["a", ""], ["a\tb"], ["a\nb"], ["\x07"]):
        assert join_clean(dirty) == "\n".join(map(clean_line, dirty)), dirty


def test_rows_by_cue_drops_empty_rows_and_cues() -> None:
    cues = [Cue(0, 1, ("a", "")), Cue(1, 2, ("",)), Cue(2, 3, ()), Cue(3, 4, ("b", "c"))]
    kept, rows = rows_by_cue(cues, [b"a", b"", b"", b"b", b"c"])
    assert kept == [cues[0], cues[3]] and rows == [[b"a"], [b"b", b"c"]]
    assert rows_by_cue(cues[3:], [b"b", b"c"]) == (cues[3:], [[b"b", b"c"]])


def test_widest_counts_cells_of_non_empty_rows() -> None:
    assert tti.widest([], "teletext-double") == 0
    assert tti.widest([b"", b""], "teletext") == 0
    assert tti.widest([b"ab", b"\xc2eabc", b""], "teletext-double") == 4 + 5
    assert tti.widest([b"ab", b"\xc2eabc"], "teletext") == 4 + 4
    assert tti.widest([b"ab", b"\xc2eabc"], "open") == 4


def test_past_midnight_names_the_first_late_time_code() -> None:
    cues = [Cue(0, 1000, ("early",)), Cue(3_000_000, 3_600_000, ("late",)),
            Cue(3_700_000, 3_800_000, ("later",))]
    options = ebustl.Options(timing=FrameTiming(start_timecode="23:00:00:00"),
                             creation_date="2026-03-04")
    with pytest.raises(transconv.DoesNotFit, match="time code 24:00:00:00 is past"):
        ebustl.render(CaptionTrack.of(Transcript(), cues), options)
    late_start = ebustl.Options(timing=FrameTiming(start_timecode="24:00:00:00"),
                                creation_date="2026-03-04")
    with pytest.raises(transconv.DoesNotFit, match="time code 24:00:00:00 is past"):
        ebustl.render(CaptionTrack.of(Transcript(), cues[:1]), late_start)
    last_frame = [Cue(0, 1000, ("early",)), Cue(3_000_000, 3_599_960, ("last frame",))]
    data = ebustl.render(CaptionTrack.of(Transcript(), last_frame), options)
    assert data[-128 + 9:-128 + 13] == bytes((23, 59, 59, 24))  # TCO of the last subtitle
