"""YouTube transcript writer: exact layout, speaker-change markers, no timecodes, no markup."""

from __future__ import annotations

import re
from typing import Any

import transconv
from tests.factories import long_transcript, small_transcript
from transconv.model import PUNCT, TAG, WORD, Speaker, Token, Transcript, Turn

TIMECODE = re.compile(r"\d{1,3}:\d{2}(?::\d{2})?(?:[.,:;]\d{2,3})?|-->")


def yt(t: Transcript, **options: Any) -> str:
    return transconv.dumps(t, "youtube", **options).decode("utf-8")


def turn(speaker: str | None, *items: str) -> Turn:
    """Items in ``[brackets]`` become tags, others words (all at 1 s, times do not matter)."""
    tokens = [Token(TAG, i[1:-1], 1000) if i.startswith("[") else Token(WORD, i, 1000, 1200)
              for i in items]
    return Turn(speaker, 1000, 1200, tokens)


def test_golden_small_transcript() -> None:
    text = yt(small_transcript())
    assert text.startswith(
        ">> BOB SMITH: So where did you grow up, and what was it like?\r\n"
        "\r\n"
        ">> DR. ALICE MARTIN: Mostly in Lyon, then Montréal for university.\r\n"
        "\r\n"
        ">> ZOË ÅNGSTRÖM (GUEST): Der Müller sagte: „Das Straßenfest beginnt um acht.“\r\n"
        "\r\n"
        ">> DR. ALICE MARTIN: That’s the café where we met — about 1984, I think. [CROSSTALK]\r\n"
    )
    assert text.endswith(">> DR. ALICE MARTIN: It was a long day. We worked late, but it was "
                         "worth it!\r\n")
    assert "\n" not in text.replace("\r\n", "")


def test_markers_only_on_speaker_change_and_sound_paragraphs() -> None:
    t = Transcript(
        turns=[turn("1", "Hello", "and", "welcome."), turn(None, "[music]"),
               turn("1", "Still", "me."), turn("2", "Thanks", "[laughs]"),
               turn(None, "Who", "is", "that?"), turn(None, "Nobody.")],
        speakers={"1": Speaker("1", "Alice"), "2": Speaker("2", "Bob")},
    )
    assert yt(t, line_ending="lf") == (
        ">> ALICE: Hello and welcome.\n\n[MUSIC]\n\nStill me.\n\n>> BOB: Thanks [LAUGHS]\n\n"
        ">> Who is that?\n\nNobody.\n"
    )
    assert yt(t, uppercase_labels=False, line_ending="lf").startswith(
        ">> Alice: Hello and welcome.\n\n[music]\n\n")


def test_no_timecodes_and_no_markup_even_with_hostile_text() -> None:
    t = Transcript(
        turns=[turn("1", "<b>bold</b>", ">>", "fake", "speaker", "x\x07y"),
               Turn("2", 5000, 6000, [Token(WORD, "a\n\nb", 5000, 5100), Token(PUNCT, ".")])],
        speakers={"1": Speaker("1", "<script>"), "2": Speaker("2", "Bob")},
    )
    text = yt(t, line_ending="lf")
    assert text == (">> ‹SCRIPT›: ‹b›bold‹/b› ›› fake speaker xy\n\n>> BOB: a b.\n")
    for sample in (text, yt(small_transcript()), yt(long_transcript(0.2))):
        assert "<" not in sample
        for line in sample.splitlines():
            assert not TIMECODE.search(line), line
            assert not line.startswith(">>") or line.count(">>") == 1


def test_empty_transcript_is_empty() -> None:
    assert yt(Transcript()) == ""
