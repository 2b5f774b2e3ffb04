"""SCRIPT as transconv documents, and the checks the frame-text and plain-text reader tests
share: a caption track marked ``Name:`` at each change of speaker (as the segmenter marks
it), a transcript of one turn per run of a speaker, and fuzzing that only lets the
project's own errors out, in bounded time per input."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from fractions import Fraction

import transconv
from tests.readers.script import SCRIPT, ScriptCue, script_words
from transconv.errors import TransconvError
from transconv.model import WORD, CaptionTrack, Cue, Speaker, Token, Transcript, Turn

NAMES = ("Anna", "Jürgen")
KEYS = {name: str(i) for i, name in enumerate(NAMES, 1)}


def marked_lines(cue: ScriptCue, new: bool) -> tuple[str, ...]:
    """The cue's lines with ``Name: `` in front at a change of speaker."""
    if not new:
        return cue.lines
    return (f"{cue.speaker}: {cue.lines[0]}", *cue.lines[1:])


def changes() -> list[bool]:
    """Whether each SCRIPT cue starts a new speaker."""
    return [i == 0 or cue.speaker != SCRIPT[i - 1].speaker for i, cue in enumerate(SCRIPT)]


def script_track(*, marks: bool = True) -> CaptionTrack:
    """SCRIPT as a caption track; ``marks`` puts ``Name:`` in the text at each change."""
    speakers = {key: Speaker(key, name) for name, key in KEYS.items()}
    cues = [Cue(cue.start, cue.end, marked_lines(cue, new and marks), KEYS[cue.speaker or ""],
                cue.speaker or "", new)
            for cue, new in zip(SCRIPT, changes(), strict=True)]
    return CaptionTrack(cues, speakers)


def script_transcript() -> Transcript:
    """SCRIPT as a transcript: one turn per run of a speaker, words timed by characters."""
    speakers = {key: Speaker(key, name) for name, key in KEYS.items()}
    turns: list[Turn] = []
    for cue, new in zip(SCRIPT, changes(), strict=True):
        words = cue.words
        total = sum(map(len, words))
        done, tokens = 0, []
        for word in words:
            begin = cue.start + (cue.end - cue.start) * done // total
            done += len(word)
            tokens.append(Token(WORD, word, begin,
                                cue.start + (cue.end - cue.start) * done // total))
        if new:
            turns.append(Turn(KEYS[cue.speaker or ""], cue.start, cue.end, tokens))
        else:
            turns[-1].tokens.extend(tokens)
            turns[-1].end = cue.end
    return Transcript(turns=turns, speakers=speakers)


def written(document: CaptionTrack | Transcript, fmt: str, **options: object) -> bytes:
    """transconv's ``fmt`` file of ``document``, as bytes."""
    out = transconv.dumps(document, fmt, **options)
    return out if isinstance(out, bytes) else out.encode("utf-8")


def fuzz_once(read: Callable[[bytes], object], data: bytes, bound: float = 2.0) -> None:
    """``read(data)`` raises nothing but TransconvError and finishes within ``bound`` s."""
    began = time.perf_counter()
    with contextlib.suppress(TransconvError):
        read(data)
    assert time.perf_counter() - began < bound


def mutate(base: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    """``base`` with each (position, length, replacement) applied, positions wrapped."""
    data = bytearray(base)
    for position, length, replacement in cuts:
        at = position % (len(data) + 1)
        data[at:at + length] = replacement
    return bytes(data)


def load_track(data: bytes, **options: object) -> CaptionTrack:
    """The caption track transconv reads from ``data``."""
    doc = transconv.loads(data, **options)
    assert isinstance(doc, CaptionTrack)
    return doc


def frame_ms(rate: Fraction) -> int:
    """One frame at ``rate``, in whole milliseconds rounded up, plus one for rounding."""
    return -(-1000 * rate.denominator // rate.numerator) + 1


def check_script(track: CaptionTrack, tolerance: int, *, speakers: bool = True) -> None:
    """``track`` shows SCRIPT: its cues, lines (``Name:`` at changes), times, speakers."""
    assert len(track.cues) == len(SCRIPT)
    for cue, want, new in zip(track.cues, SCRIPT, changes(), strict=True):
        assert cue.lines == marked_lines(want, new)
        assert abs(cue.start - want.start) <= tolerance, (cue, want)
        assert abs(cue.end - want.end) <= tolerance, (cue, want)
        if speakers:
            assert cue.speaker_label == want.speaker, (cue, want)
    assert [w for c in track.cues for line in c.lines for w in line.split()
            if w not in ("Anna:", "Jürgen:")] == script_words()


def script_lines() -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, lines marked at changes) of every SCRIPT cue."""
    return [(c.start, c.end, marked_lines(c, new)) for c, new in zip(SCRIPT, changes(),
                                                                      strict=True)]
