"""Cheetah CAP's whole-file passes: long captions split over blocks, and the 24-hour limit
checked once (the text's whole-file encoding is tested with the shared encoder, in
``tests/test_encoder.py``)."""

from __future__ import annotations

import pytest

import transconv
from tests.test_cap import parse
from transconv.formats import cap
from transconv.formats.timing import FrameTiming
from transconv.model import CaptionTrack
from transconv.segment import Cue


def test_long_and_short_captions_mixed() -> None:
    """One caption split over three blocks among captions that fit one block each."""
    cues = [Cue(0, 1000, ("short",)), Cue(1000, 4000, ("x" * 200, "y" * 200, "z" * 200)),
            Cue(4000, 5000, ("a", "b"))]
    captions = parse(cap.render(CaptionTrack(cues), cap.Options()))["captions"]
    assert [c["lines"] for c in captions] == [
        ["short"], ["x" * 200], ["y" * 200], ["z" * 200], ["a", "b"]]
    assert [c["in"] for c in captions] == [
        (0, 0, 0, 0), (0, 0, 1, 0), (0, 0, 2, 0), (0, 0, 3, 0), (0, 0, 4, 0)]


def test_past_midnight_names_the_first_late_time_code() -> None:
    cues = [Cue(0, 1000, ("early",)), Cue(3_000_000, 3_600_000, ("late",)),
            Cue(3_700_000, 3_800_000, ("later",))]
    options = cap.Options(timing=FrameTiming(start_timecode="23:00:00:00"))
    with pytest.raises(transconv.DoesNotFit, match="time code 24:00:00:00 is past"):
        cap.render(CaptionTrack(cues), options)
    captions = parse(cap.render(CaptionTrack([cues[0], Cue(3_000_000, 3_599_966, ("last",))]),
        options))
    assert captions["captions"][-1]["out"] == (23, 59, 59, 29)
