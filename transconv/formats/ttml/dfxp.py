"""DFXP (``application/ttaf+xml``, ``.dfxp``): the TTML document under its historical name.

By default this is exactly the TTML 1 document of :mod:`transconv.formats.ttml`, because the
readers people use today (ttconv, imscJS, dash.js, pycaption) all accept the TTML 1 namespace
while ttconv and imscJS reject the 2006/10 DFXP draft namespace outright ("A tt element is not
the root element"). ``legacy=True`` writes the 2006/10 ``ttaf1`` flavour for Flash-era players
that only know the draft. The legacy styling namespace is ambiguous in the wild (``#styling``
versus ``#style``), so legacy output carries no styling unless ``legacy_styling`` names one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Literal

from ...errors import UsageError
from ...model import CaptionTrack
from ...options import help_
from ...segment import CaptionStyle
from ...text.repertoire import UNICODE, Repertoire
from . import TTAF1, TTML1, document_text

LegacyStyling = Literal["none", "styling", "style"]


@dataclass(frozen=True, slots=True)
class Options:
    """DFXP writer options.

    ``style``: segmentation rules. ``legacy``: write the 2006/10 ``ttaf1`` namespaces instead
    of TTML 1 (default off: strict modern readers refuse the draft namespace).
    ``legacy_styling``: with ``legacy``, which draft styling namespace to write a default style
    and bottom region in (``styling`` = ``…ttaf1#styling``, ``style`` = ``…ttaf1#style``), or
    ``none`` (default) for no styling at all, which every legacy reader shows.
    ``notes``: write editor annotations into ``<head><metadata>``. ``pretty``: indent blocks.
    """

    style: CaptionStyle = field(default_factory=CaptionStyle)
    legacy: bool = field(
        default=False, metadata=help_('the 2006/10 DFXP draft namespaces instead of TTML 1'))
    legacy_styling: LegacyStyling = field(
        default="none", metadata=help_(
            'the styling namespace of legacy DFXP (readers disagree): none, styling or style'))
    notes: bool = field(default=True, metadata=help_("editors' annotations in the head's metadata"))
    pretty: bool = field(default=True, metadata=help_('indent the XML'))

    def __post_init__(self) -> None:
        if self.legacy_styling not in ("none", "styling", "style"):
            raise UsageError(f"legacy_styling {self.legacy_styling!r} is not one of "
                             "none, styling, style")


def repertoire(options: Options) -> Repertoire:
    """DFXP is Unicode XML, like TTML."""
    return UNICODE


def render(track: CaptionTrack, options: Options) -> str:
    """The track as DFXP: TTML 1 by default, the 2006/10 draft flavour when ``legacy``."""
    namespaces, styling = TTML1, True
    if options.legacy:
        styling = options.legacy_styling != "none"
        namespaces = TTAF1
        if options.legacy_styling == "style":
            namespaces = dataclasses.replace(TTAF1, tts=TTAF1.tt + "#style")
    return document_text(track, track.cues, namespaces=namespaces, styling=styling,
                         notes=options.notes, max_lines=options.style.max_lines,
                         pretty=options.pretty)
