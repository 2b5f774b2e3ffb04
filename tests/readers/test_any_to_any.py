"""Any caption format in, any format out: cues keep their times and text across formats.

For every caption format transconv both writes and reads, a track is written in that format
and read back; the track read is then written in every caption format and, where transconv
reads that one too, read back again. Times must survive within a frame of the coarsest rate
involved and the words must be the same, so a caption file converted from any format to any
other keeps its author's timing. Every transcript format is written from the caption input
too, with the words in it.
"""

from __future__ import annotations

import pytest

import transconv
from transconv.formats import FORMATS, READERS, candidates
from transconv.formats import reader as reader_named
from transconv.model import CaptionTrack, Cue, Speaker

#: Short lines every caption format carries (ASCII, at most 28 characters, one or two rows),
#: times on whole frames of 25 fps and of 30 fps alike (multiples of 200 ms), gaps between.
CUES = (
    (1_000, 3_000, ("Good evening and welcome.",)),
    (3_200, 6_000, ("Tonight we talk about", "the weather in Paris.")),
    (6_400, 8_000, ("Is it raining?",)),
    (8_200, 11_000, ("Yes, and it will rain", "all week long.")),
    (61_000, 64_000, ("One minute in.",)),
)
#: A frame at the slowest rate a format here counts in (23.976 fps), plus rounding.
TOLERANCE = 43
#: Formats that do not carry each cue's times: Rev caption text writes only the start of a
#: block of cues, to the second (its cues share the block's time when read).
UNTIMED = frozenset({"rev-txt"})


def _track() -> CaptionTrack:
    return CaptionTrack([Cue(a, b, lines, "1", "Anna") for a, b, lines in CUES],
                        {"1": Speaker("1", "Anna")})


def _words(track: CaptionTrack) -> list[str]:
    """The words shown; a speaker's mark is not one of them (a format without voices shows
    the speaker a WebVTT or TTML source names apart from the text as ``Anna:``)."""
    return [w for cue in track.cues for line in cue.lines for w in line.split()
            if w != "Anna:"]


def _read_back(name: str, data: bytes) -> CaptionTrack:
    entry = reader_named(name)
    assert entry is not None
    track = transconv.loads(data, name=f"x{FORMATS[name].extension}")
    assert isinstance(track, CaptionTrack), name
    assert track.source == entry.name, f"{name} was detected as {track.source}"
    return track


def _same(read: CaptionTrack, where: str) -> None:
    expected = [w for _, _, lines in CUES for line in lines for w in line.split()]
    assert _words(read) == expected, where
    assert len(read.cues) == len(CUES), where
    if UNTIMED & set(where.split(" -> ")):
        assert abs(read.cues[0].start - 1000) <= TOLERANCE, where  # one block: one time
        return
    for cue, (start, end, _) in zip(read.cues, CUES, strict=True):
        assert abs(cue.start - start) <= TOLERANCE, (where, cue.start, start)
        assert abs(cue.end - end) <= TOLERANCE, (where, cue.end, end)


ROUND = [f.name for f in candidates("caption") if reader_named(f.name) is not None]
CAPTION = [f.name for f in candidates("caption")]


def test_every_caption_format_is_read() -> None:
    assert set(ROUND) == set(CAPTION), set(CAPTION) - set(ROUND)


@pytest.mark.parametrize("source", ROUND)
def test_a_caption_file_converts_to_every_caption_format(source: str) -> None:
    first = _read_back(source, transconv.dumps(_track(), source))
    _same(first, source)
    for target in CAPTION:
        data = transconv.dumps(first, target)
        if target in ROUND:
            _same(_read_back(target, data), f"{source} -> {target}")


@pytest.mark.parametrize("source", ROUND)
def test_a_caption_file_converts_to_every_transcript_format(source: str) -> None:
    first = _read_back(source, transconv.dumps(_track(), source))
    text = transconv.dumps(first, "txt").decode()
    assert "Tonight we talk about the weather in Paris." in text
    revjson = transconv.loads(transconv.dumps(first, "rev-json"))
    assert revjson.words()[:4] == ["Good", "evening", "and", "welcome."]
    for target in ("docx", "pdf", "youtube"):
        assert transconv.dumps(first, target)


def test_every_reader_is_registered_once() -> None:
    names = [r.name for r in READERS]
    assert len(names) == len(set(names))


def test_a_voice_becomes_a_visible_mark_where_the_target_has_no_voices() -> None:
    vtt = (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ilse Brandt>Welcome.\n\n"
           b"00:00:02.500 --> 00:00:03.000\n<v Ilse Brandt>Today: tides.\n\n"
           b"00:00:03.500 --> 00:00:04.000\n<v Jo>- Exam?\n")
    track = transconv.loads(vtt)
    srt = transconv.dumps(track, "srt").decode()
    assert "Ilse Brandt: Welcome." in srt and "\nToday: tides." in srt  # once, at the change
    assert "\n- Exam?" in srt  # a cue that shows a mark keeps the author's
    scc = transconv.loads(transconv.dumps(track, "scc", speaker_style="chevrons"))
    assert " ".join(scc.cues[0].lines) == ">> Ilse Brandt: Welcome."  # the target's own style
    again = transconv.loads(transconv.dumps(track, "vtt"))
    assert [c.lines for c in again.cues] == [c.lines for c in track.cues]  # voices: no marks
    assert [c.speaker_label for c in again.cues] == ["Ilse Brandt", "Ilse Brandt", "Jo"]
