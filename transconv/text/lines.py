"""Caption lines: the cleaning every text writer shares, and whole-file passes for the writers
that encode through a table.

EBU STL and Cheetah CAP both turn every line of a file into bytes through a per-character
table. Line by line, :meth:`str.translate` dominates (it looks up every character of any line
that is not pure ASCII); over the whole file joined by newlines, with only the distinct
non-ASCII characters looked up, the ten-hour benchmark's 18,000 lines take 10 ms instead of
60. The helpers here do the joining, cleaning, translating and splitting back into cues.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only annotations: the transcript writers import this module too
    from ..model import Cue

#: The Unicode noncharacters (U+FDD0-U+FDEF, U+xxFFFE and U+xxFFFF): no visible form, and a
#: player may drop a whole cue over one (ffmpeg does in SubRip).
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
#: C0 controls but tab, line feed and carriage return, DEL, C1 but U+0085 NEXT LINE (those
#: split words: ``str.split`` takes them for whitespace), and the noncharacters.
_CONTROLS = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f{_NONCHARACTERS}]")
#: Every C0 and C1 control, DEL and the noncharacters.
_ANY_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_NONCHARACTERS}]")
_SPACES = re.compile(r" {2,}")
#: One non-ASCII character, captured: splitting on it leaves the characters at odd indices.
_NON_ASCII = re.compile("([^\x00-\x7f])")


def clean_line(line: str) -> str:
    """One display line: control characters removed, whitespace runs (TAB, CR and LF
    included) as one space, trimmed. Every line-oriented writer uses it: TAB or CR/LF are
    syntax in all of them."""
    if line.isprintable():
        # The usual line: U+0020 is its only whitespace, so a strip trims it and a split
        # and join is needed only where a space is doubled (a quarter of the cost, measured).
        line = line.strip(" ")
        return " ".join(line.split()) if "  " in line else line
    return " ".join(_CONTROLS.sub("", line).split())


def payload_lines(lines: tuple[str, ...] | list[str]) -> list[str]:
    """Cue lines that cannot break a cue block: one line each, no controls, none empty.

    Embedded line breaks (any that ``str.splitlines`` knows) split a line; a tab becomes a
    space; other C0/C1 controls and DEL are removed; runs of spaces collapse (a double space
    is never meant in a caption); lines that end up blank are dropped.
    """
    out: list[str] = []
    for line in lines:
        if line.isprintable():
            # The usual case (segmenter output): no line break, control or tab, and the
            # only whitespace is U+0020, so trimming is a strip, and a split and join is
            # needed only where a space is doubled (a quarter of the cost, measured).
            line = line.strip(" ")
            if "  " in line:
                line = " ".join(line.split())
            if line:
                out.append(line)
            continue
        for piece in line.splitlines():
            cleaned = _SPACES.sub(" ", _ANY_CONTROL.sub("", piece.replace("\t", " "))).strip()
            if cleaned:
                out.append(cleaned)
    return out


def join_clean(lines: Sequence[str]) -> str:
    """:func:`clean_line` of every line, joined by newlines (which no clean line contains).

    Lines from the segmenter are clean already, which a few passes over the joined text
    prove: with the joins as spaces it is printable (no control character, no whitespace
    but spaces) and no space has a space or either end beside it (no line has a run of
    spaces, an edge space or nothing at all), and there is one newline per join. Only
    otherwise is each line cleaned.
    """
    text = "\n".join(lines)
    spaced = text.replace("\n", " ")
    if (spaced.isprintable() and "  " not in spaced and not spaced.startswith(" ")
            and not spaced.endswith(" ") and text.count("\n") == len(lines) - 1):
        return text
    return "\n".join(map(clean_line, lines))


def split_non_ascii(text: str) -> list[str]:
    """``text`` split around its non-ASCII characters, which are then at the odd indices."""
    return _NON_ASCII.split(text)


def translate_split(parts: list[str], table: Mapping[int, str]) -> str:
    """``text.translate(table)`` for the ``parts`` of :func:`split_non_ascii`, when ``table``
    maps printable ASCII to itself (newlines are kept). Only the non-ASCII characters are
    looked up, each distinct one once: :meth:`str.translate` itself looks up every
    character of any text that is not pure ASCII, at several times the cost."""
    chars = parts[1::2]
    translated = {ch: table[ord(ch)] for ch in set(chars)}
    parts[1::2] = map(translated.__getitem__, chars)
    return "".join(parts)


def rows_by_cue(ordered: list[Cue], rows: list[bytes]) -> tuple[list[Cue], list[list[bytes]]]:
    """The cues that have text and their rows, given the encoded rows of all the ``ordered``
    cues' lines in turn; empty rows are left out."""
    bounds = [0, *accumulate(len(cue.lines) for cue in ordered)]
    by_cue = [rows[start:end] for start, end in pairwise(bounds)]
    if b"" in rows:
        by_cue = [[row for row in cue_rows if row] for cue_rows in by_cue]
    if all(by_cue):
        return ordered, by_cue
    kept = [index for index, cue_rows in enumerate(by_cue) if cue_rows]
    return [ordered[index] for index in kept], [by_cue[index] for index in kept]
