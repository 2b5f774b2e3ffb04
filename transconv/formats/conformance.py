"""Every writer module against its Protocol, for mypy; never imported by transconv itself.

The registry imports writers by name when a format is used, so mypy cannot see there which
module stands behind which entry. Here every module is handed to the Protocol of its kind:
a missing function, a wrong signature or return type, ``Options`` that ``render`` does not
take, or an ``output_name`` hook of the wrong signature is a type error.
tests/test_registry.py checks that these tables hold exactly the registry's modules (a new
format adds a line here) and checks the rest of the contract at run time. Importing this
module imports every writer, heavy libraries included.
"""

from __future__ import annotations

from typing import Any

from . import cap, ebustl, facebook, mcc, revjson, revtxt, scc, srt, ttml, txt, vtt, youtube
from .contract import CaptionOptionsT, CaptionWriter, OptionsT, OutputName, TranscriptWriter
from .documents import docx, pdf
from .frametext import avidds, aviddvd, qt, spruce
from .ttml import dfxp


# The type variable is inferred from the module alone (the result does not mention it), so
# ``Options`` that ``write``/``render`` do not take, or caption options without a ``style``,
# cannot be inferred and are reported.
def _transcript(module: TranscriptWriter[OptionsT]) -> TranscriptWriter[Any]:
    return module


def _caption(module: CaptionWriter[CaptionOptionsT]) -> CaptionWriter[Any]:
    return module


TRANSCRIPT_WRITERS: dict[str, TranscriptWriter[Any]] = {
    "rev-json": _transcript(revjson),
    "txt": _transcript(txt),
    "youtube": _transcript(youtube),
    "docx": _transcript(docx),
    "pdf": _transcript(pdf),
}

CAPTION_WRITERS: dict[str, CaptionWriter[Any]] = {
    "srt": _caption(srt),
    "vtt": _caption(vtt),
    "scc": _caption(scc),
    "mcc": _caption(mcc),
    "ttml": _caption(ttml),
    "qt": _caption(qt),
    "rev-txt": _caption(revtxt),
    "dfxp": _caption(dfxp),
    "cap": _caption(cap),
    "spruce-stl": _caption(spruce),
    "avid-ds": _caption(avidds),
    "avid-dvd": _caption(aviddvd),
    "facebook-srt": _caption(facebook),
    "ebu-stl": _caption(ebustl),
}

#: The modules that name their own files (the optional ``output_name``).
OUTPUT_NAMES: dict[str, OutputName] = {
    "facebook-srt": facebook.output_name,
}
