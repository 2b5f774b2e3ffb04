"""The caption pipeline: fold before layout, re-layout of existing tracks, the transcript view."""

from __future__ import annotations

from itertools import pairwise

import pytest

import transconv
from transconv.formats import get
from transconv.model import TAG, WORD, CaptionTrack, Cue, Speaker, Token, Transcript, Turn
from transconv.pipeline import caption_track
from transconv.segment import CaptionStyle, SpeakerStyle
from transconv.segment.relayout import relayout, transcript_of
from transconv.text.charsets import repertoire
from transconv.text.repertoire import UNICODE, Folder

GERMAN = "die Straße ist groß, die Größe übermäßig. " * 3


def _german() -> Transcript:
    tokens, t = [], 0
    for word in GERMAN.split():
        tokens.append(Token(WORD, word, t, t + 400))
        t += 450
    return Transcript(turns=[Turn("1", 0, t, tokens)], speakers={"1": Speaker("1", "Jörg Weiß")})


def _cap_rows(data: bytes) -> list[bytes]:
    rows, at = [], 128
    while at < len(data):
        size = data[at]
        rows += data[at + 19:at + size - 1].split(b"\x00")
        at += size
    return rows


def _text_rows(data: bytes, fmt: str) -> list[str]:
    text = data.decode("ascii")
    if fmt == "qt":  # text lines between the stamps
        return [line for line in text.split("\r\n")[1:] if line and not line.startswith("[")]
    fields = [line.split("\t")[-1] for line in text.split("\r\n")
              if line and not line.startswith(("$", "//"))]
    return [row for field in fields for row in field.split("|")]


@pytest.mark.parametrize(("fmt", "options"), [
    ("spruce-stl", {"encoding": "us-ascii", "max_chars": 32}),
    ("qt", {"encoding": "us-ascii", "max_chars": 32}),
    ("avid-dvd", {"encoding": "us-ascii", "max_chars": 32}),
])
def test_folded_rows_stay_within_the_planned_width(fmt: str, options: dict[str, object]) -> None:
    # ß→ss made these rows 34-35 characters when folding ran after layout
    rows = _text_rows(transconv.dumps(_german(), fmt, **options), fmt)
    assert rows and max(map(len, rows)) <= 32 and "Strasse" in " ".join(rows)


def test_cap_rows_stay_within_32_columns() -> None:
    rows = _cap_rows(transconv.dumps(_german(), "cap"))
    assert rows and max(map(len, rows)) <= 32 and b"Strasse" in b" ".join(rows)


def test_a_replaced_character_never_glues_two_words() -> None:
    words = ["broken", "שלום", "done"]
    t = Transcript(turns=[Turn(None, 0, 3000, [Token(WORD, w, i * 900, i * 900 + 800)
                                                for i, w in enumerate(words)])])
    track = caption_track(t, get("scc").load().repertoire(get("scc").options_type()()),
                          CaptionStyle(max_chars=32))
    assert " ".join(track.cues[0].lines) == "broken ???? done"


def test_folder_counts_what_has_no_form() -> None:
    folder = Folder(repertoire("iso-8859-1"))
    assert folder.fold("Straße €5 — ok 会") == "Straße EUR5 - ok ?"
    assert folder.unmapped() == (1, "会")
    with pytest.raises(ValueError, match="carries every character"):
        Folder(UNICODE)


def _track(*cues: Cue) -> CaptionTrack:
    return CaptionTrack(list(cues), {"1": Speaker("1", "Ann")})


def test_relayout_keeps_cues_that_fit_as_the_author_broke_them() -> None:
    cue = Cue(1000, 2500, ("Short first", "and second"), "1", "Ann", True)
    out = relayout(_track(cue), CaptionStyle(max_chars=32))
    assert out.cues == [cue]


def test_relayout_rebreaks_a_wide_cue_and_keeps_its_times() -> None:
    cue = Cue(1000, 4000, ("one two three four five six seven eight nine ten",), "1")
    [out] = relayout(_track(cue), CaptionStyle(max_chars=32)).cues
    assert (out.start, out.end, out.speaker) == (1000, 4000, "1")
    assert len(out.lines) == 2 and max(map(len, out.lines)) <= 32
    assert " ".join(out.lines) == cue.lines[0]


def test_relayout_splits_only_what_cannot_fit_sharing_time_by_characters() -> None:
    text = " ".join(f"word{i:02}" for i in range(20))  # 139 characters: five 32-column rows
    cue = Cue(0, 10_000, (text,), "1", "Ann", True)
    parts = relayout(_track(cue, Cue(12_000, 13_000, ("next",))), CaptionStyle(max_chars=32)).cues
    assert [p.lines for p in parts][-1] == ("next",)
    split = parts[:-1]
    assert len(split) == 3 and split[0].start == 0 and split[-1].end == 10_000
    assert all(a.end <= b.start for a, b in pairwise(split))
    assert [p.new_speaker for p in split] == [True, False, False]
    assert " ".join(" ".join(p.lines) for p in split) == text
    assert all(len(p.lines) <= 2 and max(map(len, p.lines)) <= 32 for p in split)


def test_relayout_never_merges_cues() -> None:
    cues = [Cue(i * 1000, i * 1000 + 500, (f"w{i}",)) for i in range(5)]
    assert len(relayout(_track(*cues), CaptionStyle()).cues) == 5


def test_a_track_keeps_its_cue_times_in_every_caption_format() -> None:
    cues = [Cue(1234, 2345, ("Guten Tag, Straße",), "1", "Ann", True),
            Cue(3000, 4100, ("zweite Zeile",), "1", "Ann")]
    srt = transconv.dumps(_track(*cues), "srt").decode()
    assert "00:00:01,234 --> 00:00:02,345" in srt and "00:00:03,000 --> 00:00:04,100" in srt
    ascii_qt = transconv.dumps(_track(*cues), "qt", encoding="us-ascii").decode("ascii")
    assert "[00:00:01.234]" in ascii_qt and "Strasse" in ascii_qt


def test_transcript_view_of_a_track() -> None:
    cues = [Cue(0, 1000, ("Ann: hello [laughter]",), "1", "Ann", True),
            Cue(1000, 2000, ("again",), "1", "Ann"),
            Cue(3000, 4000, ("other",), "2", "Bo", True)]
    t = transcript_of(_track(*cues))
    assert [(turn.speaker, [(k.kind, k.text) for k in turn.tokens]) for turn in t.turns] == [
        ("1", [(WORD, "hello"), (TAG, "laughter"), (WORD, "again")]),
        ("2", [(WORD, "other")])]
    first = t.turns[0].tokens
    assert (first[0].start, first[-1].end) == (0, 2000)
    assert first[0].end is not None and 0 < first[0].end < 1000


def test_resegment_rebuilds_cues_from_the_words() -> None:
    cues = [Cue(i * 500, i * 500 + 400, (f"w{i}",), "1") for i in range(6)]
    kept = transconv.dumps(_track(*cues), "srt").decode()
    rebuilt = transconv.dumps(_track(*cues), "srt", resegment=True).decode()
    assert kept.count("-->") == 6 and rebuilt.count("-->") == 1


def test_transcript_formats_read_a_track() -> None:
    txt = transconv.dumps(_track(Cue(0, 1000, ("hello there",), "1", "Ann", True)), "txt")
    assert b"Ann (00:00):" in txt and b"hello there" in txt


@pytest.mark.parametrize(("fmt", "options"), [
    ("scc", {}), ("qt", {"encoding": "us-ascii"}), ("ebu-stl", {}), ("cap", {}),
])
@pytest.mark.parametrize("style", ["name", "chevrons"])
def test_a_speaker_name_is_folded_when_no_word_needs_it(fmt: str, options: dict[str, object],
                                                        style: SpeakerStyle) -> None:
    """Found by tests/robustness/test_caption_limits.py: the segmenter skipped folding when
    the words needed none, so the name's marker was measured unfolded (``€`` one column,
    then written ``EUR``) and its row came out wider than the limit."""
    t = Transcript(turns=[Turn("1", 0, 900, [Token(WORD, "ok", 0, 900)])],
                   speakers={"1": Speaker("1", "Weiß € Weiß …")})
    repertoire = get(fmt).load().repertoire(get(fmt).options_type()(**options))
    track = caption_track(t, repertoire,
                          CaptionStyle(max_chars=20, max_lines=1, speaker_style=style))
    lines = [line for cue in track.cues for line in cue.lines]
    assert lines and all(len(line) <= 20 and repertoire.carries(line) for line in lines)
