"""The body of a TTML document: times inherited down the tree, paragraphs cut into cues.

**Timing** (TTML1 §10.4, after SMIL): every ``body``, ``div``, ``p`` and ``span`` is timed
against its *sync base*: the parent's begin in a ``par`` container (the default), the
previous sibling's end in a ``seq`` one. ``begin`` and ``end`` are offsets from the sync
base, ``dur`` from the element's own begin; the earlier of ``end`` and ``begin + dur`` wins,
and a child never outlives its parent. An element with neither lasts as long as its parent;
if no ancestor ends either, the end is unresolved here and the package's ``read`` ends that
cue when the next one begins. An element whose interval is empty, or starts after its parent
ended, is never shown.

**Paragraphs to cues**: a ``<p>`` is one cue unless its spans carry times of their own, in
which case what is shown changes over the paragraph's time: the paragraph is cut at every
moment a span appears or disappears, and each stretch shows the spans active in it (a
word-timed paragraph becomes one cue per word; a span shown late is added to the words
around it). Within one stretch, text by different speakers (``ttm:agent`` on spans) becomes
one cue per speaker, at the same time.

**Text**: ``<br/>`` breaks a line; under the default ``xml:space`` a newline is a space and
runs of white space fold to one (the cue builder folds), under ``xml:space="preserve"`` a
newline breaks the line too. Elements TTML does not define (metadata, animation, foreign
namespaces) show nothing, but text after them does.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from ....text.hints import align_value
from ..cues import at_line
from .head import Head, Props, placement, text_hints
from .timing import TimeParams
from .xmldoc import META_NS, XML_NS, line_of, local

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["Body", "RawCue"]

_SPACE = f"{{{XML_NS}}}space"
_AGENT_KEYS = tuple(f"{{{ns}}}agent" for ns in META_NS)
_XML_WHITE = " \t\r\n"
#: Above this many (stretch × piece) visits a paragraph is cut by its spans' own runs
#: instead, so a paragraph of thousands of overlapping word spans stays linear.
_SWEEP_LIMIT = 50_000

Hints = tuple[tuple[str, str], ...]


class Scope(NamedTuple):
    """What an element hands down to its content."""

    agent: str | None
    preserve: bool
    style: Props
    region: str | None


class Piece(NamedTuple):
    """A run of text (``text`` None: a line break) and when it is shown."""

    text: str | None
    begin: Fraction
    end: Fraction | None
    agent: str | None
    hints: Hints
    preserve: bool


class RawCue(NamedTuple):
    """A cue in exact seconds; ``end`` None when nothing in the document ends it."""

    begin: Fraction
    end: Fraction | None
    lines: list[str]
    speaker: str | None
    hints: Hints
    line: int


class Body:
    """Walks ``<body>`` and collects its cues in :attr:`cues`."""

    def __init__(self, namespace: str, head: Head, params: TimeParams,
                 warn: Callable[[str, str], None]) -> None:
        self.cues: list[RawCue] = []
        self._ns = namespace
        self._head = head
        self._params = params
        self._warn = warn
        self._warned: set[str] = set()

    def walk(self, body: etree._Element) -> None:
        """Collect the cues of ``body``, the root time container (its sync base is 0)."""
        self._block(body, Fraction(0), None, Scope(None, False, {}, None))

    def _name(self, element: etree._Element) -> str:
        namespace, name = local(element.tag)
        if not isinstance(element.tag, str) and "entity" not in self._warned:
            self._warned.add("entity")
            self._warn(f"line {line_of(element)}",
                       f"entity {element.text} is not expanded (entities are never read)")
        return name if namespace == self._ns else ""

    def seconds(self, element: etree._Element, name: str) -> Fraction | None:
        """The time expression of attribute ``name`` in seconds (None when absent)."""
        value = element.get(name)
        if value is None or value.strip() == "indefinite":
            return None
        seconds = self._params.seconds(value)
        if seconds is None:
            tag = local(element.tag)[1]
            raise at_line(line_of(element),
                          f"<{tag}> {name}={value!r} is not a TTML time expression")
        return seconds

    def _times(self, element: etree._Element, sync: Fraction, parent_end: Fraction | None,
               ) -> tuple[Fraction, Fraction | None] | None:
        """(begin, end) of ``element``, or None if it is never shown."""
        offset = self.seconds(element, "begin")
        begin = sync + offset if offset else sync
        ends: list[Fraction] = []
        end = self.seconds(element, "end")
        if end is not None:
            ends.append(sync + end)
        dur = self.seconds(element, "dur")
        if dur is not None:
            ends.append(begin + dur)
        own = min(ends) if ends else None
        active = own if own is not None else parent_end
        if parent_end is not None:
            if begin >= parent_end:
                return None
            active = min(active, parent_end) if active is not None else parent_end
        if active is not None and active <= begin:
            if own is not None and own < begin:
                self._warn(f"line {line_of(element)}",
                           f"<{local(element.tag)[1]}> ends before it begins; not shown")
            return None
        return begin, active

    def _scope(self, element: etree._Element, outer: Scope) -> Scope:
        agent = outer.agent
        for key in _AGENT_KEYS:
            value = element.get(key)
            if value is not None:
                agent = value
                break
        space = element.get(_SPACE)
        preserve = outer.preserve if space is None else space.strip() == "preserve"
        specified = self._head.specified(element)
        style = {**outer.style, **specified} if specified else outer.style
        return Scope(agent, preserve, style, element.get("region") or outer.region)

    def _block(self, element: etree._Element, sync: Fraction, parent_end: Fraction | None,
               outer: Scope) -> Fraction | None:
        """A ``body`` or ``div``; returns its end, the sync base of a ``seq`` sibling."""
        times = self._times(element, sync, parent_end)
        if times is None:
            return sync
        begin, end = times
        scope = self._scope(element, outer)
        seq = (element.get("timeContainer") or "").strip() == "seq"
        child_sync, latest = begin, begin
        for child in element:
            name = self._name(child)
            if name == "div":
                child_end = self._block(child, child_sync, end, scope)
            elif name == "p":
                child_end = self._paragraph(child, child_sync, end, scope)
            else:
                continue
            if child_end is not None:
                latest = max(latest, child_end)
                if seq:
                    child_sync = child_end
        return end if end is not None else latest

    def _paragraph(self, p: etree._Element, sync: Fraction, parent_end: Fraction | None,
                   outer: Scope) -> Fraction | None:
        times = self._times(p, sync, parent_end)
        if times is None:
            return sync
        begin, end = times
        scope = self._scope(p, outer)
        region = self._head.region(scope.region)
        props = {**region, **scope.style}
        hints: Hints = ()
        if scope.region and (place := placement(props, scope.region)):
            hints += (("region", place),)
        if props.get("textAlign") and (align := align_value(props["textAlign"])):
            hints += (("align", align),)
        pieces: list[Piece] = []
        self._inline(p, begin, end, scope, region, pieces)
        self._emit(pieces, begin, end, hints, line_of(p))
        return end

    def _inline(self, element: etree._Element, begin: Fraction, end: Fraction | None,
                scope: Scope, region: Props, pieces: list[Piece]) -> None:
        """The text of ``element`` (a ``p`` or ``span``) and its spans, as pieces."""
        hints = text_hints({**region, **scope.style})
        if element.text:
            pieces.append(Piece(element.text, begin, end, scope.agent, hints, scope.preserve))
        seq = (element.get("timeContainer") or "").strip() == "seq"
        sync = begin
        for child in element:
            name = self._name(child)
            if name == "span":
                times = self._times(child, sync, end)
                if times is not None:
                    self._inline(child, times[0], times[1], self._scope(child, scope), region,
                                 pieces)
                    if seq and times[1] is not None:
                        sync = times[1]
            elif name == "br":
                pieces.append(Piece(None, begin, end, scope.agent, hints, scope.preserve))
            if child.tail:
                pieces.append(Piece(child.tail, begin, end, scope.agent, hints, scope.preserve))

    def _emit(self, pieces: list[Piece], begin: Fraction, end: Fraction | None, hints: Hints,
              line: int) -> None:
        """The paragraph's cues: one, or one per stretch its spans' times cut it into."""
        if all((piece.begin is begin or piece.begin == begin)
               and (piece.end is end or piece.end == end) for piece in pieces):
            self._cues(begin, end, pieces, hints, line)
            return
        edges = {begin, *(piece.begin for piece in pieces)}
        edges.update(piece.end for piece in pieces if piece.end is not None and piece.end != end)
        cuts = sorted(edges)
        stretches: list[tuple[Fraction, Fraction | None, list[Piece]]] = []
        if len(cuts) * len(pieces) > _SWEEP_LIMIT:  # each span's own run, in order
            for piece in pieces:
                if stretches and stretches[-1][0] == piece.begin \
                        and stretches[-1][1] == piece.end:
                    stretches[-1][2].append(piece)
                else:
                    stretches.append((piece.begin, piece.end, [piece]))
        else:
            shown: tuple[int, ...] | None = None
            for at, until in zip(cuts, [*cuts[1:], end], strict=True):
                visible = tuple(i for i, p in enumerate(pieces)
                                if p.begin <= at and (p.end is None or p.end > at))
                if visible == shown:
                    stretches[-1] = (stretches[-1][0], until, stretches[-1][2])
                    continue
                shown = visible
                stretches.append((at, until, [pieces[i] for i in visible]))
        for at, until, part in stretches:
            self._cues(at, until, part, hints, line)

    def _cues(self, begin: Fraction, end: Fraction | None, pieces: list[Piece], hints: Hints,
              line: int) -> None:
        """One cue per run of pieces by one speaker; nothing for pieces with no text."""
        group: list[Piece] = []
        agent: str | None = None
        spoken = False
        for piece in pieces:
            if piece.text is not None and piece.text.strip(_XML_WHITE):
                if spoken and piece.agent != agent:
                    self._add(begin, end, group, agent, hints, line)
                    group, spoken = [], False
                agent, spoken = piece.agent, True
            group.append(piece)
        if spoken:
            self._add(begin, end, group, agent, hints, line)

    def _add(self, begin: Fraction, end: Fraction | None, group: list[Piece],
             agent: str | None, hints: Hints, line: int) -> None:
        lines: list[list[str]] = [[]]
        common: Hints | None = None
        for piece in group:
            if piece.text is None:
                lines.append([])
                continue
            if piece.text.strip(_XML_WHITE):
                common = piece.hints if common is None else tuple(
                    h for h in common if h in piece.hints)
            if piece.preserve:
                first, *rest = piece.text.split("\n")
                lines[-1].append(first)
                lines.extend([part] for part in rest)
            else:
                lines[-1].append(piece.text.replace("\n", " "))
        speaker = self._head.speaker(agent, line)
        self.cues.append(RawCue(begin, end, ["".join(parts) for parts in lines], speaker,
                                hints + (common or ()), line))
