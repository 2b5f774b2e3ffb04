"""Renaming speakers after reading (``--speaker-names "A=Alice,B=Bob"``), for every input.

A speech service labels its speakers ``A``, ``spk_0`` or ``SPEAKER_00`` and the readers name
them ``Speaker 1``, ``Speaker 2``…; a caption file names them as its author wrote them. The
user knows who spoke, so the names are given once, after any reader, like the time
operations (:func:`transconv.readers.read`).

A key names a speaker by its **id in the source** first (Rev's speaker id, SmartDocumentor's
``speakerId``, a service's label such as ``A`` or ``spk_0``, a caption file's ``1``, ``2``…
in order of appearance), else by its **current label** (``Speaker 1``, ``Interviewer``),
compared without regard to case or repeated spaces. The new name replaces the whole label
(a Rev prefix or suffix goes with the old name). In a caption track the marker a cue opens
with (``Anna:``, ``>> Anna:``) is renamed too, so the words stay the words. A key that names
no speaker is reported as a warning, never an error: one list of names may serve a batch.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from ..errors import UsageError
from ..model import CaptionTrack, Cue, Document, Speaker

__all__ = ["parse_names", "rename_speakers"]

Names = tuple[tuple[str, str], ...]


def parse_names(value: object) -> Names:
    """``"A=Alice,B=Bob"``, a mapping or pairs → ``(("A", "Alice"), ("B", "Bob"))``.

    >>> parse_names("A=Alice, spk_1 = Bob")
    (('A', 'Alice'), ('spk_1', 'Bob'))
    """
    pairs: list[tuple[object, object]] = []
    if isinstance(value, str):
        for part in value.split(","):
            if not part.strip():
                continue
            key, sep, name = part.partition("=")
            if not sep:
                raise UsageError(f"speaker names: {part.strip()!r} is not KEY=NAME")
            pairs.append((key, name))
    elif isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, (tuple, list)) and all(
            isinstance(p, (tuple, list)) and len(p) == 2 for p in value):
        pairs = [(p[0], p[1]) for p in value]
    else:
        raise UsageError("speaker names must be 'KEY=NAME,…' or a mapping of key to name")
    names: list[tuple[str, str]] = []
    for given, named in pairs:  # str() of each: a mapping may hold numbers
        key_text, name_text = " ".join(str(given).split()), " ".join(str(named).split())
        if not key_text or not name_text:
            raise UsageError(f"speaker names: {given!r}={named!r} needs both a key and a name")
        names.append((key_text, name_text))
    return tuple(names)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _resolve(speakers: dict[str, Speaker], used: list[str | None], names: Names,
             source: str) -> dict[str, str]:
    """Speaker id → new name: by id first, else by current label."""
    from .common import warn

    known = dict(speakers)
    for key in used:  # keys turns or cues use that the table does not list
        if key is not None and key not in known:
            known[key] = Speaker(key, f"Speaker {key}")
    by_label: dict[str, str] = {}
    for key, speaker in known.items():
        by_label.setdefault(_fold(speaker.label), key)
        by_label.setdefault(_fold(speaker.name), key)
    renames: dict[str, str] = {}
    for key, name in names:
        found = key if key in known else by_label.get(_fold(key))
        if found is None:
            warn(source, "", f"no speaker {key!r} to name {name!r}")
            continue
        renames[found] = name
    return renames


def rename_speakers(document: Document, names: Names, source: str = "") -> Document:
    """``document`` with its speakers renamed by ``names`` (see the module docstring)."""
    if isinstance(document, CaptionTrack):
        used = list(dict.fromkeys(cue.speaker for cue in document.cues))
    else:
        used = list(dict.fromkeys(turn.speaker for turn in document.turns))
    renames = _resolve(document.speakers, used, names, source)
    if not renames:
        return document
    old = {key: document.speaker_label(key) for key in renames}
    speakers = dict(document.speakers)
    for key, name in renames.items():
        speakers[key] = Speaker(key, name)
    document.speakers = speakers
    if isinstance(document, CaptionTrack):
        document.cues = [_relabelled(cue, old[cue.speaker], renames[cue.speaker])
                         if cue.speaker in renames else cue for cue in document.cues]
    return document


def _relabelled(cue: Cue, old: str, new: str) -> Cue:
    """The cue under its new label, the marker it opens with (``Old:``, ``>> Old:``) too."""
    lines = cue.lines
    if lines and old:
        first = lines[0]
        for marker in (f"{old}:", f">> {old}:", f">>{old}:"):
            if first.startswith(marker) and (len(first) == len(marker)
                                             or first[len(marker)].isspace()):
                head = marker[:len(marker) - len(old) - 1]
                lines = (f"{head}{new}:{first[len(marker):]}", *lines[1:])
                break
    return dataclasses.replace(cue, speaker_label=new, lines=lines)
