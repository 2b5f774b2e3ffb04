"""SubRip (``.srt``): a cue number, a time line ``00:00:01,000 --> 00:00:03,500``, text, a blank.

SubRip has no specification, and files in the wild bend every part of that shape, so the
reader follows what players accept rather than the textbook layout:

- a time line starts a new cue wherever it stands; the blank line before it and the cue
  number are expected but may be missing (a warning says where, and how often);
- cue numbers that do not count 1, 2, 3 … are read on with a warning;
- a text line after a blank line that starts no new cue belongs to the cue before it (an
  extra blank line inside a cue's text), with a warning;
- times take ``,`` or ``.`` before one to three fraction digits, any number of hours
  (past 99 too) and may be followed by ``X1:… X2:… Y1:… Y2:…`` display coordinates, kept as
  hints;
- ``<i> <b> <u> <s> <font …>`` and any other ``<tag>`` are markup, never text (every player
  drops them): a cue wholly inside one keeps it as a hint (``("italic", "1")``,
  ``("color", "#ffff00")``, in the vocabulary of :mod:`transconv.text.hints`); ASS
  override blocks such as ``{\\an8}`` are dropped, their alignment kept as hints
  (``\\an8`` → ``("region", "top")``);
- HTML entities are decoded (``&amp;`` → ``&``), although the players this project was
  tested against show them as written: a file with entities was written by a tool that
  meant them, and nothing else in SubRip text looks like one.

A line holding ``-->`` whose times cannot be read is an error naming its line
(``line 214: '00:01:02,5OO' is not a time``); so is text before the first cue.

The design card suggested pysrt. It is not used: it reports no line numbers (it even
reads ``00:01:02,5OO`` without complaint), knows nothing of ``{\\an8}`` or display
coordinates, and glues a cue that follows without a blank line onto the text of the one
before. A linear pass over the lines is also quicker: on the bench's ten-hour file (13,115
cues), in one process on a shared two-core machine, pysrt's ``from_string`` took 0.11-0.16 s
and this reader, cue builder included, 0.09-0.11 s.
"""

from __future__ import annotations

import html
import re

from ...model import CaptionTrack
from ...text.hints import color_value
from ..common import CERTAIN, NOT, ReadOptions
from .arrows import Findings, bad_time
from .clock import CLOCK, ms_of
from .cues import TrackBuilder, at_line

__all__ = ["read", "sniff"]

_TIMES = re.compile(rf"[ \t]*{CLOCK}[ \t]*-->[ \t]*{CLOCK}((?:[ \t].*)?)")
#: The time line nearly every file has, read without the general pattern's optional parts.
_USUAL = re.compile(r"(\d\d):([0-5]\d):([0-5]\d),(\d{3}) --> (\d\d):([0-5]\d):([0-5]\d),(\d{3})")
_NUMBER = re.compile(r"[ \t]*(\d{1,9})[ \t]*")
_COORDINATE = re.compile(r"\b([XY][12])[ \t]*:[ \t]*(-?\d{1,6})", re.IGNORECASE)
#: An ASS override block, ``{\an8}`` or ``{\i1\pos(10,20)}``.
_ASS = re.compile(r"\{\\[^{}\n]*\}")
_ALIGN = re.compile(r"\\an?([1-9]|1[01])\b")
#: Anything a player takes for an HTML-like tag: ``<`` and a letter, or ``</``.
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
#: A cue wholly inside one tag: the tag's name and attributes, and what it holds.
_WHOLE = re.compile(r"\s*<([a-z]+)\b([^<>]*)>(.*)</\1>\s*", re.IGNORECASE | re.DOTALL)
_COLOR = re.compile(r"""color[ \t]*=[ \t]*["']?([#\w]+)""", re.IGNORECASE)
_STYLES = {"i": "italic", "b": "bold", "u": "underline", "s": "strike"}
#: ``\anN`` (numpad layout) as the region and the alignment it names; bottom centre (2)
#: is where every cue goes anyway, so it gives no hint.
_NUMPAD = {1: ("", "left"), 2: ("", ""), 3: ("", "right"), 4: ("middle", "left"),
           5: ("middle", ""), 6: ("middle", "right"), 7: ("top", "left"), 8: ("top", ""),
           9: ("top", "right")}
#: The old SSA ``\aN``: 1-3 bottom, 5-7 top, 9-11 middle (left, centre, right each).
_SSA = {1: 1, 2: 2, 3: 3, 5: 7, 6: 8, 7: 9, 9: 4, 10: 5, 11: 6}

Hints = tuple[tuple[str, str], ...]


def sniff(head: str) -> int:
    """Certain when the first cue opens the file: a number line (optional) and a time line."""
    count = 0
    for line in head.splitlines():
        if not line.strip():
            continue
        if _TIMES.match(line):
            return CERTAIN
        count += 1
        if count > 1 or not _NUMBER.fullmatch(line):
            return NOT
    return NOT


def read(text: str, options: ReadOptions, source: str) -> CaptionTrack:
    """The cues of a SubRip file (see the module docstring for what is accepted)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    builder = TrackBuilder(dash_speakers=options.dash_speakers)
    findings = Findings()
    body: list[str] = []
    start = end = -1
    hints: Hints = ()
    expected = 1
    numbered = False  # the line before the time line was the cue's number
    blank = True  # the line before this one was blank (or the file starts here)
    for number, line in enumerate(lines, 1):
        if not line or line.isspace():
            blank, numbered = True, False
            continue
        if "-->" in line:
            if start >= 0:
                _add(builder, start, end, body, hints)
            if not numbered:
                findings.note(number, "a cue without its number")
                if not blank:
                    findings.note(number, "no blank line before this cue")
            start, end, hints = _times(line, number)
            if end < start:
                findings.note(number, "a cue that ends before it starts (shown for no time)")
            body = []
            numbered, blank = False, False
            continue
        stripped = line.strip()
        cue_number = _NUMBER.fullmatch(line) if stripped[0].isdigit() else None
        if cue_number is not None and number < len(lines) and "-->" in lines[number]:
            if not blank:
                findings.note(number, "no blank line before this cue")
            value = int(cue_number.group(1))
            if value != expected:
                findings.note(number, f"cue number {value} where {expected} was expected")
            expected = value + 1
            numbered, blank = True, False
            continue
        if start < 0:
            raise at_line(number, f"{stripped[:40]!r} is not a SubRip cue number or time line "
                                  "(00:00:01,000 --> 00:00:03,500)")
        if blank and body:
            findings.note(number, "a blank line inside a cue's text (the text is kept)")
        body.append(line)
        blank = False
    if start >= 0:
        _add(builder, start, end, body, hints)
    findings.report(source)
    return builder.track()


def _times(line: str, number: int) -> tuple[int, int, Hints]:
    """A time line's start, end and coordinate hints; the usual shape read without ms_of."""
    usual = _USUAL.fullmatch(line)
    if usual is not None:
        h1, m1, s1, f1, h2, m2, s2, f2 = map(int, usual.groups())
        return (((h1 * 60 + m1) * 60 + s1) * 1000 + f1, ((h2 * 60 + m2) * 60 + s2) * 1000 + f2,
                ())
    times = _TIMES.fullmatch(line)
    if times is None:
        raise at_line(number, bad_time(line, "00:00:01,000 --> 00:00:03,500"))
    groups = times.groups()
    return ms_of(groups[:4]), ms_of(groups[4:8]), _coordinates(groups[8]) if groups[8] else ()


def _coordinates(rest: str) -> Hints:
    """``X1:100 X2:600 Y1:20 Y2:50`` after the times as hints (anything else is ignored)."""
    return tuple((name.lower(), value) for name, value in _COORDINATE.findall(rest))


def _add(builder: TrackBuilder, start: int, end: int, body: list[str], hints: Hints) -> None:
    """One cue, its markup turned into hints and its entities decoded."""
    text = "\n".join(body)
    if "<" in text or "{" in text:
        text, style = _markup(text)
        hints += style
    if "&" in text:
        text = html.unescape(text)
    builder.add(start, end, text.split("\n"), hints=hints)


def _markup(text: str) -> tuple[str, Hints]:
    """The text without its tags and override blocks, and the hints they gave."""
    hints: list[tuple[str, str]] = []
    if "{" in text:
        for block in _ASS.findall(text):
            align = _ALIGN.search(block)
            if align is not None:
                hints.extend(_numpad(int(align.group(1)), align.group(0).startswith("\\an")))
        text = _ASS.sub("", text)
    whole = _WHOLE.fullmatch(text)
    while whole is not None and f"</{whole.group(1).lower()}>" not in whole.group(3).lower():
        name = whole.group(1).lower()
        if name in _STYLES:
            hints.append((_STYLES[name], "1"))
        elif name == "font" and (color := _COLOR.search(whole.group(2))) is not None \
                and (value := color_value(color.group(1))):
            hints.append(("color", value))
        text = whole.group(3)
        whole = _WHOLE.fullmatch(text)
    return _TAG.sub("", text), tuple(hints)


def _numpad(code: int, numpad: bool) -> Hints:
    """The region and alignment hints of ``\\anN`` (``numpad``) or the old SSA ``\\aN``."""
    key = code if numpad else _SSA.get(code, 2)
    region, align = _NUMPAD.get(key, ("", ""))
    return tuple(pair for pair in (("region", region), ("align", align)) if pair[1])
