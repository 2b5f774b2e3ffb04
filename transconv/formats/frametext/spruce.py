"""Spruce STL, the subtitle script DVD Studio Pro imports (``.stl``; not the binary EBU STL).

Layout: ``//`` comments, ``$Name = value`` commands, then one entry per cue,
``HH:MM:SS:FF<TAB>,<TAB>HH:MM:SS:FF<TAB>,<TAB>text`` with ``|`` between display lines. TAB
around the commas because DVD Studio Pro keeps a space after a comma as part of the text, and
every other reader (Subtitle Edit, Subtitle Editor, ffmpeg) accepts tabs there too.

The file does not state its frame rate, so the writer records it in a ``//fps=…`` comment for
humans; the labels come from :mod:`transconv.timecode` (wall clock at 30 fps unless told
otherwise, frames carried rather than clamped, no overlap after rounding). With a non-zero
``start_timecode`` the header says ``$TapeOffset = TRUE`` (labels are tape time codes).

Encoding: UTF-8 (``str``) by default, as for every legacy writer here. DVD Studio Pro reads
plain-text STL in a legacy 8-bit code page (it wants RTF for Unicode), so ``windows-1252`` and
``us-ascii`` fold to the nearest equivalents and the writer then returns ``bytes``. Lines end
in CRLF. A literal ``|`` becomes ``/`` (the format has no escape) and a ``^`` in front of B, I
or U is dropped, because ``^B``/``^I``/``^U`` toggle bold/italic/underline in Spruce tools.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ...model import CaptionTrack
from ...options import help_
from ...segment import CaptionStyle
from ...text.charsets import repertoire as charset_repertoire
from ...text.repertoire import Repertoire
from ..timing import FrameTiming, rate_label
from . import Commands, check_font, encode_text, frame_cues, labeler, text_timing

Align = Literal["left", "center", "right"]
VAlign = Literal["top", "center", "bottom"]

_STYLE_TOGGLE = re.compile(r"\^+(?=[BIUbiu])")
_MODE_NOTE = {"wallclock": "wall clock", "smpte-ndf": "NDF", "smpte-df": "DF"}
#: Any rate; wall clock at 30 fps unless told otherwise.
TIMING = text_timing("Spruce STL")


@dataclass(frozen=True, slots=True)
class Options:
    """Spruce commands, frame timing and encoding.

    ``timing`` (:class:`~transconv.formats.timing.FrameTiming`, given flat as ``fps``,
    ``timecode``, ``start_timecode``, ``min_gap_frames``): defaults follow the format note,
    30 fps, wall-clock labels, start 00:00:00:00, no extra gap; ``fps`` accepts 23.976, 24,
    25, 29.97, 30, 59.94 (text or number). ``font_name``, ``font_size``, ``horizontal_align``
    and ``vertical_align`` are the script's commands (Arial 30, centred at the bottom).
    """

    style: CaptionStyle = field(default_factory=CaptionStyle)
    timing: FrameTiming = field(default_factory=FrameTiming)
    font_name: str = field(default="Arial", metadata=help_('the $FontName of the script'))
    font_size: int = field(default=30, metadata=help_('the $FontSize', 'pt'))
    horizontal_align: Align = field(
        default="center", metadata=help_('the $HorzAlign of every subtitle'))
    vertical_align: VAlign = field(default="bottom", metadata=help_('the $VertAlign'))
    encoding: Literal["utf-8", "windows-1252", "us-ascii"] = field(
        default="utf-8", metadata=help_(
            'text encoding (windows-1252 and us-ascii fold what they lack)'))

    def __post_init__(self) -> None:
        TIMING.coder(self.timing)
        check_font(self.font_name, self.font_size)


def _text(lines: list[str]) -> str:
    """The lines joined by ``|``, each without style toggles and with ``|`` as ``/``.

    Cleaned lines hold no LF, so the lines are joined by LF and fixed up as one string (the
    toggle pattern looks at the next character only, which LF never matches); a call per
    line cost more than the rest of an entry.
    """
    text = "\n".join(lines)
    if "^" in text:
        text = _STYLE_TOGGLE.sub("", text)
    return text.replace("|", "/").replace("\n", "|")


def repertoire(options: Options) -> Repertoire:
    return charset_repertoire(options.encoding)


def render(track: CaptionTrack, options: Options) -> str | bytes:
    """The Spruce STL script for the track (``bytes`` for the 8-bit encodings)."""
    coder = TIMING.coder(options.timing)
    tape = coder.offset_ticks() != 0
    out = [
        f"//fps={rate_label(coder.rate)} {_MODE_NOTE[coder.mode]}",
        f"$FontName\t= {options.font_name}",
        f"$FontSize\t= {options.font_size}",
        f"$HorzAlign\t= {options.horizontal_align.capitalize()}",
        f"$VertAlign\t= {options.vertical_align.capitalize()}",
        f"$TapeOffset\t= {'TRUE' if tape else 'FALSE'}",
    ]
    label = labeler(coder)
    commands = Commands("${name}\t= {value}", options.horizontal_align,
                        options.vertical_align, upper=False)
    for lines, start, end, cue in frame_cues(track.cues, coder, options.timing.min_gap_frames):
        out += commands.before(cue)
        out.append(f"{label(start)}\t,\t{label(end)}\t,\t{_text(lines)}")
    return encode_text("\r\n".join(out) + "\r\n", options.encoding)

