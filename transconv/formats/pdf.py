"""PDF transcripts through reportlab's Platypus, laid out by :mod:`.document`.

One Paragraph per turn, its markup built from the layout's spans (so a ten-hour transcript
is ~1,500 flowables, not 100,000). Fonts are chosen per run of text by :mod:`.pdffonts` so
every character has a glyph and the text layer extracts as the words that were written.
Annotations become numbered notes printed in small type under the turn where their range
ends. With ``created`` set, dates and the file ID are fixed and the bytes repeat exactly.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model import Transcript
from . import pdffonts
from .document import Block, Layout, LayoutOptions, Note, build

_GREY = "#595959"
_MARGIN = 72.0  # one inch on every side


@dataclass(frozen=True, slots=True)
class Options(LayoutOptions):
    """Layout options plus fonts: ``font`` is a TrueType file for all non-CJK text (default:
    the bundled DejaVu Sans, which also covers Greek and Cyrillic); ``cjk_font`` a TrueType
    file to embed for CJK (default: the viewer's built-in CID fonts, nothing embedded)."""

    font: str | None = None
    cjk_font: str | None = None


def write(transcript: Transcript, options: Options) -> bytes:
    """The transcript as a PDF file."""
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.platypus import SimpleDocTemplate

    layout = build(transcript, options)
    fonts = pdffonts.load(options.font, options.cjk_font, layout.language)
    styles = _styles(fonts, options.font_size)
    counter = [0]
    para = _numbered(counter) if options.line_numbers else _plain()
    story = _title_block(layout, fonts, styles) + _turns(layout, fonts, styles, para)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4 if options.paper == "a4" else LETTER, leftMargin=_MARGIN,
        rightMargin=_MARGIN, topMargin=_MARGIN, bottomMargin=_MARGIN, title=layout.title,
        author=options.author, subject=layout.description, creator="transconv",
        lang=layout.language or None, invariant=1 if options.created else 0)
    header = _plain()(fonts.markup(layout.title), styles["header"])

    def decorate(canvas: Any, doc: Any) -> None:
        counter[0] = 0
        width, height = doc.pagesize
        canvas.saveState()
        _, h = header.wrapOn(canvas, width - 2 * _MARGIN, _MARGIN)
        header.drawOn(canvas, _MARGIN, height - _MARGIN / 2 - h / 2)
        canvas.setFont(fonts.faces["regular"], options.font_size * 0.8)
        canvas.setFillColor(_GREY)
        canvas.drawCentredString(width / 2, _MARGIN / 2, f"Page {doc.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=decorate, onLaterPages=decorate,
              canvasmaker=_canvas_maker(layout.created, bool(options.created)))
    return out.getvalue()


def _styles(fonts: pdffonts.FontSet, size: float) -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    regular, bold = fonts.faces["regular"], fonts.faces["bold"]
    body = ParagraphStyle("Transcript", fontName=regular, fontSize=size, leading=size * 1.35,
                          spaceAfter=size * 0.6, bulletFontName=regular)
    return {
        "body": body,
        "title": ParagraphStyle("Title", body, fontName=bold, fontSize=size * 1.8,
                                leading=size * 2.2, spaceAfter=size),
        "heading": ParagraphStyle("Heading", body, fontName=bold, fontSize=size * 1.25,
                                  leading=size * 1.6, spaceBefore=size, spaceAfter=size * 0.5),
        "note": ParagraphStyle("Note", body, fontSize=size * 0.85, leading=size * 1.1,
                               leftIndent=size * 1.5, textColor=_GREY),
        "header": ParagraphStyle("Header", body, fontSize=size * 0.8, textColor=_GREY,
                                 spaceAfter=0),
    }


def _plain() -> Callable[..., Any]:
    from reportlab.platypus import Paragraph

    return Paragraph  # type: ignore[no-any-return]


def _numbered(counter: list[int]) -> Callable[..., Any]:
    """A Paragraph class that numbers its lines in the left margin, restarting per page."""
    from reportlab.platypus import Paragraph

    class NumberedParagraph(Paragraph):  # type: ignore[misc]
        def draw(self) -> None:
            super().draw()
            style = self.style
            canvas = self.canv
            canvas.saveState()
            canvas.setFont(style.fontName, style.fontSize * 0.8)
            canvas.setFillColor(_GREY)
            for i in range(len(self.blPara.lines)):
                counter[0] += 1
                y = self.height - style.fontSize - i * style.leading
                canvas.drawRightString(-_MARGIN / 4, y, str(counter[0]))
            canvas.restoreState()

    return NumberedParagraph


def _note(note: Note, fonts: pdffonts.FontSet) -> str:
    who = f"{fonts.markup(note.byline)}: " if note.byline else ""
    return f"<super>[{note.number}]</super> {who}{fonts.markup(note.annotation.text)}"


def _title_block(layout: Layout, fonts: pdffonts.FontSet, styles: dict[str, Any]) -> list[Any]:
    p = _plain()
    story = [p(fonts.markup(layout.title, "bold"), styles["title"])]
    if layout.description:
        story.append(p(fonts.markup(layout.description), styles["body"]))
    for label, value in layout.facts:
        story.append(p(f"{fonts.markup(label + ':', 'bold')} {fonts.markup(value)}",
                       styles["body"]))
    if layout.speakers:
        story.append(p(fonts.markup("Speakers", "bold"), styles["heading"]))
        story.extend(p(fonts.markup(name), styles["body"], bulletText="•")
                     for name in layout.speakers)
    if layout.unanchored:
        story.append(p(fonts.markup("Notes", "bold"), styles["heading"]))
        story.extend(p(_note(n, fonts), styles["note"]) for n in layout.unanchored)
    story.append(p(fonts.markup("Transcript", "bold"), styles["heading"]))
    return story


def _turn_markup(block: Block, layout: Layout, fonts: pdffonts.FontSet) -> str:
    parts: list[str] = []
    if block.stamp:
        parts.append(f'<font color="{_GREY}">{fonts.markup(block.stamp)}</font> ')
    if block.speaker:
        parts.append(fonts.markup(block.speaker, "bold") + " ")
    last = {i: s for s, span in enumerate(block.spans) for i in span.notes
            if i in block.notes_ending}
    for s, span in enumerate(block.spans):
        if span.kind == "tag":
            parts.append(fonts.markup(span.text, "italic"))
        elif span.kind == "stamp":
            parts.append(f'<font color="{_GREY}">{fonts.markup(span.text)}</font>')
        else:
            parts.append(fonts.markup(span.text))
        parts.extend(f"<super>[{layout.notes[i].number}]</super>"
                     for i in block.notes_ending if last.get(i) == s)
    return "".join(parts)


def _turns(layout: Layout, fonts: pdffonts.FontSet, styles: dict[str, Any],
           para: Callable[..., Any]) -> list[Any]:
    plain = _plain()
    body, note_style = styles["body"], styles["note"]
    story: list[Any] = []
    for block in layout.blocks:
        story.append(para(_turn_markup(block, layout, fonts), body))
        story.extend(plain(_note(layout.notes[i], fonts), note_style)
                     for i in block.notes_ending)
    return story


def _canvas_maker(created: dt.datetime, fixed: bool) -> Callable[..., Any]:
    """Canvases dated ``created`` (UTC); ``fixed`` also freezes the file ID (invariant)."""
    from reportlab.pdfgen.canvas import Canvas

    stamp = created.strftime("D:%Y%m%d%H%M%S+00'00'")

    def make(*args: Any, **kwargs: Any) -> Any:
        if fixed:
            kwargs["invariant"] = 1
        canvas = Canvas(*args, **kwargs)
        canvas.setDateFormatter(lambda *_: stamp)
        return canvas

    return make
