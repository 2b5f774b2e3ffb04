"""TTML 1 (``application/ttml+xml``) and the one TTML tree builder that DFXP shares.

TTML and DFXP are the same vocabulary under different namespace URIs, so there is one engine:
:func:`document_text` writes the cues as a document for a given :class:`Namespaces` and
profile. ``dfxp.py`` only picks the namespaces. The shape follows the format note
ttml-dfxp.md §1: an unprefixed default namespace (prefixed ``tt:`` documents break several
players), ``ttp:timeBase="media"``, ``begin`` then ``end`` on every ``<p>`` as
``HH:MM:SS.mmm`` (frames and offset times read differently across readers), no timing on
``<body>``/``<div>`` (it would shift every cue), lines as ``<br/>`` with no whitespace
inside ``<p>``, speakers as ``ttm:agent``; a caption source's placement and styling as
regions and ``tts:`` attributes (:mod:`.placement`).

Everything but the cue paragraphs goes through lxml's serializer; code points XML 1.0 forbids
are removed first, because lxml refuses them. The paragraphs (all but a few hundred bytes of a
real document) are written as text by :func:`document_text`, with the same escaping lxml
applies to text (``&``, ``<``, ``>`` and CR), and spliced into the serialised shell: building
and serialising eight thousand ``<p>`` elements was most of the writer's time on a ten-hour
file. The plain version, the whole tree built and serialised by lxml, is the reference the
tests compare against (``tests/ttml_reference.py``): the two agree character for character.
lxml is imported lazily so that formats which do not need it start fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, cast

from ...errors import UsageError
from ...model import CaptionTrack, Cue
from ...options import help_
from ...segment import CaptionStyle
from ...text.clock import Seconds, millis_table
from ...text.repertoire import UNICODE, Repertoire
from .placement import Attributes, attributes, regions, used_regions

if TYPE_CHECKING:
    from lxml import etree

Profile = Literal["ttml1", "imsc1"]

#: The IMSC 1.0.1 text profile designator written as ``ttp:profile`` in ``imsc1`` mode.
IMSC1_TEXT_PROFILE = "http://www.w3.org/ns/ttml/profile/imsc1/text"
#: Our own namespace for editor notes inside ``<head><metadata>``; TTML has no vocabulary for
#: a time-ranged note with an author, and foreign elements there are ignored by every reader.
NOTES_NS = "urn:x-transconv:notes"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# XML 1.0 Char excludes C0 controls but TAB/LF/CR, surrogates, U+FFFE and U+FFFF.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Only these are whitespace to XML; NBSP or U+2028 at a line edge is content and stays.
_XML_SPACE = " \t\r\n"
_NCNAME_TAIL = re.compile(r"[A-Za-z0-9_.-]+")
#: ``.mmm`` for 0..999; with :class:`._clock.Seconds`, a paragraph time is two look-ups.
_CLOCK_MILLIS = millis_table(".")


@dataclass(frozen=True, slots=True)
class Namespaces:
    """The four namespace URIs a TTML-family document uses (content, parameter, style, meta)."""

    tt: str
    ttp: str
    tts: str
    ttm: str


#: TTML 1 (W3C Recommendation) namespaces: what ttconv, imscJS and pycaption all read.
TTML1 = Namespaces(
    "http://www.w3.org/ns/ttml",
    "http://www.w3.org/ns/ttml#parameter",
    "http://www.w3.org/ns/ttml#styling",
    "http://www.w3.org/ns/ttml#metadata",
)
#: The 2006/10 DFXP draft namespaces, for Flash-era players; strict modern readers reject them.
TTAF1 = Namespaces(
    "http://www.w3.org/2006/10/ttaf1",
    "http://www.w3.org/2006/10/ttaf1#parameter",
    "http://www.w3.org/2006/10/ttaf1#styling",
    "http://www.w3.org/2006/10/ttaf1#metadata",
)


@dataclass(frozen=True, slots=True)
class Options:
    """TTML writer options.

    ``style``: segmentation rules (the visible "Name:" prefix is ``style.speaker_style``).
    ``profile``: ``ttml1`` (default) or ``imsc1``, which adds the IMSC1 text ``ttp:profile``
    and ``ttp:cellResolution`` and keeps to IMSC's layout rules (one region, ``%`` lengths,
    region inside the root container, no ``tts:extent`` on ``<tt>``).
    ``notes``: write the transcript's editor annotations into ``<head><metadata>`` (default
    on; turn off when notes are private). ``pretty``: indent block elements (never inside
    ``<p>``, where whitespace would become visible text).
    """

    style: CaptionStyle = field(default_factory=CaptionStyle)
    profile: Profile = field(default="ttml1", metadata=help_('TTML 1 or the IMSC 1 text profile'))
    notes: bool = field(default=True, metadata=help_("editors' annotations in the head's metadata"))
    pretty: bool = field(default=True, metadata=help_('indent the XML'))

    def __post_init__(self) -> None:
        if self.profile not in ("ttml1", "imsc1"):
            raise UsageError(f"profile {self.profile!r} is not one of ttml1, imsc1")


def clean(text: str) -> str:
    """``text`` without the code points XML 1.0 cannot carry (lxml would refuse them).

    A printable string has none of them (they are all controls, surrogates or
    non-characters), and testing that is a fraction of the cost of the substitution.
    """
    return text if text.isprintable() else _ILLEGAL_XML.sub("", text)


def escape_text(text: str) -> str:
    """``text`` escaped as lxml escapes element text: ``&``, ``<``, ``>`` and CR."""
    if "&" in text or "<" in text or ">" in text or "\r" in text:
        return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\r", "&#13;"))
    return text


def clock(ms: int) -> str:
    """``HH:MM:SS.mmm`` by integer division, so no rounding can print ``60`` seconds."""
    hours, rest = divmod(max(ms, 0), 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def agent_ids(track: CaptionTrack, cues: list[Cue]) -> dict[str, str]:
    """Speaker key → ``xml:id``: ``spk`` + key where that is a unique NCName, else ``spk-N``.

    Keys are often numeric (``1``), and an ID may not start with a digit, hence the prefix.
    Speakers only seen in cues (keys missing from ``track.speakers``) get one too.
    """
    keys = list(dict.fromkeys([*track.speakers, *(c.speaker for c in cues if c.speaker)]))
    ids: dict[str, str] = {}
    used: set[str] = set()
    for n, key in enumerate(keys, start=1):
        candidate = f"spk{key}" if _NCNAME_TAIL.fullmatch(key) else ""
        if not candidate or candidate in used:
            candidate = f"spk-{n}"
            while candidate in used:
                candidate += "_"
        ids[key] = candidate
        used.add(candidate)
    return ids


Merged = tuple[int, int, list[str], list[str], Attributes]


def _merge_simultaneous(cues: list[Cue], styling: bool = False) -> list[Merged]:
    """Cues as (start, end, lines, speaker keys, ``<p>`` attributes), merging runs with
    identical times (the first cue's placement and style holds for the run).

    Some players show nothing when several ``<p>`` share begin and end (ttml-dfxp.md §8).
    ``styling``: the document has styling, so the cues' hints become attributes
    (:mod:`.placement`).
    """
    merged: list[Merged] = []
    previous: Merged | None = None
    regions = styling and bool(used_regions(cues))
    for cue in cues:
        lines = [line for text in cue.lines
                 if (line := (text if text.isprintable() else clean(text)).strip(_XML_SPACE))]
        if not lines:
            continue  # an empty <p> confuses readers; nothing visible is lost
        start, end, speaker = cue.start, cue.end, cue.speaker
        if end <= start:
            end = start + 1
        if previous is not None and previous[0] == start and previous[1] == end:
            previous[2].extend(lines)
            if speaker and speaker not in previous[3]:
                previous[3].append(speaker)
            continue
        previous = (start, end, lines, [speaker] if speaker else [],
                    attributes(cue, regions) if styling and (regions or cue.hints) else ())
        merged.append(previous)
    return merged


def _shell(
    track: CaptionTrack,
    cues: list[Cue],
    *,
    namespaces: Namespaces,
    profile: Profile,
    styling: bool,
    notes: bool,
    max_lines: int,
) -> tuple[etree._Element, dict[str, str]]:
    """The ``<tt>`` tree with an empty ``<div>`` (the last element), and the agent ids.

    ``styling=False`` writes no ``<styling>``/``<layout>`` and no ``tts:`` attributes (the
    safe choice for legacy DFXP, whose styling namespace is ambiguous). ``max_lines`` sizes
    the bottom region: 10 % of the height per line is 1.5 cells at the default 15-row cell
    grid, room for the line height, so the last line never clips.
    """
    from lxml import etree

    if profile == "imsc1" and namespaces.tt != TTML1.tt:
        raise UsageError("the IMSC1 profile needs the TTML 1 namespaces, not the DFXP draft ones")
    tt, ttp, tts, ttm = (f"{{{u}}}" for u in (namespaces.tt, namespaces.ttp, namespaces.tts,
                                             namespaces.ttm))
    xml = f"{{{XML_NS}}}"
    nsmap: dict[str | None, str] = {None: namespaces.tt, "ttp": namespaces.ttp,
                                    "ttm": namespaces.ttm}
    if styling:
        nsmap["tts"] = namespaces.tts
    if notes and track.annotations:
        nsmap["tc"] = NOTES_NS
    # lxml-stubs type nsmap as Mapping[str, str]; lxml itself needs the None key here.
    root = etree.Element(f"{tt}tt", nsmap=cast("dict[str, str]", nsmap))
    if profile == "imsc1":
        root.set(f"{ttp}profile", IMSC1_TEXT_PROFILE)
        root.set(f"{ttp}cellResolution", "32 15")
    root.set(f"{ttp}timeBase", "media")
    root.set(f"{xml}lang", clean(track.language or "").strip(_XML_SPACE))

    head = etree.SubElement(root, f"{tt}head")
    meta = etree.SubElement(head, f"{tt}metadata")
    if track.title:
        etree.SubElement(meta, f"{ttm}title").text = clean(track.title)
    if track.description:
        etree.SubElement(meta, f"{ttm}desc").text = clean(track.description)
    ids = agent_ids(track, cues)
    # The segmenter's labels are already cleaned for display; prefer them to the raw model.
    labels = {c.speaker: c.speaker_label for c in cues if c.speaker is not None}
    for key, agent_id in ids.items():
        # A speaker with no name still needs a ttm:name, or the agent says nothing at all.
        raw = labels[key] if key in labels else track.speaker_label(key)
        label = clean(raw).strip(_XML_SPACE) or clean(f"Speaker {key}")
        agent = etree.SubElement(meta, f"{ttm}agent", {f"{xml}id": agent_id, "type": "person"})
        etree.SubElement(agent, f"{ttm}name", type="full").text = label
    if notes:
        _add_notes(meta, track)
    if len(meta) == 0:
        head.remove(meta)  # nothing to say; an empty <metadata/> is only noise

    body = etree.SubElement(root, f"{tt}body")
    if styling:
        _add_layout(head, body, tt, tts, xml, max_lines, used_regions(cues))
    if len(head) == 0:
        root.remove(head)
    etree.SubElement(body, f"{tt}div")
    return root, ids


def document_text(
    track: CaptionTrack,
    cues: list[Cue],
    *,
    namespaces: Namespaces = TTML1,
    profile: Profile = "ttml1",
    styling: bool = True,
    notes: bool = True,
    max_lines: int = 2,
    pretty: bool = True,
) -> str:
    """The document as text: the paragraphs written as text into the serialised shell.

    lxml serialises the document without its paragraphs, holding one empty ``<p/>`` in
    their place; the paragraphs are written as text and replace it. Text and attribute
    values are always escaped, so the only ``<p/>`` in the output is that placeholder, and it
    is the last element of the document. Pretty printing puts each ``<p>`` on its own line
    at the depth of ``tt/body/div/p``; nothing is ever indented inside a ``<p>``.
    """
    from lxml import etree

    root, ids = _shell(track, cues, namespaces=namespaces, profile=profile,
                       styling=styling, notes=notes, max_lines=max_lines)
    merged = _merge_simultaneous(cues, styling)
    if not merged:
        return serialize(root, pretty=pretty)
    etree.SubElement(root[-1][0], f"{{{namespaces.tt}}}p")
    before, placeholder, after = serialize(root, pretty=pretty).rpartition("<p/>")
    if not placeholder:
        raise AssertionError("the serialised shell lost its paragraph placeholder")
    separator = "\n      " if pretty else ""
    return before + separator.join(_paragraphs(merged, ids)) + after


def _paragraphs(merged: list[Merged], ids: dict[str, str]) -> list[str]:
    """Each merged cue as ``<p>`` text, exactly as lxml writes the element.

    Agent ids are NCNames (:func:`agent_ids`), so the attribute needs no escaping; the
    default namespace is the content one and ``ttm`` is the metadata prefix of every
    document this module builds; the placement attributes are words and colours from the
    hint vocabulary (:mod:`.placement`), ``tts`` the styling prefix.
    """
    seconds, millis = Seconds(), _CLOCK_MILLIS
    agents: dict[tuple[str, ...], str] = {}
    out: list[str] = []
    for start, end, lines, speakers, attrs in merged:
        start, end = max(start, 0), max(end, 0)  # as :func:`clock` clamps
        agent = agents.get(tuple(speakers)) if speakers else ""
        if agent is None:
            agent = agents[tuple(speakers)] = (
                ' ttm:agent="' + " ".join(ids[s] for s in speakers) + '"')
        if attrs:
            agent += "".join(f' {name}="{value}"' for name, value in attrs)
        text = "<br/>".join([escape_text(line) for line in lines])
        out.append(f'<p begin="{seconds[start // 1000]}{millis[start % 1000]}" '
                   f'end="{seconds[end // 1000]}{millis[end % 1000]}"{agent}>{text}</p>')
    return out


def _add_layout(head: etree._Element, body: etree._Element, tt: str, tts: str, xml: str,
                max_lines: int, used: set[str]) -> None:
    """One default style and the bottom region, referenced from ``<body>``; the ``used``
    top and middle regions beside it (:func:`.placement.regions`)."""
    from lxml import etree

    styling = etree.SubElement(head, f"{tt}styling")
    etree.SubElement(styling, f"{tt}style", {
        f"{xml}id": "s1", f"{tts}fontFamily": "proportionalSansSerif",
        f"{tts}fontSize": "100%", f"{tts}color": "white", f"{tts}textAlign": "center"})
    height = min(max(max_lines, 1), 6) * 10
    layout = etree.SubElement(head, f"{tt}layout")
    for ident, origin, extent, display in regions(height, used):
        etree.SubElement(layout, f"{tt}region", {
            f"{xml}id": ident, f"{tts}origin": origin, f"{tts}extent": extent,
            f"{tts}displayAlign": display})
    body.set("style", "s1")
    if not used:  # else every <p> names its own (see .placement)
        body.set("region", "bottom")


def _add_notes(meta: etree._Element, track: CaptionTrack) -> None:
    """Editor annotations as ``<tc:note>`` elements (sources.md §5: TTML → ``<metadata>``)."""
    from lxml import etree

    for note in track.annotations:
        attrs = {"id": clean(note.id)}
        if note.start is not None:
            attrs["begin"] = clock(note.start)
        if note.end is not None:
            attrs["end"] = clock(note.end)
        for name in ("author", "created", "modified"):
            value = getattr(note, name)
            if value:
                attrs[name] = clean(value)
        etree.SubElement(meta, f"{{{NOTES_NS}}}note", attrs).text = clean(note.text)


def serialize(root: etree._Element, *, pretty: bool = True) -> str:
    """The document as text with its UTF-8 declaration (the API encodes ``str`` as UTF-8)."""
    from lxml import etree

    body = etree.tostring(root, encoding="unicode", pretty_print=pretty)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


def repertoire(options: Options) -> Repertoire:
    """TTML is Unicode XML (characters XML forbids are cleaned out when written)."""
    return UNICODE


def render(track: CaptionTrack, options: Options) -> str:
    """The track as a TTML 1 document (IMSC1 text profile when asked)."""
    return document_text(track, track.cues, profile=options.profile, notes=options.notes,
                         max_lines=options.style.max_lines, pretty=options.pretty)
