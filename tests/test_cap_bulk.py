"""Cheetah CAP's whole-file passes agree with the one-at-a-time definitions they replace.

The writer encodes every line of a file in one call (cleaned, NFC-composed, looked up in the
character table) and checks the 24-hour limit once; the tests compare that with a line-by-line
oracle written from the rules in :mod:`transconv.formats.cap`.
"""

from __future__ import annotations

import random
import unicodedata

import pytest

import transconv
from tests.test_cap import parse
from transconv.formats import cap
from transconv.formats.timing import FrameTiming
from transconv.model import CaptionTrack
from transconv.segment import Cue
from transconv.text.tables import CONTROL_STRIP

AWKWARD_LINES = [
    "plain ASCII line", "Señor Müller ¿qué?", "  spaces  around  ", "tab\there", "", " ",
    "bell\x07 and\x1b escape", "C1\x85control\x9f", "nbsp\u00a0inside", "zero\u200bwidth",
    "e\u0301 composed", "\u0301\u0327 marks first", "x\u0327\u0301 two marks", "ohm \u2126",
    "Å angstrom \u212b", "emoji 😀 and 会", "’quotes’ — dash…", "fi ligature ﬁ",
    "line\nbreak inside", "carriage\rreturn", "¼ ½ ® ♪", "lone \ud800 surrogate",
]


def per_line(lines: list[str], fallback: str = "?") -> tuple[list[bytes], int]:
    """Clean (U+0085 NEXT LINE is a line break, so a space), then ASCII as itself, else NFC
    and one table look-up per character."""
    out = []
    replaced = 0
    for line in lines:
        text = " ".join(line.replace("\x85", " ").translate(CONTROL_STRIP).split())
        encoded = bytearray()
        for ch in unicodedata.normalize("NFC", text):
            value = cap._TABLE[ord(ch)]
            if value in (cap._MISSING, cap._DROPPED):
                replaced += 1
                value = fallback if value == cap._MISSING else ""
            encoded += value.encode("latin-1")
        out.append(bytes(encoded))
    return out, replaced


def all_at_once(lines: list[str], fallback: str = "?") -> tuple[list[bytes], int]:
    encoder = cap._Encoder(fallback)
    return encoder.lines(lines), encoder.replaced


def test_lines_match_line_by_line() -> None:
    assert all_at_once(AWKWARD_LINES) == per_line(AWKWARD_LINES)
    assert all_at_once(AWKWARD_LINES, "#") == per_line(AWKWARD_LINES, "#")
    for line in AWKWARD_LINES:
        assert all_at_once([line]) == per_line([line]), line
    assert all_at_once([]) == ([], 0)


def test_lines_match_on_random_mixtures() -> None:
    rnd = random.Random(3)
    alphabet = "ab c  ñ\u0301\u0303\n\t\x01\u00a0Ω\u212b😀é’—"
    for _ in range(300):
        lines = ["".join(rnd.choices(alphabet, k=rnd.randrange(8)))
                 for _ in range(rnd.randrange(1, 5))]
        assert all_at_once(lines) == per_line(lines), lines


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
