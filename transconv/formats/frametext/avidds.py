"""Avid DS caption text (the file Media Composer's SubCap effect imports).

Layout: ``@`` comment lines, a blank line, ``<begin subtitles>``, then per cue a line
``START END`` (exactly one space) followed by its text lines and exactly one blank line, and
finally ``<end subtitles>``. A blank line ends a title, so empty text lines are dropped.

SubCap is strict: time codes must lie inside the sequence (sequences usually start at
``01:00:00:00`` — pass ``start_timecode``), and import stops at the first overlap, so cues go
through :func:`~transconv.timecode.quantize_spans` and ``min_gap_frames`` can widen the gap
(InqScribe suggests 2–3). At 23.976/24 fps Avid has been seen to skip titles whose out-frame
ends in 2 or 7 (02, 07, 12, 17, 22); ``avid_24p_workaround`` (on by default at those rates)
moves such out-points one frame earlier. Drop-frame labels use ``;`` before the frames.

No placement or styling: the file carries none (SubCap's own exports hold only time codes
and text, and its importer ignores anything else in the header; position, alignment and
italics are set in the SubCap effect after import). So a caption source's hints
(:mod:`transconv.text.hints`) are not written, and there is no ``styling`` option to turn
off; the ``$Italic``/``$HorzAlign`` commands Subtitle Edit writes belong to Avid DVD, not here.

Encoding: UTF-8 (``str``) by default; ``encoding="utf-16"`` returns ``bytes`` with a BOM,
little-endian, which is what SubCap itself exports. Lines end in CRLF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from ...model import CaptionTrack
from ...options import help_
from ...segment import CaptionStyle
from ...text.charsets import repertoire as charset_repertoire
from ...text.repertoire import Repertoire
from ..timing import FrameTiming, rate_label
from . import encode_text, frame_cues, labeler, text_timing

#: Out-frames Avid has been reported to skip at 24p.
AVID_24P_BAD_FRAMES = frozenset({2, 7, 12, 17, 22})
_MARKERS = frozenset({"<begin subtitles>", "<end subtitles>"})
_MODE_NOTE = {"wallclock": "wall-clock", "smpte-ndf": "SMPTE non-drop", "smpte-df": "SMPTE drop"}
#: Any rate; wall clock at 30 fps unless told otherwise.
TIMING = text_timing("Avid DS")


@dataclass(frozen=True, slots=True)
class Options:
    """Frame timing, the 24p workaround and the encoding.

    ``timing`` (:class:`~transconv.formats.timing.FrameTiming`, given flat as ``fps``,
    ``timecode``, ``start_timecode``, ``min_gap_frames``): 30 fps, wall-clock labels, start
    00:00:00:00, no extra gap by default. ``avid_24p_workaround=None`` means "on at 23.976
    and 24 fps, off otherwise". ``encoding``: UTF-8 by default.
    """

    style: CaptionStyle = field(default_factory=CaptionStyle)
    timing: FrameTiming = field(default_factory=FrameTiming)
    avid_24p_workaround: bool | None = field(
        default=None, metadata=help_(
            'move out points off the frames Avid 24p skips (default: at 24 fps)'))
    encoding: Literal["utf-8", "utf-16"] = field(
        default="utf-8", metadata=help_('text encoding: UTF-8 or UTF-16 (with BOM)'))

    def __post_init__(self) -> None:
        TIMING.coder(self.timing)


def _text_line(line: str) -> str:
    if "<" in line and line.lower() in _MARKERS:
        line = line.replace("<", "(").replace(">", ")")
    return line


def _avoid_bad_out(label: Callable[[int], str], start: int, end: int) -> int:
    """The out tick, one frame earlier when its label's frame is one Avid 24p skips."""
    if int(label(end)[-2:]) in AVID_24P_BAD_FRAMES and end - 1 > start:
        return end - 1
    return end


def repertoire(options: Options) -> Repertoire:
    return charset_repertoire(options.encoding)


def render(track: CaptionTrack, options: Options) -> str | bytes:
    """The Avid DS caption file for the track (``bytes`` unless UTF-8)."""
    coder = TIMING.coder(options.timing)
    workaround = options.avid_24p_workaround
    if workaround is None:
        workaround = coder.nominal == 24
    out = [
        f"@ Avid DS captions from transconv, {rate_label(coder.rate)} fps "
        f"{_MODE_NOTE[coder.mode]}, start {coder.format(0)}",
        "",
        "<begin subtitles>",
    ]
    label = labeler(coder)
    for lines, start, end, _ in frame_cues(track.cues, coder, options.timing.min_gap_frames):
        if workaround:
            end = _avoid_bad_out(label, start, end)
        # One string per title: its time codes, its lines and the blank line that ends it
        # (cleaned lines hold no CR or LF); only a line with "<" can be a marker.
        text = "\r\n".join(lines)
        if "<" in text:
            text = "\r\n".join(map(_text_line, lines))
        out.append(f"{label(start)} {label(end)}\r\n{text}\r\n")
    out.append("<end subtitles>")
    return encode_text("\r\n".join(out) + "\r\n", options.encoding)
