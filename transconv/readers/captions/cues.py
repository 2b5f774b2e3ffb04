"""Collecting a caption file's cues into a track: text clean-up, speakers, errors by line.

Every caption reader finds cues its own way and hands each to a :class:`TrackBuilder`, which
does what they all need alike:

- cleans each line (:func:`transconv.readers.text.clean`) and drops empty ones;
- finds the speaker: one the format marks (WebVTT ``<v>``, TTML ``ttm:agent``) is given by
  the reader; otherwise a cue that opens with ``>> Name:``, ``NAME:`` or ``Name:`` (one to
  three capitalised words followed by the start of a sentence) names a new speaker,
  ``>>`` alone marks a change to an unnamed one, and with ``dash_speakers`` every line
  opening with ``- `` does too
  (the cue is split at those lines, sharing its time by characters). A speaker stays the
  speaker of the following cues until the next mark. The lines keep the mark as the author
  wrote it; the transcript view (:func:`transconv.segment.relayout.transcript_of`) leaves it
  out of the words;
- keys speakers ``1``, ``2``, … by first appearance, one per distinct name.

:func:`at_line` makes the one-line error every reader raises for a malformed line.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from ...errors import InvalidInput
from ...model import CaptionTrack, Cue, Speaker
from ..text import clean

__all__ = ["TrackBuilder", "at_line"]

#: ``>> Name:`` (any name) or ``Name:`` (one to three capitalised words, or capitals), at
#: the start of a cue.
_NAMED = re.compile(r"^(?:>>+\s*(?P<any>[^:>]{1,40}?)\s*:|(?P<cap>(?:[A-Z][\w.'’-]*"
                    r"(?:\s+[A-Z][\w.'’-]*){0,2})|[A-Z][A-Z0-9 .'’-]{1,30})\s*:)(?=\s|$)")
_CHEVRONS = re.compile(r"^>>+\s*")
_DASH = "- "


def at_line(number: int, message: str) -> InvalidInput:
    """The error for line ``number`` (1-based) of the input."""
    return InvalidInput(message, where=f"line {number}")


class TrackBuilder:
    """The cues of one file, in the order found, and the speakers they name."""

    def __init__(self, *, dash_speakers: bool = False) -> None:
        self.cues: list[Cue] = []
        self.speakers: dict[str, Speaker] = {}
        self._keys: dict[str, str] = {}
        self._current: str | None = None
        self._dash = dash_speakers

    def speaker(self, name: str) -> str:
        """The key of the speaker called ``name`` (made on first use)."""
        name = " ".join(clean(name).split())
        key = self._keys.get(name.casefold())
        if key is None:
            key = str(len(self._keys) + 1)
            self._keys[name.casefold()] = key
            self.speakers[key] = Speaker(key, name)
        return key

    def add(self, start: int, end: int, lines: Iterable[str], *, speaker: str | None = None,
            hints: tuple[tuple[str, str], ...] = ()) -> None:
        """One cue; ``speaker`` is the name the format itself marks (None: read the text)."""
        shown = [line for line in (" ".join(clean(raw).split()) for raw in lines) if line]
        if not shown:
            return
        end = max(end, start)
        if self._dash and sum(line.startswith(_DASH) for line in shown) >= 1:
            for part_start, part_end, part in _dash_parts(start, end, shown):
                self._add(part_start, part_end, part, None, hints, changed=True)
            return
        self._add(start, end, shown, speaker, hints, changed=False)

    def _add(self, start: int, end: int, lines: list[str], speaker: str | None,
             hints: tuple[tuple[str, str], ...], *, changed: bool) -> None:
        key = self._current
        if speaker is not None:
            key = self.speaker(speaker) if speaker.strip() else None
            changed = changed or key != self._current
        else:
            named = _speaker_mark(lines[0])
            if named is not None:
                key = self.speaker(named)
                changed = True
            elif _CHEVRONS.match(lines[0]) or changed:
                key, changed = None, True
        label = self.speakers[key].label if key is not None else ""
        self._current = key
        self.cues.append(Cue(start, end, tuple(lines), key, label, changed or not self.cues,
                             hints=hints))

    def track(self, **facts: object) -> CaptionTrack:
        """The track: cues in time order (a stable sort keeps equal starts as found)."""
        cues = self.cues
        if any(a.start > b.start for a, b in itertools.pairwise(cues)):
            cues = sorted(cues, key=lambda cue: cue.start)
        track = CaptionTrack(cues, self.speakers)
        for name, value in facts.items():
            setattr(track, name, value)
        return track


def _speaker_mark(line: str) -> str | None:
    """The name a cue's first line opens with, or None.

    ``>> Name:`` and ``NAME:`` in capitals always name a speaker. A name in mixed case
    (``Anna:``) does only when what follows starts a sentence, so ``Tonight: the café`` or
    ``Ingredients: flour, eggs`` stays text while ``Anna: Good evening`` is Anna's.
    """
    named = _NAMED.match(line)
    if named is None:
        return None
    if named.group("any"):
        return named.group("any")
    name = named.group("cap")
    rest = line[named.end():].lstrip()
    if name.isupper() or not rest or not rest[0].isalpha() or rest[0].isupper():
        return name
    return None


def _dash_parts(start: int, end: int, lines: list[str],
                ) -> list[tuple[int, int, list[str]]]:
    """The cue cut before every line that opens with a dash, time shared by characters."""
    parts: list[list[str]] = []
    for line in lines:
        if line.startswith(_DASH) or not parts:
            parts.append([line])
        else:
            parts[-1].append(line)
    sizes = [sum(map(len, part)) for part in parts]
    total = sum(sizes) or 1
    out: list[tuple[int, int, list[str]]] = []
    done = 0
    for part, size in zip(parts, sizes, strict=True):
        begin = start + (end - start) * done // total
        done += size
        out.append((begin, start + (end - start) * done // total, part))
    return out
