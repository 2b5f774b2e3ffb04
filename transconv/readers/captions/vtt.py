"""WebVTT (``.vtt``): ``WEBVTT``, then blocks apart by blank lines: cues, NOTE, STYLE, REGION.

What is read, and how:

- the signature ``WEBVTT`` must open the file (after the BOM the decoder removed): without
  it the input is not WebVTT (sniff 0; forced with ``--from vtt``, an error naming line 1).
  Text after it on that line is the track's title; a ``Language:`` header line (YouTube
  writes one) its language; other header lines are skipped;
- NOTE, STYLE and REGION blocks are skipped (and with them a cue's ``region:`` setting);
- a cue is an optional identifier line, a timing line ``00:01.000 --> 00:00:02.500`` (hours
  optional) with optional settings — ``position``, ``line``, ``align``, ``size`` and
  ``vertical`` are kept as hints in the shared vocabulary (see :func:`_settings`) — and its
  payload lines. As in SubRip, a timing line starts a new cue even
  without a blank line before it, and text after a blank line that starts no block belongs
  to the cue before (each with a warning);
- in the payload, ``<v Name>`` names the speaker. A cue with two voices is split in two
  cues at the change, sharing the cue's time by characters (an inline time stamp at the
  change gives the exact time): a transcript then gets both turns. ``<c>``, ``<i>``,
  ``<b>``, ``<u>``, ``<lang>`` and ``<ruby>`` are dropped (a cue wholly in ``<i>``, ``<b>``
  or ``<u>`` keeps it as a hint); ruby text (``<rt>…</rt>``) is dropped, because it repeats
  the base text's reading and would otherwise be read as words of its own;
- inline time stamps ``<00:00:01.500>`` time the word after them: the cue carries them as a
  ``word-times`` hint, which the transcript view (:func:`transconv.segment.relayout.
  transcript_of`) turns into word times; see :func:`word_times`;
- entities (``&amp; &lt; &gt; &nbsp; &lrm; &rlm;``, numeric ones) are decoded.

A timing line whose times cannot be read is an error naming its line. The design card
suggested webvtt-py. It is not used: it keeps entities undecoded, reads one voice per cue and
drops the inline time stamps with the other tags, raises without a line number on a broken
file, and is slower: in one process on a shared two-core machine its ``from_buffer`` of
the bench's ten-hour file (13,115 cues, as our WebVTT) took 0.26-0.30 s, this reader with
the cue builder 0.10-0.15 s.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ...model import CaptionTrack
from ...text.hints import align_value, percent, region_at
from ..common import CERTAIN, NOT, ReadOptions
from .arrows import Findings, bad_time
from .clock import CLOCK, clock_ms, ms_of
from .cues import TrackBuilder, at_line

__all__ = ["read", "sniff", "word_times"]

_TIMING = re.compile(rf"[ \t]*{CLOCK}[ \t]*-->[ \t]*{CLOCK}((?:[ \t].*)?)")
_SKIPPED = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t]|$)")
_LANGUAGE = re.compile(r"language[ \t]*:[ \t]*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)",
                       re.IGNORECASE)
#: A tag, ``<`` to the next ``>`` on the line (an unclosed ``<`` stays text).
_TAG = re.compile(r"<([^<>\n]*)>")
_SETTINGS = frozenset(("position", "line", "align", "size", "vertical"))
_STYLES = {"i": "italic", "b": "bold", "u": "underline"}

Hints = tuple[tuple[str, str], ...]


def sniff(head: str) -> int:
    """Certain when the file opens with the signature ``WEBVTT`` (alone or then a space)."""
    if head.startswith("WEBVTT") and (len(head) == 6 or head[6] in " \t\r\n"):
        return CERTAIN
    return NOT


def word_times(duration: int, anchors: list[tuple[int, int]]) -> tuple[str, str]:
    """The ``word-times`` hint: the cue's length when read, then ``word:offset`` pairs.

    ``word`` counts the cue's words (its lines joined and split at white space) from 0;
    ``offset`` is the milliseconds from the cue's start to that word's start. Offsets are
    relative, and the length lets a reader of the hint scale them, so the hint stays right
    after a shift or a frame-rate change of the cue.

    >>> word_times(2000, [(1, 500), (3, 1500)])
    ('word-times', '2000 1:500 3:1500')
    """
    return "word-times", " ".join([str(duration), *(f"{w}:{ms}" for w, ms in anchors)])


@dataclass
class _Part:
    """The text of one voice in a cue, and the inline time stamps found in it."""

    voice: str | None
    text: list[str] = field(default_factory=list)
    words: int = 0  # whitespace-separated words so far
    in_word: bool = False  # the text so far ends inside a word
    anchors: list[tuple[int, int]] = field(default_factory=list)

    def append(self, piece: str) -> None:
        if not piece:
            return
        count = len(piece.split())
        if self.in_word and not piece[0].isspace() and count:
            count -= 1  # the piece goes on with the word before it
        self.words += count
        self.in_word = not piece[-1].isspace()
        self.text.append(piece)


def read(text: str, options: ReadOptions, source: str) -> CaptionTrack:
    """The cues of a WebVTT file (see the module docstring for what is accepted)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not sniff(lines[0]):
        raise at_line(1, f"{lines[0].strip()[:40]!r} is not the WebVTT signature: a WebVTT "
                         "file starts with WEBVTT")
    builder = TrackBuilder(dash_speakers=options.dash_speakers)
    findings = Findings()
    title = lines[0][6:].strip() or None
    language = None
    count = len(lines)
    index = 1
    while index < count and lines[index].strip() and "-->" not in lines[index]:
        found = _LANGUAGE.match(lines[index].strip())
        language = found.group(1).replace("_", "-") if found else language
        index += 1
    body: list[str] = []
    start = end = -1
    hints: Hints = ()
    skipping = False  # inside a NOTE, STYLE or REGION block, or stray text before any cue
    blank = True
    for number in range(index + 1, count + 1):
        line = lines[number - 1]
        if "-->" in line and not (skipping and _TIMING.fullmatch(line) is None):
            times = _TIMING.fullmatch(line)
            if times is None:
                raise at_line(number, bad_time(line, "00:00:01.000 --> 00:00:03.500"))
            if start >= 0:
                _add(builder, start, end, body, hints)
            # an identifier is a line of its own after a blank (or the header)
            identified = not blank and number >= 3 and not lines[number - 3].strip()
            if not blank and not identified:
                findings.note(number, "no blank line before this cue")
            groups = times.groups()
            start, end = ms_of(groups[:4]), ms_of(groups[4:8])
            if end <= start:
                findings.note(number, "a cue that does not end after it starts")
            hints = _settings(groups[8]) if groups[8].strip() else ()
            body, skipping, blank = [], False, False
            continue
        if not line.strip():
            blank, skipping = True, False
            continue
        if skipping:
            continue
        if blank:
            blank = False
            if _SKIPPED.match(line):
                skipping = True
                continue
            if number < count and "-->" in lines[number]:
                continue  # the next cue's identifier
            if start < 0:
                skipping = True
                findings.note(number, "text outside any cue (skipped)")
                continue
            if body:
                findings.note(number, "a blank line inside a cue's text (the text is kept)")
        body.append(line)
    if start >= 0:
        _add(builder, start, end, body, hints)
    findings.report(source)
    return builder.track(title=title, language=language)


def _settings(rest: str) -> Hints:
    """The cue settings after the times (``align:start line:10%``) as hints, in the
    vocabulary of :mod:`transconv.text.hints`: ``align`` start/end as left/right (the old
    ``middle`` as center); ``line`` a percentage (``line:N%``, its top), a region
    (``line:N%,center`` or ``,end``; a negative line number is the bottom, the default
    anyway) or a line number's place at the 5 % of the height a WebVTT line takes;
    ``position`` without its alignment. A ``region:`` names a REGION block, which is
    skipped, so it says nothing and is not kept."""
    hints: list[tuple[str, str]] = []
    for setting in rest.split():
        name, colon, value = setting.partition(":")
        if not colon or not value or name not in _SETTINGS:
            continue
        if name == "align":
            value = align_value(value)
        elif name == "line":
            name, value = _line(value)
        elif name == "vertical":
            value = value if value in ("rl", "lr") else ""
        else:  # position, size
            value = value.partition(",")[0]
            value = value if percent(value) is not None else ""
        if value:
            hints.append((name, value))
    return tuple(hints)


def _line(value: str) -> tuple[str, str]:
    """A ``line`` setting as a ``line`` or ``region`` hint (``("", "")`` for none)."""
    place, _, anchor = value.partition(",")
    if place.endswith("%"):
        at = percent(place)
        if at is None:
            return "", ""
        return ("line", f"{at}%") if anchor in ("", "start") else ("region", region_at(at))
    try:
        number = int(place)
    except ValueError:
        return "", ""
    return ("region", "bottom") if number < 0 else ("line", f"{min(number * 5, 100)}%")


def _add(builder: TrackBuilder, start: int, end: int, body: list[str], hints: Hints) -> None:
    """One cue; split at each change of voice, its markup read (see :func:`_parts`)."""
    end = max(end, start)
    text = "\n".join(body)
    if "<" not in text and "&" not in text:
        builder.add(start, end, body, hints=hints)
        return
    parts, style = _parts(text, start)
    hints += style
    sizes = [sum(map(len, part.text)) for part in parts]
    total = sum(sizes) or 1
    bounds = [start]
    done = 0
    for size, part in zip(sizes, parts[1:], strict=False):  # where each next part begins
        done += size
        shared = start + (end - start) * done // total
        if part.anchors and part.anchors[0][0] == 0:  # a time stamp where the voice changes
            shared = min(part.anchors[0][1], end)
        bounds.append(max(shared, bounds[-1]))
    bounds.append(end)
    for part, begin, finish in zip(parts, bounds, bounds[1:], strict=False):
        extra = hints
        if part.anchors:
            anchors = [(word, min(max(ms - begin, 0), finish - begin))
                       for word, ms in part.anchors]
            extra = (*hints, word_times(finish - begin, anchors))
        builder.add(begin, finish, "".join(part.text).split("\n"), hints=extra,
                    speaker=part.voice)


def _parts(text: str, start: int) -> tuple[list[_Part], Hints]:
    """The payload's text by voice, and the style hints that hold for all of it."""
    parts = [_Part(None)]
    depth = dict.fromkeys(_STYLES, 0)
    styled = dict.fromkeys(_STYLES, 0)
    shown = 0
    ruby = 0  # inside <rt>: text dropped
    position = 0
    for tag in _TAG.finditer(text):
        shown += _text(parts[-1], text[position:tag.start()], ruby, depth, styled)
        position = tag.end()
        content = tag.group(1)
        name = content.split(None, 1)[0].split(".", 1)[0].lower() if content.strip() else ""
        if name[:1].isdigit():
            stamp = clock_ms(content)
            if stamp is not None:
                parts[-1].anchors.append((parts[-1].words, max(stamp, start)))
        elif name == "v":
            voice = html.unescape(content.split(None, 1)[1]).strip() \
                if len(content.split(None, 1)) > 1 else ""
            part = parts[-1]
            if part.words:  # the voice so far has said something
                if voice != part.voice:
                    parts.append(_Part(voice))
                    if part.anchors and part.anchors[-1][0] == part.words:
                        parts[-1].anchors.append((0, part.anchors.pop()[1]))
            else:
                part.voice = voice or part.voice
        elif name == "rt":
            ruby += 1
        elif name == "/rt":
            ruby = max(ruby - 1, 0)
        elif name in _STYLES:
            depth[name] += 1
        elif name[1:] in _STYLES and name[:1] == "/":
            depth[name[1:]] = max(depth[name[1:]] - 1, 0)
    shown += _text(parts[-1], text[position:], ruby, depth, styled)
    hints = tuple((_STYLES[name], "1") for name, count in styled.items()
                  if shown and count == shown)
    return parts, hints


def _text(part: _Part, piece: str, ruby: int, depth: dict[str, int],
          styled: dict[str, int]) -> int:
    """Add the text between two tags to ``part``; the count of its visible characters."""
    if not piece or ruby:
        return 0
    if "&" in piece:
        piece = html.unescape(piece)
    part.append(piece)
    visible = len(piece) - sum(map(piece.count, (" ", "\n", "\t")))
    for name, level in depth.items():
        if level:
            styled[name] += visible
    return visible
