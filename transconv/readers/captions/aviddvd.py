"""Avid DVD (Sonic DVDit) subtitle script, ``.txt``: one tab-separated line per subtitle.

Layout (Sonic's manual): ``$Name = value`` commands, then ``id<TAB>START<TAB>END<TAB>text``
per subtitle, ``|`` between its lines and ``\\|`` for a literal pipe (so ``\\\\`` for a
backslash), more lines on following lines that open with a TAB. Blank lines between entries
(Subtitle Edit writes them) are skipped. ``$Italic``, ``$Bold``, ``$Underlined`` and
``$HorzAlign``/``$VertAlign`` become the hints of the entries after them.

Neither the script nor transconv's writer states the frame rate, so it is ``--frame-rate``
or else 30 fps with a warning (:mod:`.frames`); at 29.97 the labels are read as SMPTE
non-drop, as DVD tools write them.
"""

from __future__ import annotations

import re

from ...model import CaptionTrack
from ..common import ReadOptions
from .frames import TIMECODE, Entry, entry_groups, label_of, track_of

__all__ = ["read", "sniff"]

#: Greedy to the end of the line (the caller strips it): a lazy ``(.*?)\s*$`` would try the
#: end at every character of a long run of spaces, quadratic time.
_ENTRY = re.compile(rf"^\s*\d+[ \t]+{TIMECODE}[ \t]+{TIMECODE}(?:[ \t](.*))?$")
_COMMAND = re.compile(r"^\s*\$(\w+)\s*=(.*)$")
_PIPE = re.compile(r"\\(.)|\|")
_STYLES = {"italic": "italic", "bold": "bold", "underlined": "underline"}


def sniff(head: str) -> int:
    """Certain when the first line that is not a command is an entry."""
    for line in head.splitlines():
        stripped = line.strip()
        if not stripped or (stripped.startswith("$") and _COMMAND.match(stripped)):
            continue
        return 2 if _ENTRY.match(line) else 0
    return 0


def _lines(text: str) -> list[str]:
    """The display lines of an entry's text: split at ``|``, ``\\x`` read as ``x``."""
    if "\\" not in text and "|" not in text:
        return [text]
    return _PIPE.sub(lambda m: m.group(1) if m.group(1) is not None else "\n",
                     text).split("\n")


def read(text: str, options: ReadOptions, source: str) -> CaptionTrack:
    """The subtitles of an Avid DVD script."""
    hints: dict[str, str] = {}  # "tape" is kept here too, and left out of the cues
    entries: list[Entry] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if line.startswith("\t") and entries:
            entries[-1][2].extend(_lines(stripped))
            continue
        command = _COMMAND.match(stripped) if stripped.startswith("$") else None
        if command is not None:
            _apply(hints, command.group(1), command.group(2).strip())
            continue
        groups = entry_groups(_ENTRY, line, number, "an Avid DVD entry "
                              "(1<TAB>00:00:01:00<TAB>00:00:03:15<TAB>text)")
        entries.append((label_of(groups[:5], number), label_of(groups[5:10], number),
                        _lines((groups[10] or "").strip()),
                        tuple(item for item in hints.items() if item[0] != "tape")))
    return track_of(entries, None, options, source, "the Avid DVD script",
                    tape="tape" in hints)

def _apply(hints: dict[str, str], name: str, value: str) -> None:
    """A command's effect on the hints of the entries after it."""
    name, flag = name.lower(), value.strip().lower()
    if name in _STYLES:
        if flag == "true":
            hints[_STYLES[name]] = "1"
        else:
            hints.pop(_STYLES[name], None)
    elif name == "horzalign":
        if flag in ("left", "center", "right"):
            hints["align"] = flag
        else:
            hints.pop("align", None)
    elif name == "tapeoffset" and flag.startswith("true"):
        hints["tape"] = "1"
    elif name == "vertalign":
        if flag in ("top", "center"):  # the vocabulary's "middle" for the centre
            hints["region"] = "top" if flag == "top" else "middle"
        else:
            hints.pop("region", None)
