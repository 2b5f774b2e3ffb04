"""transconv: transcript exports (Rev, Rev.ai, SmartDocumentor) → transcript and caption formats.

The whole public API::

    t = transconv.load("interview.json")            # path, bytes, str or binary file
    data = transconv.dumps(t, "srt", max_chars=32)  # bytes in the format's encoding
    transconv.dump(t, "out/interview.vtt")          # format from the extension, atomic write
    transconv.convert("interview.json", "interview.scc")
    fmt = transconv.negotiate("caption", accept="text/vtt, */*;q=0.1")  # RFC 9110 Accept
    body, ctype = transconv.represent(t, "txt", accept_charset="windows-1252")
    # ctype == "text/plain; charset=windows-1252"
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    DoesNotFit,
    InvalidInput,
    MissingTiming,
    NotAcceptable,
    NotImplementedFormat,
    OutputError,
    TransconvError,
    UsageError,
)

if TYPE_CHECKING:
    from .api import Source, convert, dump, dumps, load, loads, represent
    from .formats import FORMATS, Format, Kind
    from .formats import get as get_format
    from .model import Annotation, CaptionTrack, Cue, Speaker, Token, Transcript, Turn
    from .negotiation import Choice, content_type, negotiate, negotiate_charset, select
    from .notices import capture_warnings
    from .words import Word

__version__ = "0.1.0"

# Everything but the exceptions is imported on first use (PEP 562), so that
# ``transconv --version`` and a plain SRT conversion do not pay for what they do not use.
_LAZY: dict[str, tuple[str, str]] = {
    **{name: ("api", name) for name in
       ("Source", "convert", "dump", "dumps", "load", "loads", "represent")},
    **{name: ("formats", name) for name in ("FORMATS", "Format", "Kind")},
    "get_format": ("formats", "get"),
    "capture_warnings": ("notices", "capture_warnings"),
    **{name: ("model", name) for name in
       ("Annotation", "CaptionTrack", "Cue", "Speaker", "Token", "Transcript", "Turn")},
    "Word": ("words", "Word"),
    **{name: ("negotiation", name) for name in
       ("Choice", "content_type", "negotiate", "negotiate_charset", "select")},
}


def __dir__() -> list[str]:
    """The public API (the lazy names are not in the module's namespace until first use)."""
    return sorted(__all__)


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'transconv' has no attribute {name!r}") from None
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value
    return value


__all__ = [
    "FORMATS",
    "Annotation",
    "CaptionTrack",
    "Choice",
    "Cue",
    "DoesNotFit",
    "Format",
    "InvalidInput",
    "Kind",
    "MissingTiming",
    "NotAcceptable",
    "NotImplementedFormat",
    "OutputError",
    "Source",
    "Speaker",
    "Token",
    "TransconvError",
    "Transcript",
    "Turn",
    "UsageError",
    "Word",
    "__version__",
    "capture_warnings",
    "content_type",
    "convert",
    "dump",
    "dumps",
    "get_format",
    "load",
    "loads",
    "negotiate",
    "negotiate_charset",
    "represent",
    "select",
]
