"""The speaker marker's shortening of over-long names, with each kind of ellipsis."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transconv.errors import UsageError
from transconv.model import WORD, Speaker, Token, Transcript, Turn
from transconv.segment import CaptionStyle, segment, speaker_marker

_LONG = "Bartholomew Maximilian Fitzgerald-Worthington III"


def _one_turn(name: str) -> Transcript:
    tokens = [Token(WORD, "Hello.", 0, 400)]
    return Transcript(turns=[Turn("a", 0, 400, tokens)], speakers={"a": Speaker("a", name)})


def test_default_ellipsis_is_the_single_character() -> None:
    assert CaptionStyle().ellipsis == "…"
    marker = speaker_marker(CaptionStyle(max_chars=32), _LONG)
    assert marker == "Bartholomew Maximilian…:"


def test_three_dot_ellipsis_is_planned_at_its_full_width() -> None:
    style = CaptionStyle(max_chars=32, ellipsis="...")
    marker = speaker_marker(style, _LONG)
    assert marker == "Bartholomew Maximilian...:"
    assert len(marker) <= style.max_chars - 2
    (cue,) = segment(_one_turn(_LONG), style)
    assert cue.lines[0].startswith("Bartholomew Maximilian...:")
    assert all(len(line) <= style.max_chars for line in cue.lines)


def test_names_that_fit_are_never_shortened() -> None:
    style = CaptionStyle(max_chars=32, ellipsis="...")
    assert speaker_marker(style, "Alice Martin") == "Alice Martin:"


def test_a_single_character_transliterated_would_overflow_the_line() -> None:
    """Why the field exists: ``…`` spelled ``...`` by the writer is two characters too wide."""
    style = CaptionStyle(max_chars=35, speaker_style="chevrons")
    room = style.max_chars - 2
    name = "Fitzgerald-Worthington-Montgomery-Smythe"  # no space to cut at: fills the room
    marker = speaker_marker(style, name)
    assert len(marker) == room
    assert len(marker.replace("…", "...")) == room + 2
    dots = speaker_marker(CaptionStyle(max_chars=35, speaker_style="chevrons",
                                       ellipsis="..."), name)
    assert dots.endswith("...:") and len(dots) == room


@given(
    st.integers(1, 60),
    st.sampled_from(["name", "chevrons"]),
    st.sampled_from(["…", "...", "", "~"]),
    st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=70).map(
        lambda s: " ".join(s.split()) or "x"),
)
def test_marker_never_longer_than_its_room(max_chars: int, kind: str, ellipsis: str,
                                           label: str) -> None:
    style = CaptionStyle(max_chars=max_chars, speaker_style=kind,  # type: ignore[arg-type]
                         ellipsis=ellipsis)
    marker = speaker_marker(style, label)
    assert len(marker) <= max(max_chars - 2, 0)
    head = ">> " if kind == "chevrons" else ""
    if marker and marker.endswith(":") and marker[len(head):-1] != label:
        assert marker.endswith(ellipsis + ":")
        assert len(marker) <= max_chars - 2  # the ellipsis was counted at its full width


@pytest.mark.parametrize("bad", ["\n", "..\t", "\x00"])
def test_ellipsis_must_be_printable(bad: str) -> None:
    with pytest.raises(UsageError, match="ellipsis"):
        CaptionStyle(ellipsis=bad)
