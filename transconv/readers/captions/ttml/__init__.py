"""The TTML family: TTML 1/2, DFXP (also the 2006/10 and 2006/04 drafts), SMPTE-TT, EBU-TT-D
and the IMSC 1/1.1 text profile — one vocabulary, read by one reader.

The profiles differ in what they forbid, not in what a reader must understand, so nothing
here asks which profile a file claims. The pieces:

- :mod:`.xmldoc`: the bytes parsed by lxml as the document's own encoding says, with no
  DTD, no entity expansion and no network; namespaces; sniffing;
- :mod:`.timing`: time expressions and the ``ttp:`` parameters (frame, sub-frame and tick
  rates, time base), in exact fractions;
- :mod:`.head`: speakers (``ttm:agent``), styles, regions, title;
- :mod:`.body`: times inherited down ``body``/``div``/``p``/``span`` and paragraphs cut
  into cues.

A cue's times are rounded to milliseconds once, here. A cue nothing in the document ends
(no ``end`` or ``dur`` on it or any ancestor) ends when the next cue begins, or
:data:`OPEN_END` after its start if it is the last, with a warning: TTML calls such a cue
shown "indefinitely", which a caption file cannot say. The track's language is the root's
``xml:lang`` (else the first on ``body`` or a ``div``); its frame rate the effective rate
when the document declares one, so ``--timecode-offset 10:00:00:00`` counts its frames.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from ....model import CaptionTrack
from ...common import ReadOptions, warn
from ..cues import TrackBuilder, at_line
from .body import Body, RawCue
from .head import Head
from .timing import time_params, to_ms
from .xmldoc import PARAM_NS, TT_NS, XML_NS, line_of, local, parse
from .xmldoc import sniff as _sniff

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["OPEN_END", "read", "sniff"]

#: How long the last cue lasts when nothing in the document ends it (milliseconds).
OPEN_END = 3000
_LANG = f"{{{XML_NS}}}lang"


def sniff(head: bytes) -> int:
    """Certain for an XML document whose root is ``tt`` in a TTML-family namespace."""
    return _sniff(head)


def read(raw: bytes, options: ReadOptions, source: str) -> CaptionTrack:
    """The cues of a TTML-family document."""
    root, encoding = parse(raw, options.encoding, source)

    def note(where: str, message: str) -> None:
        warn(source, where, message)

    namespace, name = local(root.tag)
    line = line_of(root)
    if name != "tt" or (namespace and namespace not in TT_NS):
        raise at_line(line, f"the root element is <{name or root.tag}>"
                            f"{f' in {namespace!r}' if namespace else ''}, not TTML's <tt>")
    if not namespace:
        note(f"line {line}", "<tt> is in no namespace; read as TTML")

    def parameter(local_name: str) -> str | None:
        for ns in PARAM_NS:
            value = root.get(f"{{{ns}}}{local_name}")
            if value is not None:
                return str(value)
        return None

    params = time_params(parameter, line, options.rate, lambda text: note(f"line {line}", text))
    head = Head(root, note)
    body = Body(namespace, head, params, note)

    def ms(element: etree._Element, attribute: str) -> int | None:
        seconds = body.seconds(element, attribute)
        return None if seconds is None else to_ms(seconds)

    head.read_notes(root, ms)
    for child in root:
        if local(child.tag) == (namespace, "body"):
            body.walk(child)
            break
    builder = TrackBuilder(dash_speakers=options.dash_speakers)
    open_ended = 0
    for start, end, cue in _ended(body.cues):
        open_ended += cue.end is None
        builder.add(start, end, cue.lines, speaker=cue.speaker, hints=cue.hints)
    if open_ended:
        note("", f"{open_ended} cue(s) have no end in the document; each ends when the next "
                 "begins")
    return builder.track(title=head.title, description=head.description,
                         language=_language(root, namespace), annotations=head.notes,
                         encoding=encoding,
                         frame_rate=params.rate if params.declared else None,
                         drop_frame=params.drop)


def _ended(cues: list[RawCue]) -> list[tuple[int, int, RawCue]]:
    """(start, end, cue) in milliseconds, in time order, an open end resolved."""
    timed = sorted(((to_ms(cue.begin), cue) for cue in cues), key=lambda pair: pair[0])
    out: list[tuple[int, int, RawCue]] = []
    later: int | None = None  # the start of the next cue that starts later
    for index in range(len(timed) - 1, -1, -1):
        start, cue = timed[index]
        if index + 1 < len(timed) and timed[index + 1][0] > start:
            later = timed[index + 1][0]
        if cue.end is not None:
            end = to_ms(cue.end)
        else:
            end = later if later is not None else start + OPEN_END
        out.append((start, end, cue))
    out.reverse()
    return out


def _language(root: etree._Element, namespace: str) -> str | None:
    """The root's ``xml:lang``, else the first one given on ``body`` or a ``div``."""
    bodies = [child for child in root if local(child.tag) == (namespace, "body")]
    divs = (div for body in bodies[:1] for div in body.iter(f"{{{namespace}}}div"))
    candidates = itertools.chain((root,), bodies[:1], divs)
    for element in candidates:
        value = (element.get(_LANG) or "").strip()
        if value:
            return value
    return None
