"""QuickTime timed text (``.qt.txt``): ``{QTtext}``, descriptors, ``[HH:MM:SS.xxx]`` stamps.

A stamp starts a text sample; the lines up to the next stamp are its text, and it lasts until
that stamp. A sample with no text is a gap, and the last stamp ends the last sample. The
digits after the dot are a count of ``{timeScale:N}`` units, not a decimal fraction (Apple:
with a time scale of 600, ``[00:00:07.300]`` is 7.5 s); without the descriptor QuickTime's
usual scale of 600 is assumed, with a warning. ``{timeStamps:relative}`` measures each stamp
from the one before.

Descriptors (``{name}`` or ``{name:value}``, case-insensitive, several to a line, also inside
text) are never text: ``{justify:left}`` becomes an ``align`` hint and ``{italic}``,
``{bold}``, ``{underline}`` (until ``{plain}``) style hints; a sample gets those in force where
its text ends. Speakers come from a leading ``Name:``. A file that ends in text instead of a
stamp is read to its end with a warning, the last sample lasting as long as its text takes
to say.
"""

from __future__ import annotations

import re

from ...model import CaptionTrack
from ..common import ReadOptions, warn
from ..plaintext import speaking_time
from .cues import TrackBuilder, at_line

__all__ = ["read", "sniff"]

_STAMP = re.compile(r"^\s*\[(\d{1,3}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,5}))?\]")
_DESCRIPTOR = re.compile(r"\{([^{}:]*)(?::([^{}]*))?\}")
_MAGIC = "{qttext}"
_STYLES = ("italic", "bold", "underline")
_ALIGN = {"left": "left", "center": "center", "centre": "center", "right": "right"}
_DEFAULT_SCALE = 600


def sniff(head: str) -> int:
    """Certain when the text opens with ``{QTtext}`` (any case)."""
    return 2 if head.lstrip()[:8].lower() == _MAGIC else 0


class _State:
    """The descriptors in force: time scale, stamp mode, alignment and styles."""

    def __init__(self) -> None:
        self.scale: int | None = None
        self.relative = False
        self.align = ""
        self.styles: set[str] = set()

    def apply(self, name: str, value: str | None, number: int) -> None:
        name = name.strip().lower()
        value = (value or "").strip().lower()
        if name == "timescale":
            if not value.isdigit() or not 1 <= int(value) <= 10000:
                raise at_line(number, f"{{timeScale:{value}}} is not a time scale (1-10000)")
            self.scale = int(value)
        elif name == "timestamps":
            self.relative = value == "relative"
        elif name == "justify":
            self.align = _ALIGN.get(value, "")
        elif name == "plain":
            self.styles.clear()
        elif name in _STYLES:
            self.styles.add(name)

    def hints(self) -> tuple[tuple[str, str], ...]:
        align = (("align", self.align),) if self.align else ()
        return align + tuple((style, "1") for style in _STYLES if style in self.styles)


def _text(line: str, state: _State, number: int) -> str:
    """``line`` without its descriptors, which are applied to ``state``."""
    if "{" not in line:
        return line
    for match in _DESCRIPTOR.finditer(line):
        state.apply(match.group(1), match.group(2), number)
    return _DESCRIPTOR.sub("", line)


def read(text: str, options: ReadOptions, source: str) -> CaptionTrack:
    """The cues of a QuickTime text file."""
    builder = TrackBuilder(dash_speakers=options.dash_speakers)
    state = _State()
    lines = text.splitlines()
    first = next((n for n, line in enumerate(lines) if line.strip()), 0)
    if not lines or lines[first].lstrip()[:8].lower() != _MAGIC:
        raise at_line(first + 1, "a QuickTime text file opens with {QTtext}")
    start: int | None = None  # of the open sample
    sample: list[str] = []
    last = 0
    for number, line in enumerate(lines[first:], first + 1):
        stamp = _STAMP.match(line)
        if stamp is None:
            shown = _text(line, state, number)
            if start is None:
                if shown.strip():
                    raise at_line(number, f"{shown.strip()[:40]!r} comes before the first "
                                          "time stamp")
            else:
                sample.append(shown)
            continue
        time = _ms(stamp.groups(), state, number, source)
        time = last + time if state.relative else time
        if time < last:
            raise at_line(number, f"time stamp {stamp.group(0).strip()} is earlier than the "
                                  "one before it")
        if start is not None:
            builder.add(start, time, sample, hints=state.hints())
        start, last, sample = time, time, []
        rest = _text(line[stamp.end():], state, number)
        if rest.strip():
            sample.append(rest)
    if start is not None and any(part.strip() for part in sample):
        warn(source, f"line {len(lines)}", "the file ends without a time stamp closing its "
             "last text; read to the end")
        builder.add(start, start + speaking_time(sum(map(len, sample))), sample,
                    hints=state.hints())
    return builder.track()


def _ms(groups: tuple[str | None, ...], state: _State, number: int, source: str) -> int:
    """Milliseconds of a stamp's groups at the time scale in force (exact, rounded)."""
    hours, minutes, seconds, units = groups
    if state.scale is None:
        state.scale = _DEFAULT_SCALE
        warn(source, f"line {number}", "no {timeScale} descriptor; stamps read in 600ths of "
             "a second, QuickTime's usual scale")
    if int(minutes or 0) > 59 or int(seconds or 0) > 59:
        raise at_line(number, f"[{hours}:{minutes}:{seconds}] is not a time stamp")
    count = int(units or 0)
    if count >= state.scale:
        raise at_line(number, f"{count} is not below the time scale {state.scale}")
    whole = (int(hours or 0) * 60 + int(minutes or 0)) * 60 + int(seconds or 0)
    return whole * 1000 + (2 * count * 1000 + state.scale) // (2 * state.scale)
