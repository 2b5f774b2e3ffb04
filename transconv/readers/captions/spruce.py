"""Spruce STL, the DVD Studio Pro subtitle script (``.stl``; not the binary EBU STL).

Three kinds of line: ``//`` comments (``\\\\`` too, as some tools write), ``$Name = value``
commands that hold from where they stand on, and entries
``HH:MM:SS:FF , HH:MM:SS:FF , text`` (tabs or spaces around the commas) with ``|`` between
the lines of a subtitle. ``^I``, ``^B`` and ``^U`` toggle italic, bold and underline inside a
text: they become style hints of the subtitle and never text, as do ``$Italic``, ``$Bold``,
``$Underlined``, ``$HorzAlign`` and ``$VertAlign``. Entries naming a graphics file (after
``$SetFilePathToken``) carry no text and are skipped.

The script does not state its frame rate; transconv's writer notes it in a comment
(``//fps=29.97 DF``), which is read, else ``--frame-rate`` is used, else 30 fps with a
warning (:mod:`.frames`). ``.stl`` is also EBU STL's ending: :func:`sniff` says no to a
binary EBU file that happened to decode as text.
"""

from __future__ import annotations

import re

from ...model import CaptionTrack
from ..common import ReadOptions, warn
from .frames import TIMECODE, Entry, entry_groups, label_of, rate_note, track_of

__all__ = ["read", "sniff"]

_ENTRY = re.compile(rf"^\s*{TIMECODE}\s*,\s*{TIMECODE}\s*,(.*)$")
#: Greedy to the end of the line (values are stripped): a lazy ``(.*?)\s*$`` would try the
#: end at every character of a long run of spaces, quadratic time.
_COMMAND = re.compile(r"^\s*\$(\w+)\s*=?(.*)$")
_FPS = re.compile(r"^\s*//\s*(?:fps|frame ?rate)\s*[=:]\s*(.*)$", re.IGNORECASE)
_EBU = re.compile(r"^.{3}STL\d\d\.01", re.DOTALL)
_TOGGLE = re.compile(r"\^([BIUbiu])")
_STYLE_COMMANDS = {"italic": "italic", "bold": "bold", "underlined": "underline"}
_TOGGLES = {"i": "italic", "b": "bold", "u": "underline"}
_ALIGN = {"left": "left", "center": "center", "right": "right"}


def sniff(head: str) -> int:
    """Certain when the first line that is not a comment or command is an entry; likely for
    a head of commands only. Never for EBU STL (``STL25.01`` at the fourth byte)."""
    if _EBU.match(head):
        return 0
    commands = 0
    for line in head.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("//", "\\\\")):
            continue
        if stripped.startswith("$") and _COMMAND.match(stripped):
            commands += 1
            continue
        return 2 if _ENTRY.match(line) else 0
    return 1 if commands else 0


class _Commands:
    """The commands in force and the hints they give an entry."""

    def __init__(self) -> None:
        self.styles: set[str] = set()
        self.align = ""
        self.region = ""
        self.graphics = ""
        self.tape = False

    def apply(self, name: str, value: str) -> None:
        name, flag = name.lower(), value.strip().lower()
        if name in _STYLE_COMMANDS:
            (self.styles.add if flag == "true" else self.styles.discard)(
                _STYLE_COMMANDS[name])
        elif name == "horzalign":
            self.align = _ALIGN.get(flag, "")
        elif name == "vertalign":
            self.region = {"top": "top", "center": "middle"}.get(flag, "")
        elif name == "setfilepathtoken":
            self.graphics = value.strip()
        elif name == "tapeoffset":
            self.tape = flag.startswith("true")

    def hints(self, toggled: set[str]) -> tuple[tuple[str, str], ...]:
        hints = [("align", self.align)] if self.align else []
        hints += [("region", self.region)] if self.region else []
        styles = self.styles | toggled
        return (*hints, *((style, "1") for style in ("italic", "bold", "underline")
                          if style in styles))


def _lines(text: str) -> tuple[list[str], set[str]]:
    """The display lines of an entry's text and the styles its toggles turned on."""
    toggled = {_TOGGLES[t.lower()] for t in _TOGGLE.findall(text)}
    if toggled:
        text = _TOGGLE.sub("", text)
    return [part.strip() for part in text.split("|")], toggled


def read(text: str, options: ReadOptions, source: str) -> CaptionTrack:
    """The subtitles of a Spruce STL script."""
    commands = _Commands()
    stated = None
    entries: list[Entry] = []
    skipped = 0
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith(("//", "\\\\")):
            note = _FPS.match(stripped)
            stated = (rate_note(note.group(1)) if note else None) or stated
            continue
        command = _COMMAND.match(stripped) if stripped.startswith("$") else None
        if command is not None:
            commands.apply(command.group(1), command.group(2).strip())
            continue
        groups = entry_groups(_ENTRY, line, number, "a Spruce STL entry "
                              "(00:00:01:00 , 00:00:03:15 , text)")
        body = groups[10].strip()
        if commands.graphics and body.startswith(commands.graphics):
            skipped += 1
            continue
        lines, toggled = _lines(body)
        entries.append((label_of(groups[:5], number), label_of(groups[5:10], number), lines,
                        commands.hints(toggled)))
    if skipped:
        warn(source, "", f"{skipped} entr{'y' if skipped == 1 else 'ies'} naming a graphics "
             "file skipped")
    return track_of(entries, stated, options, source, "the Spruce STL script",
                    tape=commands.tape)
