"""WebVTT (``.vtt``): caption cues with voice spans, escaped text and annotations as NOTEs.

WebVTT, unlike SubRip, can escape: ``&``, ``<`` and ``>`` become entities in cue text, which
also neutralises ``-->``. Voice names cannot be escaped (the W3C parser does not decode
entities inside ``<v …>``), so they are sanitised instead. The voice span goes on every cue
with a named speaker, because spans are not inherited and players do not show them; the
visible ``Name: `` marker comes from the segmenter's style.

Annotations are editor notes, never caption text: each becomes a ``NOTE`` block placed before
the first cue that starts at or after the annotation (untimed ones before all cues, late ones
after the last). We write no cue identifiers by default: some readers glue a stray id onto the
previous cue's text.

A caption source's placement and styling (its cues' hints, :mod:`transconv.text.hints`)
become cue settings and ``<i>``/``<b>``/``<u>`` spans, and its language a ``Language:``
header line (the one YouTube writes, which WebVTT parsers skip as a header line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..model import Annotation, CaptionTrack, Cue
from ..options import help_
from ..segment import CaptionStyle
from ..text.clock import Seconds, clock, millis_table
from ..text.hints import align_of, faces, hint, percent, region_of
from ..text.lines import payload_lines
from ..text.repertoire import UNICODE, Repertoire

LineEnding = Literal["lf", "crlf"]

_ARROW = re.compile(r"--+>")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NAME_DROP = re.compile(r"[<>\x00-\x1f\x7f-\x9f]")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True, slots=True)
class Options:
    """WebVTT output options.

    ``style``: segmentation rules (``speaker_style="none"`` drops the visible name).
    ``line_ending``: ``lf`` (default) or ``crlf``. ``voices``: write ``<v Name>`` spans.
    ``cue_ids``: number the cues 1, 2, … (off: ids confuse some readers). ``notes``: write
    annotations as NOTE blocks. ``styling``: write a caption source's placement and styling
    hints (:func:`cue_settings`) and its language.
    """

    style: CaptionStyle = field(default_factory=CaptionStyle)
    line_ending: LineEnding = field(default="lf", metadata=help_('line ends: LF or CRLF'))
    voices: bool = field(default=True, metadata=help_('speakers as <v Name> voice spans'))
    cue_ids: bool = field(default=False, metadata=help_('number the cues'))
    notes: bool = field(default=True, metadata=help_("editors' annotations as NOTE blocks"))
    styling: bool = field(default=True, metadata=help_(
        "a caption source's placement as cue settings, its italics, bold and underline as "
        "spans, its language as a Language: header"))


def escape(text: str) -> str:
    """Cue text with the three characters WebVTT reserves written as entities."""
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def voice_name(label: str) -> str:
    """A speaker label safe inside ``<v …>``: ``&`` → "and"; no ``<``, ``>``, controls or
    trailing hyphens (``<v a-->`` would contain ``-->``)."""
    name = " ".join(_NAME_DROP.sub(" ", label.replace("&", " and ")).split())
    return name.rstrip("- ")


def _header(track: CaptionTrack, nl: str, styling: bool) -> str:
    """``WEBVTT`` and the title; for a caption source with a language (and ``styling``), a
    ``Language:`` header line as YouTube writes it. A transcript's cues (cut from its turns,
    ``turn >= 0``) get none, so transcript outputs stay as they were."""
    title, head = track.title, "WEBVTT"
    if title:
        clean = " ".join(_CONTROLS.sub(" ", title).split()) if "-->" not in title else ""
        head = f"WEBVTT {clean}" if clean else "WEBVTT"
    language = track.language
    if styling and language and _LANGUAGE.fullmatch(language) and track.cues \
            and track.cues[0].turn < 0:
        head += f"{nl}Language: {language}"
    return head


def cue_settings(cue: Cue) -> str:
    """The cue's placement hints as WebVTT cue settings (``" line:0 align:left"``), or "".

    ``line`` is the source's percentage when it gave one, else its region: ``line:0`` (the
    first line box from the top) for top, ``line:50%,center`` for the middle; bottom is
    WebVTT's default and needs none. ``align`` is written as the source gave it, and
    ``position``, ``size`` and ``vertical`` (only a WebVTT source has them) are kept.
    """
    out: list[str] = []
    line = hint(cue, "line")
    if line is None:
        region = region_of(cue)
        if region != "bottom":
            out.append("line:0" if region == "top" else "line:50%,center")
    elif percent(line) is not None:
        out.append(f"line:{percent(line)}%")
    for name in ("position", "size"):
        value = percent(hint(cue, name))
        if value is not None:
            out.append(f"{name}:{value}%")
    vertical = hint(cue, "vertical")
    if vertical in ("rl", "lr"):
        out.append(f"vertical:{vertical}")
    align = align_of(cue)
    if align in ("left", "center", "right"):
        out.append(f"align:{align}")
    return " " + " ".join(out) if out else ""


def _note(annotation: Annotation, nl: str) -> str | None:
    """A NOTE block for an annotation (None when nothing printable is left)."""
    body = [_ARROW.sub("→", line) for line in payload_lines([annotation.text])]
    if not body:
        return None
    meta: list[str] = []
    if annotation.start is not None:
        end = "" if annotation.end is None else "–" + clock(annotation.end, ".")
        meta.append(clock(annotation.start, ".") + end)
    if annotation.author:
        meta.extend(payload_lines([_ARROW.sub("→", annotation.author)]))
    head = " ".join(["NOTE", *meta])
    return nl.join([head, *body])


class _Cues:
    """Per-document memos for :meth:`block`: cue times and voice names.

    A ten-hour file has some 8,000 cues and a handful of speakers, so each speaker's voice
    name is made once, and times are two table lookups (see :class:`._clock.Seconds`).
    """

    __slots__ = ("millis", "nl", "options", "seconds", "voices")

    def __init__(self, options: Options, nl: str) -> None:
        self.options = options
        self.nl = nl
        self.seconds = Seconds()
        self.millis = millis_table(".")
        self.voices: dict[str, str] = {}

    def block(self, cue: Cue, number: int) -> str | None:
        """The cue as a WebVTT block (None when no printable text is left)."""
        lines = payload_lines(cue.lines)
        if not lines:
            return None
        # Payload lines hold no line break, so the text is escaped in one call, not per line.
        text = escape(self.nl.join(lines))
        settings = ""
        if cue.hints and self.options.styling:
            text = faces(cue, text)
            settings = cue_settings(cue)
        if self.options.voices:
            label = cue.speaker_label
            name = self.voices.get(label)
            if name is None:
                name = self.voices[label] = voice_name(label)
            if name:
                text = f"<v {name}>{text}</v>"
        start = max(cue.start, 0)
        end = max(cue.end, start + 1)  # WebVTT requires end > start
        seconds, millis = self.seconds, self.millis
        timing = (f"{seconds[start // 1000]}{millis[start % 1000]} --> "
                  f"{seconds[end // 1000]}{millis[end % 1000]}{settings}")
        if self.options.cue_ids:
            return f"{number}{self.nl}{timing}{self.nl}{text}"
        return f"{timing}{self.nl}{text}"


def repertoire(options: Options) -> Repertoire:
    """WebVTT is UTF-8 text: every character."""
    return UNICODE


def render(track: CaptionTrack, options: Options) -> str:
    """The track as a WebVTT document (UTF-8 text, no BOM, sorted cues)."""
    nl = "\r\n" if options.line_ending == "crlf" else "\n"
    cues = sorted(track.cues, key=lambda cue: cue.start)
    notes = sorted(
        (a for a in track.annotations if options.notes),
        key=lambda a: -1 if a.start is None else a.start,
    )
    blocks = [_header(track, nl, options.styling)]
    writer = _Cues(options, nl)
    pending = 0
    number = 0
    for cue in cues:
        while pending < len(notes) and (notes[pending].start or 0) <= max(cue.start, 0):
            block = _note(notes[pending], nl)
            if block:
                blocks.append(block)
            pending += 1
        block = writer.block(cue, number + 1)
        if block:
            number += 1
            blocks.append(block)
    for annotation in notes[pending:]:
        block = _note(annotation, nl)
        if block:
            blocks.append(block)
    return (nl + nl).join(blocks) + nl
