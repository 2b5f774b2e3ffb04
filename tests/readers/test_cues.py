"""The cue builder every caption reader shares: speakers from the text, dashes, order."""

from __future__ import annotations

import pytest

from transconv.readers.captions.cues import TrackBuilder
from transconv.segment.relayout import transcript_of


@pytest.mark.parametrize(("line", "speaker"), [
    ("Anna: Good evening.", "Anna"),
    ("ANNA: hi there", "ANNA"),
    (">> dr. who: hello", "dr. who"),
    (">>ANNA: hello", "ANNA"),
    ("Anna Maria Lopez: [laughs] yes", "Anna Maria Lopez"),
    ("Tonight: the café on the corner", None),   # a sentence, not a name
    ("Ingredients: flour, eggs", None),
    ("Hello there: a greeting", None),            # lower case after the colon
    ("Just words", None),
])
def test_a_leading_name_marks_the_speaker(line: str, speaker: str | None) -> None:
    builder = TrackBuilder()
    builder.add(0, 1000, [line])
    cue = builder.track().cues[0]
    assert cue.speaker_label == (speaker or "")
    assert cue.lines == (line,)  # the author's text is kept as written


def test_a_speaker_lasts_until_the_next_mark() -> None:
    builder = TrackBuilder()
    for i, line in enumerate(["ANNA: Hello.", "How are you?", ">> BOB: Fine.", "Thanks.",
                              ">> Who is there?", "anna: me again"]):
        builder.add(i * 1000, i * 1000 + 900, [line])
    track = builder.track()
    assert [c.speaker_label for c in track.cues] == ["ANNA", "ANNA", "BOB", "BOB", "", ""]
    assert [c.new_speaker for c in track.cues] == [True, False, True, False, True, False]
    assert list(track.speakers) == ["1", "2"]
    turns = transcript_of(track).turns
    assert [t.speaker for t in turns] == ["1", "2", None]
    assert transcript_of(track).words()[:4] == ["Hello.", "How", "are", "you?"]


def test_one_name_spelled_in_two_cases_is_one_speaker() -> None:
    builder = TrackBuilder()
    builder.add(0, 900, ["ANNA: one"])
    builder.add(1000, 1900, [">> Anna: two"])
    assert len(builder.track().speakers) == 1


def test_dashes_mark_speakers_only_when_asked() -> None:
    lines = ["- Are you coming?", "- In a minute!"]
    plain = TrackBuilder()
    plain.add(0, 2000, lines)
    assert len(plain.track().cues) == 1
    dashed = TrackBuilder(dash_speakers=True)
    dashed.add(0, 2000, lines)
    cues = dashed.track().cues
    assert [c.lines for c in cues] == [("- Are you coming?",), ("- In a minute!",)]
    assert cues[0].start == 0 and cues[0].end == cues[1].start and cues[1].end == 2000
    assert all(c.new_speaker for c in cues)
    turns = transcript_of(dashed.track()).turns
    assert len(turns) == 2 and transcript_of(dashed.track()).words()[0] == "Are"


def test_cues_come_out_in_time_order_and_empty_ones_go() -> None:
    builder = TrackBuilder()
    builder.add(5000, 6000, ["later"])
    builder.add(1000, 2000, ["  ", ""])
    builder.add(1000, 2000, ["earlier"])
    assert [c.lines for c in builder.track().cues] == [("earlier",), ("later",)]
