"""Readers of the Rev plain-text transcript (``txt``) and YouTube transcript text.

No peer writes either layout, so besides transconv's own writers the files are built here
line by line from SCRIPT. Both give a Transcript: turns with speakers, the txt turns timed
from their speaker lines (to the second) with words spread by characters up to the next
turn's start; YouTube text is untimed.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import transconv
from tests.readers.script import SCRIPT, script_words
from tests.readers.scripted import (
    NAMES,
    changes,
    fuzz_once,
    mutate,
    script_track,
    script_transcript,
    written,
)
from transconv.errors import InvalidInput
from transconv.model import TAG, WORD, Transcript
from transconv.readers import revtext, youtubetext
from transconv.readers.captions import avidds, aviddvd, quicktime, revtxt, sbv, spruce


def load(data: bytes, **options: object) -> Transcript:
    doc = transconv.loads(data, **options)
    assert isinstance(doc, Transcript)
    return doc


def turn_starts() -> list[int]:
    return [cue.start for cue, new in zip(SCRIPT, changes(), strict=True) if new]


def turn_speakers() -> list[str]:
    return [cue.speaker or "" for cue, new in zip(SCRIPT, changes(), strict=True) if new]


def words(doc: Transcript) -> list[str]:
    return [t.text for t in doc.tokens() if t.kind == WORD]


# ---------------------------------------------------------------- txt


def test_txt_round_trip_keeps_words_speakers_and_turn_starts() -> None:
    doc = load(written(script_transcript(), "txt"))
    assert doc.source == "txt"
    assert words(doc) == script_words()
    assert [doc.speaker_label(t.speaker) for t in doc.turns] == turn_speakers()
    starts = [t.start for t in doc.turns]
    assert all(s is not None and want - 1000 < s <= want
               for s, want in zip(starts, turn_starts(), strict=True))
    for turn, following in zip(doc.turns, doc.turns[1:], strict=False):
        assert turn.end == following.start  # words spread up to the next turn's start
    times = [(t.start, t.end) for t in doc.tokens()]
    assert all(a is not None and b is not None and a <= b for a, b in times)
    assert [a for a, _ in times] == sorted(a for a, _ in times)


def test_txt_from_a_caption_track_reads_back() -> None:
    doc = load(written(script_track(marks=False), "txt"))
    assert [doc.speaker_label(t.speaker) for t in doc.turns] == turn_speakers()


def test_txt_built_here_with_hours_unknown_speaker_and_tags() -> None:
    data = (b"Dr. Alice Martin (00:01):\r\nSo where did you grow up? [laughter]\r\n\r\n"
            b"(00:05):\r\nNobody named me.\r\n\r\n"
            b"Bob Smith (01:02:03):\r\nMostly in Lyon.\r\n")
    doc = load(data)
    assert [(doc.speaker_label(t.speaker), t.start) for t in doc.turns] == [
        ("Dr. Alice Martin", 1000), ("", 5000), ("Bob Smith", 3_723_000)]
    first = doc.turns[0].tokens
    assert [t.text for t in first] == ["So", "where", "did", "you", "grow", "up?", "laughter"]
    assert first[-1].kind == TAG and first[0].start == 1000 and first[-1].end == 5000
    last = doc.turns[-1]
    assert last.end is not None and last.end - 3_723_000 == 1000  # "Mostly in Lyon." said


def test_txt_interval_marks_are_times_not_words() -> None:
    doc = load(written(script_transcript(), "txt", timestamps="interval", interval=1))
    assert words(doc) == script_words()
    assert all(turn.start is not None for turn in doc.turns)
    first = next(t for t in doc.tokens() if t.text == "Naïve")
    assert first.start == 65_000


def test_txt_without_times_is_an_untimed_transcript() -> None:
    doc = load(written(script_transcript(), "txt", timestamps="none"), shape="txt")
    assert words(doc) == script_words()
    assert not doc.is_timed
    assert [doc.speaker_label(t.speaker) for t in doc.turns] == turn_speakers()
    assert revtext.sniff(written(script_transcript(), "txt", timestamps="none").decode()) == 1


def test_txt_time_going_back_is_warned(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        doc = load(b"A (00:10):\nOne two.\n\nB (00:05):\nThree.\n")
    assert "line 4: this time is earlier" in caplog.text
    assert doc.turns[1].start == 10_000


# ---------------------------------------------------------------- youtube


def test_youtube_round_trip_keeps_words_and_speakers() -> None:
    doc = load(written(script_transcript(), "youtube"))
    assert doc.source == "youtube"
    assert words(doc) == script_words()
    assert [doc.speaker_label(t.speaker) for t in doc.turns] == [n.upper()
                                                                 for n in turn_speakers()]
    assert not doc.is_timed
    kept = load(written(script_transcript(), "youtube", uppercase_labels=False))
    assert [kept.speaker_label(t.speaker) for t in kept.turns] == turn_speakers()
    assert set(kept.speakers[k].name for k in kept.speakers) == set(NAMES)


def test_youtube_built_here_sounds_unnamed_and_continued_turns() -> None:
    data = (b"[MUSIC]\n\n>> ANNA: Good evening.\n\nStill Anna,\nover two lines.\n\n"
            b"[APPLAUSE]\n\n>> Somebody else speaks.\n\n>> ANNA: Me again.\n")
    doc = load(data)
    shown = [(doc.speaker_label(t.speaker), t.text()) for t in doc.turns]
    assert shown == [("", "[MUSIC]"), ("ANNA", "Good evening."),
                     ("ANNA", "Still Anna, over two lines."), ("", "[APPLAUSE]"),
                     ("", "Somebody else speaks."), ("ANNA", "Me again.")]
    assert doc.turns[0].tokens[0].kind == TAG


# ---------------------------------------------------------------- detection and errors


TXT_FLAVOURS = {
    "txt": lambda: written(script_transcript(), "txt"),
    "rev-txt": lambda: written(script_track(marks=False), "rev-txt"),
    "youtube": lambda: written(script_transcript(), "youtube"),
    "avid-ds": lambda: written(script_track(), "avid-ds"),
    "avid-dvd": lambda: written(script_track(), "avid-dvd"),
    "qt": lambda: written(script_track(), "qt"),
}


@pytest.mark.parametrize("fmt", sorted(TXT_FLAVOURS))
def test_every_txt_flavour_is_detected_as_itself(fmt: str) -> None:
    data = TXT_FLAVOURS[fmt]()
    assert transconv.loads(data, name="in.txt").source == fmt


@pytest.mark.parametrize("fmt", ["txt", "youtube"])
def test_their_sniffs_say_no_to_every_other_flavour(fmt: str) -> None:
    sniff = {"txt": revtext.sniff, "youtube": youtubetext.sniff}[fmt]
    for other, make in TXT_FLAVOURS.items():
        if other != fmt:
            assert sniff(make().decode()) == 0, other
    for other in (b"1\n00:00:01,000 --> 00:00:02,000\nHi\n", b"WEBVTT\n\n",
                  b"0:00:01.000,0:00:02.000\nHi\n", written(script_track(), "spruce-stl")):
        assert sniff(other.decode()) == 0


PROSE = (b"It was a bright cold day in April, and the clocks were striking thirteen.\n"
         b"Winston Smith slipped quickly through the glass doors.\n\n"
         b"The hallway smelt of boiled cabbage and old rag mats.\n")


def test_prose_is_refused_by_every_sniff_with_one_clear_line() -> None:
    text = PROSE.decode()
    for sniff in (revtext.sniff, youtubetext.sniff, revtxt.sniff, quicktime.sniff,
                  spruce.sniff, avidds.sniff, aviddvd.sniff, sbv.sniff):
        assert sniff(text) == 0
    with pytest.raises(InvalidInput) as caught:
        transconv.loads(PROSE, name="notes.txt")
    message = str(caught.value)
    assert message.startswith("notes.txt: not a format this project reads") and "\n" not in message


def test_the_command_refuses_prose_with_exit_3_and_writes_nothing(tmp_path: Path) -> None:
    source, target = tmp_path / "notes.txt", tmp_path / "out.srt"
    source.write_bytes(PROSE)
    proc = subprocess.run([sys.executable, "-m", "transconv", "convert", str(source), "-o",
                           str(target)], capture_output=True, timeout=60, check=False)
    assert proc.returncode == 3
    assert proc.stderr.decode().count("\n") == 1 and not target.exists()


def test_the_command_turns_a_txt_transcript_into_youtube_text(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_bytes(written(script_transcript(), "txt"))
    proc = subprocess.run([sys.executable, "-m", "transconv", "convert", str(source), "-t",
                           "youtube", "-o", "-"], capture_output=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().startswith(">> ANNA: Good evening, and welcome.")


# ---------------------------------------------------------------- fuzz

_PIECES = [b"", b":", b"(", b")", b"\n", b"\r\n\r\n", b">>", b"[00:07]", b"[", b"]",
           b"(01:02:03):", b"\xff", b"Name:", b"9"]


@pytest.mark.parametrize("fmt", ["txt", "youtube"])
@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=600))
def test_random_bytes_raise_only_transconv_errors(fmt: str, data: bytes) -> None:
    fuzz_once(lambda raw: transconv.loads(raw, shape=fmt), data)


@pytest.mark.parametrize("fmt", ["txt", "youtube"])
@settings(max_examples=200, deadline=None)
@given(cuts=st.lists(st.tuples(st.integers(0, 800), st.integers(0, 8),
                               st.sampled_from(_PIECES)), max_size=6))
def test_mutated_files_raise_only_transconv_errors(fmt: str,
                                                   cuts: list[tuple[int, int, bytes]]) -> None:
    base = written(script_transcript(), fmt)
    fuzz_once(lambda raw: transconv.loads(raw, shape=fmt), mutate(base, cuts))
