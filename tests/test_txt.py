"""Rev plain-text writer: exact layout, the three timestamp modes, hours, cleaning."""

from __future__ import annotations

from typing import Any

import pytest

import transconv
from tests.factories import small_transcript
from transconv.model import PUNCT, TAG, WORD, Speaker, Token, Transcript, Turn

HOUR = 3_600_000


def txt(t: Transcript, **options: Any) -> str:
    return transconv.dumps(t, "txt", **options).decode("utf-8")


def words(start: int, text: str, step: int = 1000) -> list[Token]:
    """One word token per whitespace-separated item, ``step`` ms apart."""
    return [Token(WORD, w, start + step * i, start + step * i + 500)
            for i, w in enumerate(text.split())]


def test_golden_small_transcript() -> None:
    text = txt(small_transcript())
    assert text.startswith(
        "Bob Smith (00:01):\r\n"
        "So where did you grow up, and what was it like?\r\n"
        "\r\n"
        "Dr. Alice Martin (00:04):\r\n"
        "Mostly in Lyon, then Montréal for university.\r\n"
        "\r\n"
        "Zoë Ångström (guest) (00:07):\r\n"
        "Der Müller sagte: „Das Straßenfest beginnt um acht.“\r\n"
        "\r\n"
        "Dr. Alice Martin (00:10):\r\n"
        "That’s the café where we met — about 1984, I think. [crosstalk]\r\n"
    )
    assert text.endswith("It was a long day. We worked late, but it was worth it!\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert text.count("\r\n\r\n") == len(small_transcript().turns) - 1


def test_hours_time_style_unknown_speaker_and_punctuation() -> None:
    t = Transcript(
        turns=[
            Turn("1", 59 * 60_000 + 59_999, None,
                 [*words(59 * 60_000 + 59_999, "last minute"), Token(PUNCT, ".")]),
            Turn(None, HOUR + 2_500, None, [Token(TAG, "inaudible", HOUR + 2_500),
                                            *words(HOUR + 3_000, "who said that"),
                                            Token(PUNCT, "?")]),
            Turn("1", 100 * HOUR, None, words(100 * HOUR, "much later")),
        ],
        speakers={"1": Speaker("1", "Ann")},
    )
    assert txt(t, line_ending="lf") == (
        "Ann (59:59):\nlast minute.\n\n"
        "(01:00:02):\n[inaudible] who said that?\n\n"
        "Ann (100:00:00):\nmuch later\n"
    )
    assert txt(t, time_style="hms", line_ending="lf").startswith("Ann (00:59:59):\n")
    assert txt(t, timestamps="none", line_ending="lf") == (
        "Ann:\nlast minute.\n\n[inaudible] who said that?\n\nAnn:\nmuch later\n"
    )


def test_interval_marks() -> None:
    t = Transcript(
        turns=[
            Turn("1", 0, None, words(0, "a b c d e f g h", step=10_000)),  # 0 … 70 s
            Turn("2", 95_000, None, words(95_000, "i j")),                # 95, 96 s
            Turn("1", 200_000, None, words(200_000, "k")),                # 3:20
        ],
        speakers={"1": Speaker("1", "Ann"), "2": Speaker("2", "Bob")},
    )
    assert txt(t, timestamps="interval", line_ending="lf") == (
        "Ann:\n[00:00] a b c [00:30] d e f [01:00] g h\n\n"
        "Bob:\n[01:35] i j\n\n"
        "Ann:\n[03:20] k\n"
    )
    assert txt(t, timestamps="interval", interval=60, line_ending="lf").startswith(
        "Ann:\n[00:00] a b c d e f [01:00] g h\n\nBob:\ni j\n\n")
    assert txt(t, timestamps="interval", time_style="hms", line_ending="lf").startswith(
        "Ann:\n[00:00:00] a b c [00:00:30] d")
    with pytest.raises(transconv.UsageError):
        txt(t, timestamps="interval", interval=0)
    with pytest.raises(transconv.UsageError):
        txt(t, timestamps="sometimes")


def test_untimed_transcript_and_control_characters() -> None:
    t = Transcript(
        turns=[
            Turn("1", None, None, [Token(WORD, "bell\x07"), Token(WORD, "nul\x00l"),
                                   Token(WORD, "c1\x85x\x9b"), Token(WORD, "del\x7f"),
                                   Token(WORD, "tab\there"), Token(WORD, "new\r\nline")]),
            Turn("2", None, None, [Token(WORD, "\x01")]),  # nothing printable: skipped
            Turn(None, None, None, [Token(WORD, "anon")]),
        ],
        speakers={"1": Speaker("1", "A\x02nn"), "2": Speaker("2", "Bob")},
    )
    for mode in ("turn", "interval", "none"):
        assert txt(t, timestamps=mode) == (
            "Ann:\r\nbell null c1 x del tab here new line\r\n\r\nanon\r\n"  # NEL is a break
        )


def test_empty_transcript_is_empty() -> None:
    assert txt(Transcript()) == ""
