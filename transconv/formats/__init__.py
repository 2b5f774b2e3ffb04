"""THE registry: the one place that lists every output format.

Each format is one module in this package exposing ``Options`` (a frozen dataclass with
documented defaults) and ``write(transcript, options) -> Written``. Text formats return
``str`` and the registry encodes it (UTF-8, or the negotiated charset where the format honours
``Accept-Charset``); binary formats return ``bytes``, as may a UTF-8-only text format that
builds its bytes faster itself (rev-json), and a very large file may come as an iterator of
byte chunks (MCC; see :data:`Written`). Modules are imported only when a format is
used, so heavy libraries (python-docx, reportlab, lxml) never slow down a run that does not
need them.

Adding a format is one module plus one entry in ``_ENTRIES``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Literal, cast

from ..errors import NotImplementedFormat, UsageError
from ..model import CaptionTrack, Document

Kind = Literal["transcript", "caption"]
KINDS: tuple[Kind, ...] = ("transcript", "caption")


@dataclass(frozen=True, slots=True)
class Format:
    """One output representation: how it is named, served, stored and written."""

    name: str
    media_type: str
    extensions: tuple[str, ...]
    kinds: frozenset[Kind]
    binary: bool
    module: str
    implemented: bool
    charsets: bool = False
    title: str = ""

    @property
    def extension(self) -> str:
        """The preferred extension ('' when the format has none of its own)."""
        return self.extensions[0] if self.extensions else ""

    @property
    def kind_label(self) -> str:
        return "both" if len(self.kinds) > 1 else next(iter(self.kinds))

    def load(self) -> ModuleType:
        """Import the writer module (lazily); raises if the format is not implemented yet."""
        if not self.implemented:
            raise NotImplementedFormat(f"format {self.name!r} is not implemented yet")
        return importlib.import_module(f"{__name__}.{self.module}")

    def options_type(self) -> type[Any]:
        return cast(type[Any], self.load().Options)

    @property
    def is_caption(self) -> bool:
        """Caption writers render a cue track that the caption pipeline makes for them."""
        return "caption" in self.kinds

    def write(self, document: Document, options: Any, *, resegment: bool = False) -> Written:
        """``document`` in this format with ``options`` (an instance of :meth:`options_type`).

        A caption format gets its cues from the one caption pipeline (fold to the format's
        repertoire, then segment a transcript or re-lay out a track) and only renders them;
        a transcript format reads a transcript (a track's transcript view for caption input).
        """
        module = self.load()
        if self.is_caption:
            from ..pipeline import caption_track

            track = caption_track(document, module.repertoire(options), options.style,
                                  resegment=resegment)
            return cast(Written, module.render(track, options))
        if isinstance(document, CaptionTrack):
            from ..segment.relayout import transcript_of

            document = transcript_of(document)
        return cast(Written, module.write(document, options))


#: What a writer returns: text (encoded by the caller), the file's bytes, or the file's bytes
#: as an iterator of chunks, which a file is written from as they come instead of holding
#: the whole (MCC: 50 MB for ten hours, one line per frame). A writer that streams does its
#: checks before it returns, so a failure never comes out of the middle of the stream.
Written = str | bytes | Iterator[bytes]

_T: frozenset[Kind] = frozenset({"transcript"})
_C: frozenset[Kind] = frozenset({"caption"})
_B: frozenset[Kind] = frozenset({"transcript", "caption"})

_ENTRIES: tuple[Format, ...] = (
    Format("rev-json", "application/json+rev-transcript", (".json",), _T, False, "revjson",
           True, title="Rev transcript JSON"),
    Format("txt", "text/plain", (".txt",), _T, False, "txt", True, charsets=True,
           title="Rev plain-text transcript"),
    Format("youtube", "text/plain; format=youtube-transcript", (), _T, False, "youtube", True,
           charsets=True, title="YouTube transcript text"),
    Format("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           (".docx",), _T, True, "documents.docx", True, title="Word document"),
    Format("pdf", "application/pdf", (".pdf",), _T, True, "documents.pdf", True,
           title="PDF document"),
    Format("srt", "application/x-subrip", (".srt",), _B, False, "srt", True, title="SubRip"),
    Format("vtt", "text/vtt", (".vtt",), _B, False, "vtt", True, title="WebVTT"),
    Format("scc", "text/x-scc", (".scc",), _C, False, "scc", True,
           title="Scenarist Closed Caption (CEA-608)"),
    Format("mcc", "text/x-mcc", (".mcc",), _C, False, "mcc", True,
           title="MacCaption MCC (CEA-608 in CDPs)"),
    Format("ttml", "application/ttml+xml", (".ttml",), _C, False, "ttml", True, title="TTML"),
    Format("qt", "application/x-quicktime-timedtext", (".qt.txt",), _C, False, "frametext.qt", True,
           title="QuickTime timed text"),
    Format("rev-txt", "text/x-rev-transcript", (".txt",), _C, False, "revtxt", True,
           title="Rev caption text"),
    Format("dfxp", "application/ttaf+xml", (".dfxp",), _C, False, "ttml.dfxp", True, title="DFXP"),
    Format("cap", "application/x-cheetah-cap", (".cap",), _C, True, "cap", True,
           title="Cheetah CAP"),
    Format("spruce-stl", "text/x-stl", (".stl",), _C, False, "frametext.spruce", True,
           title="Spruce STL (DVD Studio Pro)"),
    Format("avid-ds", "text/vnd.avid-ds", (".txt",), _C, False, "frametext.avidds", True,
           title="Avid DS caption text"),
    Format("avid-dvd", "text/vnd.avid-dvd", (".txt",), _C, False, "frametext.aviddvd", True,
           title="Avid DVD (Sonic) subtitle script"),
    Format("facebook-srt", "text/x-facebook-srt", (".srt",), _C, False, "facebook", True,
           title="SubRip named for Facebook"),
    Format("ebu-stl", "text/x-ebu-stl", (".ebu.stl", ".stl"), _C, True, "ebustl", True,
           title="EBU STL (Tech 3264)"),
)

FORMATS: dict[str, Format] = {f.name: f for f in _ENTRIES}

#: Per kind, the candidates in the seed's documented order; the first is the kind's default.
KIND_ORDER: dict[Kind, tuple[str, ...]] = {
    "transcript": ("rev-json", "docx", "pdf", "txt", "youtube", "srt", "vtt"),
    "caption": ("srt", "scc", "mcc", "ttml", "qt", "rev-txt", "vtt", "dfxp", "cap",
                "spruce-stl", "avid-ds", "avid-dvd", "facebook-srt", "ebu-stl"),
}
#: With no kind given, every format is a candidate and rev-json is the default.
ALL_ORDER: tuple[str, ...] = tuple(
    dict.fromkeys(KIND_ORDER["transcript"] + KIND_ORDER["caption"])
)


def get(name: str) -> Format:
    """The format called ``name`` (case-insensitive); raises UsageError listing the names."""
    fmt = FORMATS.get(name.strip().lower())
    if fmt is None:
        raise UsageError(f"unknown format {name!r}; known: {', '.join(FORMATS)}")
    return fmt


def candidates(kind: Kind | None = None) -> list[Format]:
    """The formats a kind offers, in preference order (all formats when kind is None)."""
    if kind is not None and kind not in KIND_ORDER:
        raise UsageError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    order = ALL_ORDER if kind is None else KIND_ORDER[kind]
    return [FORMATS[name] for name in order]


def by_filename(filename: str, kind: Kind | None = None) -> Format | None:
    """The format a file name's extension names, the longest extension winning.

    ``.qt.txt`` beats ``.txt`` and ``.ebu.stl`` beats ``.stl``; where an extension is shared
    (``.txt``, ``.srt``, ``.stl``) the kind's first documented choice wins.
    """
    lower = filename.lower()
    best: Format | None = None
    best_len = 0
    for fmt in candidates(kind):
        for ext in fmt.extensions:
            if lower.endswith(ext) and len(ext) > best_len:
                best, best_len = fmt, len(ext)
    return best
