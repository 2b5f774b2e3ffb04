"""Word (.docx) transcripts through python-docx, laid out by :mod:`.document`.

The file uses real styles — "Title", "Heading 1", a "Transcript" paragraph style and
"Speaker", "Timestamp" and "Tag" character styles — so a firm can restyle a whole deposition
by editing four styles instead of thousands of runs. Annotations become Word comments over
the words they concern. python-docx is imported lazily (see the registry).
"""

from __future__ import annotations

import contextlib
import io
import struct
from dataclasses import dataclass, field
from typing import Any

from ...model import Transcript
from ...options import help_
from .layout import Layout, LayoutOptions, build, escape, parse_created

_PAPER_MM = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}
_ORDER_AFTER_LNNUM = ("pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg",
                      "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings")


@dataclass(frozen=True, slots=True)
class Options(LayoutOptions):
    """Layout options plus ``font``: the family name Word uses (not embedded)."""

    font: str = field(default="Calibri", metadata=help_('the font Word shows the text in'))


def write(transcript: Transcript, options: Options) -> bytes:
    """The transcript as a .docx file."""
    import docx

    layout = build(transcript, options)
    document = docx.Document()
    styles = _styles(document, options, layout.language)
    _page(document, options, layout.title)
    anchors = _title_block(document, layout)
    _turns(document, layout, styles, anchors)
    _comments(document, layout, anchors, options)
    props = document.core_properties
    props.title = layout.title
    props.subject = layout.description
    props.author = options.author
    props.last_modified_by = options.author
    props.created = props.modified = layout.created.replace(tzinfo=None)
    props.revision = 1
    if layout.language:
        props.language = layout.language
    _drop_thumbnail(document)
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip(out.getvalue(), layout) if options.created else out.getvalue()


def _styles(document: Any, options: Options, language: str | None) -> dict[str, Any]:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = options.font
    normal.font.size = Pt(options.font_size)
    if language:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), language)
        normal.element.get_or_add_rPr().append(lang)
    body = styles.add_style("Transcript", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.quick_style = True
    body.paragraph_format.space_after = Pt(options.font_size * 0.6)
    body.paragraph_format.line_spacing = 1.15
    made = {"Transcript": body}
    for name, bold, italic, grey in (("Speaker", True, None, False), ("Tag", None, True, False),
                                     ("Timestamp", None, None, True)):
        style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        style.base_style = styles["Default Paragraph Font"]
        style.quick_style = True
        style.font.bold = bold
        style.font.italic = italic
        if grey:
            style.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        made[name] = style
    return made


def _page(document: Any, options: Options, title: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Inches, Mm

    section = document.sections[0]
    width, height = _PAPER_MM[options.paper]
    section.page_width, section.page_height = Mm(width), Mm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    section.header.paragraphs[0].text = title
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(parse_xml(  # a PAGE field: python-docx has no API for fields
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    if options.line_numbers:
        sect = section._sectPr
        numbering = OxmlElement("w:lnNumType")
        numbering.set(qn("w:countBy"), "1")
        numbering.set(qn("w:restart"), "newPage")
        later = [c for c in sect if c.tag in {qn(f"w:{n}") for n in _ORDER_AFTER_LNNUM}]
        if later:
            later[0].addprevious(numbering)
        else:
            sect.append(numbering)


def _title_block(document: Any, layout: Layout) -> dict[int, list[Any]]:
    """Title, description, facts and speakers; unanchored notes hang on the title."""
    heading = document.add_paragraph(style="Title")
    title_run = heading.add_run(layout.title)
    if layout.description:
        document.add_paragraph(layout.description)
    for label, value in layout.facts:
        p = document.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)
    if layout.speakers:
        document.add_paragraph("Speakers", style="Heading 1")
        # One string for the whole list (see _append_xml): add_paragraph looked the style up
        # by name for every speaker, a scan of all styles each time (2 s for 2,000 speakers).
        p_open = _paragraph_open(document.styles["List Bullet"].style_id)
        _append_xml(document, [f"{p_open}{_run_xml(name)}</w:p>" for name in layout.speakers])
    document.add_paragraph("Transcript", style="Heading 1")
    return {n.number - 1: [title_run] for n in layout.unanchored}


def _turns(document: Any, layout: Layout, styles: dict[str, Any],
           anchors: dict[int, list[Any]]) -> None:
    """One ``w:p`` per turn, written as XML text and parsed in one go.

    python-docx's proxies rescan every style on each style assignment and copy text one
    character at a time; even building the elements one by one through lxml cost a Python
    proxy per element (~15,000 for a ten-hour transcript). One string parsed by
    python-docx's own parser gives the same elements, of the same classes, for a fraction.
    Span text never holds tabs or newlines (the layout squashes whitespace) nor characters
    XML cannot carry (the layout drops them), so an escaped plain ``w:t`` is always right.
    """
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    ids = {kind: styles[name].style_id for kind, name in
           (("tag", "Tag"), ("stamp", "Timestamp"), ("speaker", "Speaker"))}
    p_open = _paragraph_open(styles["Transcript"].style_id)
    xml: list[str] = []
    add = xml.append
    anchored: list[tuple[int, int, tuple[int, ...]]] = []  # (paragraph, run, notes)
    for b, block in enumerate(layout.blocks):
        add(p_open)
        runs = 0
        if block.stamp:
            add(_run_xml(f"{block.stamp} ", ids["stamp"]))
            runs += 1
        if block.speaker:
            add(_run_xml(f"{block.speaker} ", ids["speaker"]))
            runs += 1
        for span in block.spans:
            add(_run_xml(span.text, ids.get(span.kind)))
            if span.notes:
                anchored.append((b, runs, span.notes))
            runs += 1
        add("</w:p>")
    paragraphs = _append_xml(document, xml)
    children: tuple[int, list[Any]] = (-1, [])  # one paragraph's children, listed once:
    for b, r, notes in anchored:                 # lxml finds p[r] by walking r siblings
        if children[0] != b:
            children = (b, list(paragraphs[b]))
        p = paragraphs[b]
        proxy = Run(children[1][r + 1], Paragraph(p, document))  # + 1: the pPr comes first
        for i in notes:
            runs_of = anchors.setdefault(i, [proxy])
            if len(runs_of) == 1:
                runs_of.append(proxy)
            else:
                runs_of[1] = proxy


def _paragraph_open(style_id: str) -> str:
    """The start of a ``w:p`` in ``style_id`` (python-docx's spelling of this module's own or
    the template's style names: nothing to escape)."""
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'


def _run_xml(text: str, style_id: str | None = None) -> str:
    """A ``w:r`` holding ``text`` (which the layout keeps free of tabs, newlines and
    characters XML cannot carry), in the character style ``style_id`` if any."""
    head = f'<w:r><w:rPr><w:rStyle w:val="{style_id}"/></w:rPr>' if style_id else "<w:r>"
    space = ' xml:space="preserve"' if text[:1] == " " or text[-1:] == " " else ""
    return f"{head}<w:t{space}>{escape(text)}</w:t></w:r>"


def _append_xml(document: Any, paragraphs: list[str]) -> list[Any]:
    """``w:p`` elements written as XML text, parsed in one go by python-docx's own parser
    and appended to the body (before its section properties); returns them."""
    from docx.oxml.ns import nsdecls
    from docx.oxml.parser import parse_xml

    elements: list[Any] = list(parse_xml(f"<w:body {nsdecls('w')}>{''.join(paragraphs)}"
                                         "</w:body>"))
    body = document.element.body
    tail = body.sectPr
    at = len(body) if tail is None else body.index(tail)
    body[at:at] = elements
    return elements


def _comments(document: Any, layout: Layout, anchors: dict[int, list[Any]],
              options: Options) -> None:
    """A Word comment for each anchored note, in note order, as python-docx makes them.

    ``Document.add_comment`` finds each new comment's id by reading every comment made
    before (quadratic: 5,000 notes took 24 s, 20,000 over 200 s). Here each comment element
    is made by python-docx's own ``CT_Comments.add_comment`` in an empty scratch container
    (so its search reads nothing), numbered as python-docx numbers them (the largest id so
    far + 1, from the part's own count taken once) and moved into the comments part; the
    text, author, initials, date and range markers are then set by the same calls as
    ``Document.add_comment`` makes.
    """
    from docx.comments import Comment
    from docx.oxml.ns import nsdecls
    from docx.oxml.parser import parse_xml

    todo = [(note, anchors[note.number - 1]) for note in layout.notes
            if anchors.get(note.number - 1)]
    if not todo:
        return
    comments = document.comments
    container, part = comments._comments_elm, comments._comments_part
    scratch: Any = parse_xml(f"<w:comments {nsdecls('w')}/>")  # a CT_Comments
    next_id = container._next_available_comment_id()
    for note, runs in todo:
        element = scratch.add_comment()
        element.id = next_id
        container.append(element)
        next_id += 1
        author = note.annotation.author or options.author
        element.author = author
        element.initials = "".join(w[0] for w in author.split()).upper()[:3] or None
        when = layout.created
        if note.annotation.created:
            with contextlib.suppress(ValueError):  # an unreadable audit date falls back
                when = parse_created(note.annotation.created)
        # python-docx stamps comments with "now"; keep the note's own date
        element.date = when
        text = note.annotation.text
        if text:
            comment = Comment(element, part)
            first, *rest = text.split("\n")
            comment.paragraphs[0].add_run(first)
            for line in rest:
                comment.add_paragraph(text=line)
        runs[0].mark_comment_range(runs[-1], element.id)


def _drop_thumbnail(document: Any) -> None:
    """The template's preview image shows python-docx's sample page, not this transcript."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rels = document.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rid]


def _fixed_zip(data: bytes, layout: Layout) -> bytes:
    """``data`` with every entry dated ``created``: zip headers otherwise carry the clock.

    The DOS date and time are patched where the zip format keeps them — each central
    directory record and the local header it points to — instead of re-packing the
    archive, which inflated and deflated the whole document a second time for four bytes
    an entry. python-docx writes a plain archive (no zip64, no data descriptors).
    """
    year, month, day, hour, minute, second = min(
        max(layout.created.timetuple()[:6], (1980, 1, 1, 0, 0, 0)), (2107, 12, 31, 23, 59, 58))
    stamp = struct.pack("<HH", hour << 11 | minute << 5 | second // 2,
                        (year - 1980) << 9 | month << 5 | day)
    out = bytearray(data)
    end = out.rfind(b"PK\x05\x06")
    count, _, at = struct.unpack_from("<HII", out, end + 10)
    for _ in range(count):
        if out[at:at + 4] != b"PK\x01\x02":
            raise ValueError("python-docx wrote an archive this writer cannot date")
        out[at + 12:at + 16] = stamp
        name, extra, comment, _, _, _, local = struct.unpack_from("<HHHHHII", out, at + 28)
        out[local + 10:local + 14] = stamp
        at += 46 + name + extra + comment
    return bytes(out)
