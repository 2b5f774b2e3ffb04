"""PDF transcripts through reportlab's Platypus, laid out by :mod:`.document`.

One Paragraph per turn, its fragments built straight from the layout's spans (so a ten-hour
transcript is ~1,500 flowables, not 100,000, and no markup is parsed for them). Fonts are
chosen per run of text by :mod:`.fonts` so every character has a glyph and the text layer
extracts as the words that were written.
Annotations become numbered notes printed in small type under the turn where their range
ends. With ``created`` set, dates and the file ID are fixed and the bytes repeat exactly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ...model import Transcript
from ...options import help_
from . import fonts as pdffonts
from . import pdflines
from .layout import Block, Layout, LayoutOptions, Note, build

_GREY = "#595959"
_MARGIN = 72.0  # one inch on every side


@dataclass(frozen=True, slots=True)
class Options(LayoutOptions):
    """Layout options plus fonts: ``font`` is a TrueType file for all non-CJK text (default:
    the bundled DejaVu Sans, which also covers Greek and Cyrillic); ``cjk_font`` a TrueType
    file to embed for CJK (default: the viewer's built-in CID fonts, nothing embedded)."""

    font: str | None = field(
        default=None, metadata=help_('a TrueType font file to embed instead of DejaVu Sans'))
    cjk_font: str | None = field(
        default=None, metadata=help_(
            'the CID font for Chinese, Japanese or Korean text (default: by language)'))


def write(transcript: Transcript, options: Options) -> bytes:
    """The transcript as a PDF file."""
    from reportlab.lib.colors import toColor
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.platypus import SimpleDocTemplate

    layout = build(transcript, options)
    fonts = pdffonts.load(options.font, options.cjk_font, layout.language)
    styles = _styles(fonts, options.font_size)
    counter = [0]
    para = _numbered(counter) if options.line_numbers else _plain()
    pagesize = A4 if options.paper == "a4" else LETTER
    width = pagesize[0] - 2 * _MARGIN - 2 * pdflines.FRAME_PADDING  # what a turn fills
    story = (_title_block(layout, fonts, styles)
             + _turns(layout, fonts, styles, para, width))
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=pagesize, leftMargin=_MARGIN,
        rightMargin=_MARGIN, topMargin=_MARGIN, bottomMargin=_MARGIN, title=layout.title,
        author=options.author, subject=layout.description, creator="transconv",
        lang=layout.language or None, invariant=1 if options.created else 0)
    header = _plain()(fonts.markup(layout.title), styles["header"])
    header_height: list[float] = []  # wrapped once: every page has the same width
    grey = toColor(_GREY)  # parsed once: reportlab parses a colour string on every use

    def decorate(canvas: Any, doc: Any) -> None:
        counter[0] = 0
        width, height = doc.pagesize
        canvas.saveState()
        if not header_height:
            header_height.append(header.wrapOn(canvas, width - 2 * _MARGIN, _MARGIN)[1])
        header.drawOn(canvas, _MARGIN, height - _MARGIN / 2 - header_height[0] / 2)
        canvas.setFont(fonts.faces["regular"], options.font_size * 0.8)
        canvas.setFillColor(grey)
        canvas.drawCentredString(width / 2, _MARGIN / 2, f"Page {doc.page}")
        canvas.restoreState()

    with _binary_streams():
        doc.build(story, onFirstPage=decorate, onLaterPages=decorate,
                  canvasmaker=_canvas_maker(layout.created, bool(options.created)))
    return out.getvalue()


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """Page streams deflated only, not also ASCII85-armoured (reportlab's default).

    ASCII85 dates from 7-bit mail; every PDF reader takes binary streams, and the armour
    makes the file a quarter larger while reportlab's pure-Python encoder spent ~5% of a
    ten-hour PDF on it. The switch is process-wide in reportlab, so it is restored after.
    """
    from reportlab import rl_config

    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def _styles(fonts: pdffonts.FontSet, size: float) -> dict[str, Any]:
    from reportlab.lib.colors import toColor
    from reportlab.lib.styles import ParagraphStyle

    grey = toColor(_GREY)  # parsed once, not for every note (as a string it is each time)
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
                               leftIndent=size * 1.5, textColor=grey),
        "header": ParagraphStyle("Header", body, fontSize=size * 0.8, textColor=grey,
                                 spaceAfter=0),
    }


def _plain() -> Callable[..., Any]:
    from reportlab.platypus import Paragraph

    return Paragraph  # type: ignore[no-any-return]


def _numbered(counter: list[int]) -> Callable[..., Any]:
    """A Paragraph class that numbers its lines in the left margin, restarting per page."""
    from reportlab.lib.colors import toColor
    from reportlab.platypus import Paragraph

    grey = toColor(_GREY)

    class NumberedParagraph(Paragraph):  # type: ignore[misc]
        def draw(self) -> None:
            super().draw()
            style = self.style
            canvas = self.canv
            canvas.saveState()
            canvas.setFont(style.fontName, style.fontSize * 0.8)
            canvas.setFillColor(grey)
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


class _Frags:
    """Paragraph fragments for the turns, made without reportlab's markup parser.

    Parsing markup (an HTMLParser pass, then a style copy per tag) was about a fifth of the
    time a ten-hour PDF took, for ~1,500 paragraphs made of a handful of looks. Each look
    — font, colour, superscript — is parsed once from a tiny sample to get reportlab's own
    fragment, then cloned with the real text, so the fragments are exactly what the parser
    would have made and nothing here depends on their fields.
    """

    def __init__(self, style: Any, fonts: pdffonts.FontSet) -> None:
        self.style = style
        self.fonts = fonts
        self.samples: dict[tuple[str, bool, bool], Any] = {}

    def _sample(self, font: str, grey: bool, raised: bool) -> Any:
        key = (font, grey, raised)
        frag = self.samples.get(key)
        if frag is None:
            from reportlab.platypus import Paragraph

            colour = f' color="{_GREY}"' if grey else ""
            markup = f'<font face="{font}"{colour}>x</font>'
            (frag,) = Paragraph(f"<super>{markup}</super>" if raised else markup,
                                self.style).frags
            self.samples[key] = frag
        return frag

    def add(self, out: list[tuple[Any, list[str]]], text: str,
            face: pdffonts.Face = "regular", grey: bool = False, raised: bool = False) -> None:
        """Append ``text`` in one look as (sample, pieces) pairs, one per font, merged with
        the last pair when the look continues (fewer fragments: fewer draw calls a line).
        The pieces are joined once, in :meth:`turn` (not a string grown per span)."""
        for font, chunk in self.fonts.runs(text, face):
            sample = self._sample(font, grey, raised)
            if out and out[-1][0] is sample:
                out[-1][1].append(chunk)
            else:
                out.append((sample, [chunk]))

    def turn(self, block: Block, layout: Layout) -> list[Any]:
        """The fragments of one turn: stamp, speaker, spans and note markers."""
        pairs: list[tuple[Any, list[str]]] = []
        # The space after the stamp and the speaker rides in their fragment: a fragment of
        # its own would be one more font switch on every turn's first line.
        if block.stamp:
            self.add(pairs, f"{block.stamp} ", grey=True)
        if block.speaker:
            self.add(pairs, f"{block.speaker} ", "bold")
        # Each ending note's marker follows the last span it covers, markers in the order
        # of notes_ending (a note's last span, found in one pass over the spans).
        ending = set(block.notes_ending)
        last = {i: s for s, span in enumerate(block.spans) for i in span.notes if i in ending}
        markers: dict[int, list[int]] = {}
        for i in block.notes_ending:
            if i in last:
                markers.setdefault(last[i], []).append(i)
        for s, span in enumerate(block.spans):
            if span.kind == "tag":
                self.add(pairs, span.text, "italic")
            else:
                self.add(pairs, span.text, grey=span.kind == "stamp")
            for i in markers.get(s, ()):
                self.add(pairs, f"[{layout.notes[i].number}]", raised=True)
        if not pairs:
            pairs.append((self._sample(self.fonts.faces["regular"], False, False), []))
        return [sample.clone(text="".join(pieces)) for sample, pieces in pairs]


def _turns(layout: Layout, fonts: pdffonts.FontSet, styles: dict[str, Any],
           para: Callable[..., Any], width: float) -> list[Any]:
    """A paragraph per turn (a long one cut at line ends: :mod:`.pdflines`), each followed
    by the notes that end in it."""
    plain = _plain()
    body, note_style = styles["body"], styles["note"]
    frags = _Frags(body, fonts)
    story: list[Any] = []
    for block in layout.blocks:
        turn = frags.turn(block, layout)
        if pdflines.is_long(turn):
            story += pdflines.paragraphs(turn, body, para, width)
        else:
            story.append(para("", body, frags=turn))
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
