"""QuickTime timed text (``.qt.txt``): the plain-text file QuickTime imports as a text track.

The file opens with ``{QTtext}`` and descriptors; then each cue is a ``[HH:MM:SS.xxx]`` stamp
followed by its lines. A sample lasts until the next stamp, so a cue is closed by an end stamp
only when a gap follows (the end stamp then starts an empty sample, which is how QuickTime shows
nothing), and the file must finish on a stamp that ends the last cue.

A caption source's alignment and italics, bold and underline (its cues' hints,
:mod:`transconv.text.hints`) become ``{justify:…}`` and ``{italic}``/``{bold}``/``{underline}``
descriptors. Apple's text import applies a descriptor to the sample it stands in and to every
later sample until another changes it, so :class:`_Face` writes one only where a cue differs
from what is in force, at the start of the cue's text, and ``{plain}`` (which clears all three
faces) before a cue that drops one. A transcript's cues have no hints and get no descriptor.
The vertical region is not written: a text track is a strip the movie places (640×60 here), and
the only per-sample placement, ``{textBox:…}``, moves text inside that strip, not on the
picture.

Why ``{timeScale:1000}``: the digits after the dot count time-scale units, not decimals; with a
scale of 1000 they are plain milliseconds, so no frame rate is involved and no rounding happens.

Encoding: UTF-8 (returned as ``str``) by default. ``encoding="us-ascii"`` folds accents and
typographic punctuation for old QuickTime versions and returns ``bytes``. Lines end in CRLF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from ...model import CaptionTrack, Cue
from ...options import help_
from ...segment import CaptionStyle
from ...text.charsets import repertoire as charset_repertoire
from ...text.clock import Seconds
from ...text.hints import align_of, is_bold, is_italic, is_underline
from ...text.repertoire import Repertoire
from ...timecode import Timecoder
from . import encode_text, frame_cues

Justify = Literal["left", "center", "right", "default"]

#: A text line shaped like a stamp would be read as one; a space after "[" breaks the shape.
#: Multi-line, because a cue's lines are fixed up joined (cleaned lines hold no CR or LF).
_STAMP_LIKE = re.compile(r"^\[(?=\d)", re.MULTILINE)
#: ``.mmm]`` for 0..999: with :class:`._clock.Seconds`, a stamp is two look-ups.
_STAMP_MILLIS = [f".{millis:03}]" for millis in range(1000)]
#: QuickTime's clock at timeScale 1000 is a 1000-tick second: a "frame" is one millisecond.
_MS_CLOCK = Timecoder(Fraction(1000))
#: The faces QuickTime text can switch on, in the order the descriptors are written.
_FACES = (("italic", is_italic), ("bold", is_bold), ("underline", is_underline))


@dataclass(frozen=True, slots=True)
class Options:
    """QuickTime text descriptors and the caption rules.

    Defaults: Arial 18 (``font``, ``font_size``), centred (``horizontal_align``: left,
    center, right or QuickTime's default), a 640×60 text box (QuickTime's usual caption
    strip), UTF-8. ``language`` is a Macintosh language code (0 = English) and is written
    only when given. The file has no frames, so there is no frame timing. ``styling``:
    write a caption source's alignment and faces as descriptors (:class:`_Face`).
    """

    style: CaptionStyle = field(default_factory=CaptionStyle)
    font: str = field(default="Arial", metadata=help_('the {font:} descriptor'))
    font_size: int = field(default=18, metadata=help_('the {size:} descriptor', 'pt'))
    horizontal_align: Justify = field(default="center", metadata=help_('the {justify:} descriptor'))
    width: int = field(default=640, metadata=help_('the text box width', 'px'))
    height: int = field(default=60, metadata=help_('the text box height', 'px'))
    language: int | None = field(
        default=None, metadata=help_(
            'a Macintosh language code (0 is English), written only when given'))
    encoding: Literal["utf-8", "us-ascii"] = field(
        default="utf-8", metadata=help_(
            'text encoding (us-ascii folds accents and typographic punctuation)'))
    styling: bool = field(default=True, metadata=help_(
        "a caption source's alignment as {justify:} and its italics, bold and underline as "
        "{italic}, {bold}, {underline} … {plain}"))

    def __post_init__(self) -> None:
        if self.font_size <= 0 or self.width <= 0 or self.height <= 0:
            raise ValueError("font_size, width and height must be positive")
        if any(c in self.font for c in "{},\r\n"):
            raise ValueError(f"font {self.font!r} cannot be written inside a descriptor")


def stamp(ms: int) -> str:
    """``[HH:MM:SS.mmm]`` for a time in milliseconds (hours widen beyond 99)."""
    seconds, millis = divmod(max(ms, 0), 1000)
    minutes, ss = divmod(seconds, 60)
    hh, mm = divmod(minutes, 60)
    return f"[{hh:02}:{mm:02}:{ss:02}.{millis:03}]"


def _header(options: Options) -> str:
    parts = [
        "{QTtext}",
        f"{{font:{options.font}}}",
        "{plain}",
        f"{{size:{options.font_size}}}",
        f"{{justify:{options.horizontal_align}}}",
        "{timeScale:1000}",
        f"{{width:{options.width}}}",
        f"{{height:{options.height}}}",
        "{timeStamps:absolute}",
    ]
    if options.language is not None:
        parts.append(f"{{language:{options.language}}}")
    return " ".join(parts)


def _text(lines: list[str]) -> str:
    """A cue's lines, CRLF-separated, with descriptor braces and stamp-shaped line openings
    neutralised (all lines at once: a call per line cost more than the rest of a cue)."""
    text = "\r\n".join(lines)
    if "{" in text or "}" in text:
        text = text.replace("{", "(").replace("}", ")")
    return _STAMP_LIKE.sub("[ ", text) if "[" in text else text


class _Face:
    """The justification and faces in force, which hold from where a descriptor stands on.

    :meth:`before` gives the descriptors a cue's text must open with so that it shows as its
    hints say; a cue without hints wants the header's (justification as the options say,
    ``{plain}``), so a track without hints gets none.
    """

    def __init__(self, justify: str) -> None:
        self.default = self.justify = justify
        self.faces: tuple[str, ...] = ()

    def before(self, cue: Cue) -> str:
        faces: tuple[str, ...] = ()
        if not cue.hints:
            if not self.faces and self.justify == self.default:
                return ""
            justify = self.default
        else:
            justify = align_of(cue) or self.default
            faces = tuple(name for name, test in _FACES if test(cue))
        out: list[str] = []
        if faces != self.faces:
            if set(self.faces) - set(faces):  # only {plain} switches a face off
                out.append("{plain}")
                out += (f"{{{name}}}" for name in faces)
            else:
                out += (f"{{{name}}}" for name in faces if name not in self.faces)
            self.faces = faces
        if justify != self.justify:
            out.append(f"{{justify:{justify}}}")
            self.justify = justify
        return "".join(out)


def repertoire(options: Options) -> Repertoire:
    return charset_repertoire(options.encoding)


def render(track: CaptionTrack, options: Options) -> str | bytes:
    """The QuickTime text file for the track (sorted, overlaps cut at the next cue's start;
    ``bytes`` unless UTF-8).

    Ticks of the millisecond clock are milliseconds, never negative.
    """
    timed = frame_cues(track.cues, _MS_CLOCK)
    seconds, millis = Seconds(), _STAMP_MILLIS
    out = [_header(options)]
    append = out.append
    followers: list[int | None] = [start for _, start, _, _ in timed[1:]]
    if timed:
        followers.append(None)  # the last cue is always closed by its end stamp
    face = _Face(options.horizontal_align) if options.styling else None
    for (lines, start, end, cue), following in zip(timed, followers, strict=True):
        append(f"[{seconds[start // 1000]}{millis[start % 1000]}")
        append(face.before(cue) + _text(lines) if face is not None else _text(lines))
        if following != end:
            append(f"[{seconds[end // 1000]}{millis[end % 1000]}")
            if following is not None:
                append("")  # cosmetic: readers skip it, it sits in the empty gap sample
    if not timed:
        append(stamp(0))  # the file must still end on a stamp
    return encode_text("\r\n".join(out) + "\r\n", options.encoding)
