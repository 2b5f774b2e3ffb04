"""Avid DVD (Sonic DVDit) subtitle script: one tab-separated line per subtitle.

Layout: ``$Name = value`` commands first (``$TapeOffset`` at the very top), then
``id<TAB>START<TAB>END<TAB>text`` per cue, with ``|`` between display lines. The id is for
humans only; we number from 1. Sonic's manual writes time codes as ``HH:MM:SS:FF`` even for
drop-frame video, so the separator is always ``:`` (the frame count still follows the mode).

Text escaping follows the Sonic manual: ``\\|`` shows a literal pipe, so ``\\`` is doubled and
``|`` escaped; TABs (field separators) become spaces. DVDit rejects a subtitle that overlaps the
previous one, so timing goes through :func:`~transconv.timecode.quantize_spans`.

Subtitle Edit puts a blank line after every entry; the Sonic manual shows none. We write none
by default (``blank_lines=True`` adds them) until a real importer settles it.

Encoding: UTF-8 (``str``) by default; ``windows-1252``/``us-ascii`` fold to the nearest
equivalents and return ``bytes`` for the older Windows tools. Lines end in CRLF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ...model import CaptionTrack
from ...options import help_
from ...segment import CaptionStyle
from ...text.charsets import repertoire as charset_repertoire
from ...text.repertoire import Repertoire
from ..timing import FrameTiming
from . import Commands, check_font, encode_text, frame_cues, labeler, text_timing

Align = Literal["left", "center", "right"]
VAlign = Literal["top", "center", "bottom"]
#: Any rate; wall clock at 30 fps unless told otherwise.
TIMING = text_timing("Avid DVD")


@dataclass(frozen=True, slots=True)
class Options:
    """Sonic commands, frame timing, layout and encoding.

    Defaults: Arial 16 centred at the bottom; ``timing``
    (:class:`~transconv.formats.timing.FrameTiming`, given flat as ``fps``, ``timecode``,
    ``start_timecode``, ``min_gap_frames``) 30 fps wall-clock labels from 00:00:00:00.
    """

    style: CaptionStyle = field(default_factory=CaptionStyle)
    timing: FrameTiming = field(default_factory=FrameTiming)
    font_name: str = field(default="Arial", metadata=help_('the $FontName of the script'))
    font_size: int = field(default=16, metadata=help_('the $FontSize', 'pt'))
    horizontal_align: Align = field(
        default="center", metadata=help_('the $HorzAlign of every subtitle'))
    vertical_align: VAlign = field(default="bottom", metadata=help_('the $VertAlign'))
    blank_lines: bool = field(default=False, metadata=help_('a blank line after each entry'))
    encoding: Literal["utf-8", "windows-1252", "us-ascii"] = field(
        default="utf-8", metadata=help_(
            'text encoding (windows-1252 and us-ascii fold what they lack)'))

    def __post_init__(self) -> None:
        TIMING.coder(self.timing)
        check_font(self.font_name, self.font_size)


def _text(lines: list[str]) -> str:
    """The lines joined by ``|``, with ``\\`` doubled and ``|`` escaped in each.

    Cleaned lines hold no LF, so they are joined by LF and escaped as one string; a call per
    line cost more than the rest of an entry.
    """
    text = "\n".join(lines)
    if "\\" in text or "|" in text:
        text = text.replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("\n", "|")


def repertoire(options: Options) -> Repertoire:
    return charset_repertoire(options.encoding)


def render(track: CaptionTrack, options: Options) -> str | bytes:
    """The Sonic/Avid DVD subtitle script for the track (``bytes`` for the 8-bit encodings)."""
    coder = TIMING.coder(options.timing)
    tape = coder.offset_ticks() != 0
    out = [
        f"$TapeOffset = {'TRUE' if tape else 'FALSE'}",
        f"$FontName = {options.font_name}",
        f"$FontSize = {options.font_size}",
        f"$HorzAlign = {options.horizontal_align.upper()}",
        f"$VertAlign = {options.vertical_align.upper()}",
    ]
    label = labeler(coder, ":")
    timed = frame_cues(track.cues, coder, options.timing.min_gap_frames)
    commands = Commands("${name} = {value}", options.horizontal_align, options.vertical_align,
                        upper=True)
    for number, (lines, start, end, cue) in enumerate(timed, start=1):
        out += commands.before(cue)
        out.append(f"{number}\t{label(start)}\t{label(end)}\t{_text(lines)}")
        if options.blank_lines:
            out.append("")
    return encode_text("\r\n".join(out) + "\r\n", options.encoding)

