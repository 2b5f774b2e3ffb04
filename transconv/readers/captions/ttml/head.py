"""What a TTML document declares once and its content refers to: speakers, styles, regions.

- **Speakers**: a ``<ttm:agent xml:id="…">`` (anywhere, usually in ``head/metadata``) names a
  speaker by its ``<ttm:name>`` (the ``full`` name preferred); a character agent without a
  name of its own takes its actor's (``<ttm:actor agent="…"/>``). Content refers to agents
  by id (``ttm:agent="spk1"``, a list for several speakers); an id that names no agent is
  used as the name itself, with a warning.
- **Styles and regions** matter only as hints (alignment, italics, colour, region): a
  ``<style>`` may reference other styles (``style="a b"``, cycles ignored), a ``<region>``
  carries styles for the content flowed into it, and its place (:func:`placement`). Only
  the few properties the model has hints for are kept, in the shared vocabulary
  (:mod:`transconv.text.hints`).
- **Title, description** (``ttm:title``, ``ttm:desc``) and the editor notes transconv's own
  TTML writer puts in the head's metadata.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ....model import Annotation
from ....text.hints import color_value, percent, region_at
from .xmldoc import META_NS, STYLE_NS, XML_NS, local

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["NOTES_NS", "Head", "placement", "text_hints"]

#: The namespace transconv's TTML writer keeps editor notes in (a format fact: the URI
#: written into the files), read back so a note survives a round trip.
NOTES_NS = "urn:x-transconv:notes"
_ID = f"{{{XML_NS}}}id"
#: The style properties the model has hints for; others are dropped when read.
_PROPERTIES = frozenset({"color", "fontStyle", "fontWeight", "textDecoration", "textAlign",
                         "origin", "extent", "displayAlign"})
#: Where in a region its text stands (``tts:displayAlign``; ``before`` is TTML's default).
_DISPLAY = {"before": 0.0, "center": 0.5, "after": 1.0}
#: Colours every caption has by default: a hint saying so says nothing.
_WHITE = frozenset({"white", "#fff", "#ffffff", "#ffffffff", "rgb(255,255,255)"})

Props = dict[str, str]


def styling(element: etree._Element) -> Props:
    """The hint-worthy ``tts:`` attributes ``element`` itself carries."""
    props: Props = {}
    for key, value in element.attrib.items():
        namespace, name = local(key)
        if name in _PROPERTIES and namespace in STYLE_NS:
            props[name] = str(value).strip()
    return props


def text_hints(props: Props) -> tuple[tuple[str, str], ...]:
    """The model's hints for text styled ``props``: italic, bold, underline, colour."""
    hints: list[tuple[str, str]] = []
    if props.get("fontStyle") in ("italic", "oblique"):
        hints.append(("italic", "1"))
    if props.get("fontWeight") == "bold":
        hints.append(("bold", "1"))
    if "underline" in props.get("textDecoration", "").split():
        hints.append(("underline", "1"))
    colour = props.get("color", "")
    if colour and colour.replace(" ", "").lower() not in _WHITE \
            and (value := color_value(colour)):
        hints.append(("color", value))
    return tuple(hints)


def placement(props: Props, ident: str) -> str:
    """The screen region (top, middle, bottom) of text flowed into the region ``ident``
    styled ``props``: where ``tts:displayAlign`` puts it between the region's top
    (``tts:origin``) and bottom (``+ tts:extent``), given in percent; a region with neither
    origin nor alignment is placed by its id when that names a region (``top``), else ``""``.
    """
    display = props.get("displayAlign")
    origin = props.get("origin", "").split()
    if len(origin) != 2 and display is None:
        return ident.lower() if ident.lower() in ("top", "middle", "bottom") else ""
    top = percent(origin[1]) if len(origin) == 2 else 0
    extent = props.get("extent", "").split()
    height = percent(extent[1]) if len(extent) == 2 else 100 - (top or 0)
    if top is None or height is None:
        return ""
    at = top + height * _DISPLAY.get(display or "before", 0.0)
    return region_at(int(at - 10 if display == "after" else at))


class Head:
    """The document's agents, styles, regions, title and notes, looked up by id."""

    def __init__(self, root: etree._Element, warn: Callable[[str, str], None]) -> None:
        self._warn = warn
        self._styles: dict[str, etree._Element] = {}
        self._regions: dict[str, etree._Element] = {}
        self._resolved: dict[str, Props] = {}
        self._region_props: dict[str, Props] = {}
        self._unknown: set[str] = set()
        self.agents: dict[str, str] = {}
        self.title: str | None = None
        self.description: str | None = None
        self.notes: list[Annotation] = []
        self._index(root)

    def _index(self, root: etree._Element) -> None:
        actors: dict[str, str] = {}
        for element in root.iter():
            namespace, name = local(element.tag)
            ident = element.get(_ID)
            if namespace in META_NS:
                if name == "agent" and ident:
                    self.agents[ident] = _agent_name(element, actors, ident)
                elif name == "title" and self.title is None:
                    self.title = _text(element) or None
                elif name == "desc" and self.description is None:
                    self.description = _text(element) or None
            elif ident and name == "style":
                self._styles.setdefault(ident, element)
            elif ident and name == "region":
                self._regions.setdefault(ident, element)
        for ident, actor in actors.items():  # characters named after their actor
            self.agents[ident] = self.agents.get(actor, actor)

    def read_notes(self, root: etree._Element, ms: Callable[[etree._Element, str], int | None],
                   ) -> None:
        """transconv's editor notes (``<tc:note>`` in the head's metadata), timed by ``ms``."""
        for note in root.iter(f"{{{NOTES_NS}}}note"):
            self.notes.append(Annotation(
                str(note.get("id") or len(self.notes) + 1), _text(note),
                ms(note, "begin"), ms(note, "end"), note.get("author"), note.get("created"),
                note.get("modified")))

    def speaker(self, agents: str | None, line: int) -> str | None:
        """The speaker's name for a ``ttm:agent`` value (several agents joined by ``&``)."""
        if agents is None:
            return None
        names: list[str] = []
        for ident in agents.split():
            name = self.agents.get(ident)
            if name is None:
                name = ident
                if ident not in self._unknown:
                    self._unknown.add(ident)
                    self._warn(f"line {line}", f"ttm:agent {ident!r} is not defined; "
                                               "the id is used as the name")
            names.append(name)
        return " & ".join(names) if names else ""

    def style(self, ident: str, seen: frozenset[str] = frozenset()) -> Props:
        """The properties of the ``<style>`` called ``ident``, with those it references."""
        done = self._resolved.get(ident)
        if done is not None:
            return done
        element = self._styles.get(ident)
        props: Props = {}
        if element is not None:
            for ref in (element.get("style") or "").split():
                if ref not in seen and ref != ident:
                    props.update(self.style(ref, seen | {ident}))
            props.update(styling(element))
        self._resolved[ident] = props
        return props

    def specified(self, element: etree._Element) -> Props:
        """The properties ``element`` sets: its referenced styles, then its own attributes."""
        props: Props = {}
        for ref in (element.get("style") or "").split():
            props.update(self.style(ref))
        props.update(styling(element))
        return props

    def region(self, ident: str | None) -> Props:
        """The properties the region called ``ident`` gives the content flowed into it."""
        if ident is None:
            return {}
        done = self._region_props.get(ident)
        if done is not None:
            return done
        element = self._regions.get(ident)
        props: Props = {}
        if element is not None:
            for nested in element:  # TTML allows <style> children inside a region
                if local(nested.tag)[1] == "style":
                    props.update(self.specified(nested))
            props.update(self.specified(element))
        self._region_props[ident] = props
        return props


def _text(element: etree._Element) -> str:
    """The element's text content, whitespace collapsed."""
    return " ".join("".join(str(part) for part in element.itertext()).split())


def _agent_name(agent: etree._Element, actors: dict[str, str], ident: str) -> str:
    """The agent's best name: its full name, else its first name of any type, else its
    actor's (noted in ``actors`` to look up once every agent is known), else its id."""
    best = ""
    for child in agent:
        namespace, name = local(child.tag)
        if namespace not in META_NS:
            continue
        if name == "name":
            text = _text(child)
            if text and (not best or child.get("type") == "full"):
                best = text
                if child.get("type") == "full":
                    break
        elif name == "actor" and child.get("agent") and not best:
            actors[ident] = str(child.get("agent"))
    if best:
        actors.pop(ident, None)
    return best or ident
