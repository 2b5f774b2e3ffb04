"""SubRip and WebVTT files of :data:`SCRIPT`, written in the test run by other projects.

Each writer gets the script as it takes cues: the text with a visible ``Name:`` at each change
of speaker (SubRip has no other way to name one), and, where the writer can carry it, a WebVTT
voice span. ffmpeg converts the ASS file pysubs2 writes (ASS keeps centiseconds, and every
time of the script is a whole number of them).
"""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

from .script import SCRIPT, ScriptCue

FFMPEG = "/usr/bin/ffmpeg"


def marked(script: tuple[ScriptCue, ...] = SCRIPT) -> list[list[str]]:
    """Each cue's lines, the first opening with ``Name: `` where the speaker changes."""
    out: list[list[str]] = []
    previous = None
    for cue in script:
        lines = list(cue.lines)
        if cue.speaker != previous:
            lines[0] = f"{cue.speaker}: {lines[0]}"
        previous = cue.speaker
        out.append(lines)
    return out


def pysubs2_file(folder: Path, fmt: str) -> Path:
    import pysubs2

    subs = pysubs2.SSAFile()
    for cue, lines in zip(SCRIPT, marked(), strict=True):
        subs.append(pysubs2.SSAEvent(start=cue.start, end=cue.end, text="\\N".join(lines)))
    path = folder / f"pysubs2.{fmt}"
    subs.save(str(path), format_=fmt, encoding="utf-8")
    return path


def pycaption_file(folder: Path, fmt: str) -> Path:
    import pycaption

    captions = []
    for cue, lines in zip(SCRIPT, marked(), strict=True):
        nodes = []
        for index, line in enumerate(lines):
            if index:
                nodes.append(pycaption.CaptionNode.create_break())
            nodes.append(pycaption.CaptionNode.create_text(line))
        captions.append(pycaption.Caption(cue.start * 1000, cue.end * 1000, nodes))
    caption_set = pycaption.CaptionSet({"en": pycaption.CaptionList(captions)})
    writer = pycaption.SRTWriter() if fmt == "srt" else pycaption.WebVTTWriter()
    path = folder / f"pycaption.{fmt}"
    path.write_text(writer.write(caption_set), encoding="utf-8")
    return path


def _clock(ms: int, sep: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02}:{minutes:02}:{rest // 1000:02}{sep}{rest % 1000:03}"


def webvtt_file(folder: Path, fmt: str) -> Path:
    """webvtt-py's file; its WebVTT gets ``<v Name>`` spans (it writes cue text as given)."""
    import webvtt

    vtt = webvtt.WebVTT()
    for cue, lines in zip(SCRIPT, marked(), strict=True):
        text = list(lines)
        if fmt == "vtt":
            text[0] = f"<v {cue.speaker}>{text[0]}"
            text[-1] = f"{text[-1]}</v>"
        vtt.captions.append(webvtt.Caption(_clock(cue.start, "."), _clock(cue.end, "."), text))
    path = folder / f"webvtt.{fmt}"
    if fmt == "vtt":
        vtt.save(str(path))
    else:
        vtt.save_as_srt(str(path))
    return path


def srt_library_file(folder: Path) -> Path:
    import srt

    subs = [srt.Subtitle(index, datetime.timedelta(milliseconds=cue.start),
                         datetime.timedelta(milliseconds=cue.end), "\n".join(lines))
            for index, (cue, lines) in enumerate(zip(SCRIPT, marked(), strict=True), 1)]
    path = folder / "srtlib.srt"
    path.write_text(srt.compose(subs), encoding="utf-8")
    return path


def ffmpeg_file(folder: Path, fmt: str) -> Path:
    source = pysubs2_file(folder, "ass")
    path = folder / f"ffmpeg.{fmt}"
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-y", "-i", str(source),
                    str(path)], check=True, timeout=60)
    return path


def assert_script(track: object, *, speakers: str = "marks") -> None:
    """``track`` holds the script's cues: words, times (±1 ms) and speakers.

    ``speakers``: ``voices`` (the format marks every cue's speaker: all are checked), ``marks``
    (only the visible ``Name:`` at each change tells them: the cues that carry one are
    checked) or ``none``.
    """
    from transconv.model import CaptionTrack

    assert isinstance(track, CaptionTrack)
    assert len(track.cues) == len(SCRIPT), [cue.lines for cue in track.cues]
    for cue, want, lines in zip(track.cues, SCRIPT, marked(), strict=True):
        assert abs(cue.start - want.start) <= 1 and abs(cue.end - want.end) <= 1, (cue, want)
        assert " ".join(cue.lines).split() == " ".join(lines).split()
        if speakers in ("voices", "marks"):  # a mark names a speaker who lasts to the next
            assert cue.speaker_label == want.speaker, (cue, want)
