"""Round trips: what we write, read back by someone else (or by us), says what we meant.

* Rev JSON read back by our own reader gives the same model: words, speakers, times.
* SubRip through pysrt and WebVTT through webvtt-py give exactly the cues of
  :func:`transconv.segment.segment` — times to the millisecond, lines, speaker markers.
* EBU STL through ttconv's STL reader gives the cue times within one frame and the words.

Inputs are the three samples (what the readers produce) and, for the caption formats,
hypothesis transcripts that the readers' promises allow.
"""

from __future__ import annotations

import io
import logging
import re
from fractions import Fraction

import pytest
from hypothesis import given

import transconv
from tests.factories import small_transcript
from tests.robustness.decoders import squash
from tests.robustness.strategies import transcripts
from tests.robustness.support import SAMPLES, fuzz_settings
from transconv.errors import TransconvError
from transconv.model import Transcript
from transconv.segment import CaptionStyle, Cue, plain_ellipsis, segment

SOURCES = {shape: transconv.load(path) for shape, path in SAMPLES.items()}
SOURCES["factory"] = small_transcript()


@pytest.fixture(autouse=True)
def _quiet(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)


def _model(t: Transcript) -> list[tuple[object, ...]]:
    """Everything the Rev JSON round trip must keep, turn by turn."""
    return [(turn.speaker, t.speaker_label(turn.speaker), turn.start, turn.end,
             [(tok.kind, tok.text, tok.start, tok.end) for tok in turn.tokens if tok.text])
            for turn in t.turns]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_rev_json_reads_back_as_the_same_model(name: str) -> None:
    original = SOURCES[name]
    back = transconv.loads(transconv.dumps(original, "rev-json"))
    assert back.words() == original.words()
    assert _model(back) == _model(original)
    assert {k: s.label for k, s in back.speakers.items()} == \
        {k: s.label for k, s in original.speakers.items()}
    assert (back.title, back.language, back.duration) == \
        (original.title, original.language, original.duration)
    assert [(a.id, a.text, a.start, a.end) for a in back.annotations] == \
        [(a.id, a.text, a.start, a.end) for a in original.annotations]
    again = transconv.dumps(back, "rev-json")
    assert again == transconv.dumps(original, "rev-json")  # a fixed point after one trip


# ------------------------------------------------------------------ SubRip / WebVTT


def _ms(hours: int, minutes: int, seconds: int, millis: int) -> int:
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def _expected(t: Transcript) -> list[Cue]:
    return sorted(segment(t, CaptionStyle()), key=lambda cue: cue.start)


def _check_srt(t: Transcript, data: bytes, exact: bool = True) -> None:
    """Times always; the lines exactly when ``exact`` (weird text is escaped by writers,
    ``-->`` becoming ``→`` for one, so for fuzzed transcripts only times and count count)."""
    import pysrt

    cues = _expected(t)
    decoded = pysrt.SubRipFile.from_string(data.decode("utf-8"),
                                           error_handling=pysrt.ERROR_RAISE)
    assert len(decoded) == len(cues)
    for item, cue in zip(decoded, cues, strict=True):
        assert _ms(item.start.hours, item.start.minutes, item.start.seconds,
                   item.start.milliseconds) == cue.start
        assert _ms(item.end.hours, item.end.minutes, item.end.seconds,
                   item.end.milliseconds) == cue.end
        if exact:
            assert item.text.split("\n") == list(cue.lines)
            if cue.new_speaker and cue.speaker_label:
                # "Name: …", the name shortened with "…" when it would not fit a line
                name = item.text.split(":", 1)[0]
                assert name and cue.speaker_label.startswith(name.removesuffix("…"))


def _clock(text: str) -> int:
    """``[hh:]mm:ss.ttt`` → ms."""
    match = re.fullmatch(r"(?:(\d+):)?(\d\d):(\d\d)\.(\d{3})", text)
    assert match, text
    return _ms(int(match.group(1) or 0), int(match.group(2)), int(match.group(3)),
               int(match.group(4)))


def _check_vtt(t: Transcript, data: bytes, exact: bool = True) -> None:
    import webvtt

    cues = _expected(t)
    decoded = webvtt.from_string(data.decode("utf-8")).captions
    assert len(decoded) == len(cues)
    for item, cue in zip(decoded, cues, strict=True):
        # webvtt-py's *_in_seconds are whole seconds; its time strings keep the millis
        assert _clock(item.start) == cue.start
        assert _clock(item.end) == cue.end
        if exact:
            assert squash(item.text) == squash("".join(cue.lines))
            assert item.voice == (cue.speaker_label or None)


def _caption_words(cues: list[Cue]) -> list[str]:
    return [word for cue in cues for word in " ".join(cue.lines).split()]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_srt_and_vtt_decode_to_the_segmenter_cues(name: str) -> None:
    t = SOURCES[name]
    _check_srt(t, transconv.dumps(t, "srt"))
    _check_vtt(t, transconv.dumps(t, "vtt"))
    # and the cues carry every word of the transcript, in order
    spoken = "".join(squash(w) for w in _caption_words(_expected(t)))
    position = 0
    for word in t.words():
        found = spoken.find(squash(word), position)
        assert found >= 0, word
        position = found + len(squash(word))


@fuzz_settings()
@given(transcripts(max_turns=5))
def test_srt_and_vtt_decode_to_the_segmenter_cues_for_weird_transcripts(t: Transcript) -> None:
    try:
        srt_data = transconv.dumps(t, "srt")
        vtt_data = transconv.dumps(t, "vtt")
    except TransconvError:
        return
    _check_srt(t, srt_data, exact=False)
    _check_vtt(t, vtt_data, exact=False)


# ------------------------------------------------------------------------ EBU STL


def _stl_cues(data: bytes) -> list[tuple[int, int, str]]:
    from ttconv import model as tt_model
    from ttconv.stl import reader

    doc = reader.to_model(io.BytesIO(data))

    def text(element: object) -> str:
        if isinstance(element, tt_model.Text):
            return str(element.get_text())
        if isinstance(element, tt_model.Br):
            return "\n"
        return "".join(text(child) for child in element)  # type: ignore[attr-defined]

    return [(round(Fraction(p.get_begin()) * 1000), round(Fraction(p.get_end()) * 1000), text(p))
            for div in doc.get_body() for p in div]


@pytest.mark.parametrize("name", sorted(SOURCES))
@pytest.mark.parametrize("fps", ["25", "29.97"])
def test_ebu_stl_times_within_one_frame(name: str, fps: str) -> None:
    """25 fps and 29.97 fps (drop-frame labels); ttconv reads every ``STL30.01`` file as
    29.97, so a 30 fps wall-clock file would drift by design there (ebu-stl.md §3)."""
    from transconv.formats import ebustl

    t = SOURCES[name]
    frame = 1000 / float(fps)
    # teletext rows: its own, narrower style, with names shortened by "..." as written, and
    # the words folded into the Latin table as the pipeline folds them
    from transconv.text.repertoire import Folder

    options = ebustl.Options()
    cues = segment(t, plain_ellipsis(options.style), Folder(ebustl.repertoire(options)))
    decoded = _stl_cues(transconv.dumps(t, "ebu-stl", fps=fps))
    assert len(decoded) == len(cues)
    for (begin, end, text), cue in zip(decoded, cues, strict=True):
        assert abs(begin - cue.start) <= frame, (begin, cue.start)
        assert abs(end - cue.end) <= frame, (end, cue.end)
        # ttconv and transconv may spell a folded quote or dash differently: compare the
        # ASCII letters and digits, which the Latin table carries unchanged.
        assert re.sub(r"[^A-Za-z0-9]", "", text) == \
            re.sub(r"[^A-Za-z0-9]", "", "".join(cue.lines))
