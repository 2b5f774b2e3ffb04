"""THE registry: every output format, and every input shape the readers know.

A **format** is one module in this package that meets the contract of its kind
(:mod:`transconv.formats.contract`): ``Options`` (a frozen dataclass with documented
defaults) and either ``write(transcript, options)`` (transcript formats) or
``repertoire(options)`` and ``render(track, options)`` (caption formats, whose cues come from
the one caption pipeline). Text formats return ``str`` and the caller encodes it (UTF-8, or
the negotiated charset where the format honours ``Accept-Charset``); binary formats return
``bytes``, as may a UTF-8-only text format that builds its bytes faster itself (rev-json),
and a very large file may come as an iterator of byte chunks (MCC; see :data:`Written`).
Modules are imported only when a format is used, so heavy libraries (python-docx, reportlab,
lxml) never slow down a run that does not need them.

Everything else about a format is data on its entry: media type, extensions, whether it is
binary or honours ``Accept-Charset``, the suffix of its files where it has no extension of
its own, and its place in each kind's preference order (the first is the kind's default;
negotiation breaks ties by it, and a shared extension goes to the earliest). A module that
names its files itself defines ``output_name`` (Facebook SRT), which callers reach through
:meth:`Format.output_name`, so the command line and the batch name no format. Adding a
format is one module, one entry in ``_ENTRIES`` and one line in
:mod:`~transconv.formats.conformance`.

A **reader** entry names an input format (``--from``, ``shape=``), what reading it yields
(a transcript or a caption track), how it takes its input (parsed JSON, decoded text or
bytes), and the functions in :mod:`transconv.readers` that read and recognise it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

from ..errors import UsageError
from ..model import CaptionTrack, Document

if TYPE_CHECKING:  # (building the Protocols costs a millisecond of start-up)
    from .contract import CaptionWriter, OutputName, TranscriptWriter

__all__ = ["FORMATS", "KINDS", "READERS", "SHAPES", "Format", "InputKind", "Kind", "Reader",
           "Written", "by_filename", "candidates", "file_suffixes", "get", "reader"]

Kind = Literal["transcript", "caption"]
KINDS: tuple[Kind, ...] = ("transcript", "caption")

#: What a writer returns: text (encoded by the caller), the file's bytes, or the file's bytes
#: as an iterator of chunks, which a file is written from as they come instead of holding
#: the whole (MCC: 50 MB for ten hours, one line per frame). A writer that streams does its
#: checks before it returns, so a failure never comes out of the middle of the stream.
Written = str | bytes | Iterator[bytes]


@dataclass(frozen=True, slots=True)
class Format:
    """One output representation: how it is named, served, stored, ranked and written.

    ``ranks`` gives, for each kind the format is offered under, its place in that kind's
    preference order (0 is the kind's default).
    """

    name: str
    media_type: str
    extensions: tuple[str, ...]
    ranks: Mapping[Kind, int] = field(hash=False)
    binary: bool
    module: str
    charsets: bool = False
    title: str = ""
    #: The suffix of its files when it has no extension of its own (YouTube text).
    file_suffix: str = ""
    #: Whether it carries a cue's speaker apart from the text (WebVTT voices, TTML agents);
    #: a caption track converted to a format that does not gets visible speaker marks.
    voices: bool = False

    @property
    def extension(self) -> str:
        """The preferred extension ('' when the format has none of its own)."""
        return self.extensions[0] if self.extensions else ""

    @property
    def output_suffix(self) -> str:
        """What its files are named with: the preferred extension, else its file suffix."""
        return self.extension or self.file_suffix

    @property
    def name_suffixes(self) -> tuple[str, ...]:
        """Every file-name ending that names this format: its extensions, its file suffix,
        and the ``.<name><extension>`` a run gives it beside a format sharing its extension
        (``x.rev-txt.txt``), so every name this project gives an output maps back to its
        format."""
        own = (*self.extensions, self.file_suffix) if self.file_suffix else self.extensions
        return (*own, *(f".{self.name}{suffix}" for suffix in own))

    @property
    def kinds(self) -> frozenset[Kind]:
        return frozenset(self.ranks)

    @property
    def kind_label(self) -> str:
        return "both" if len(self.ranks) > 1 else next(iter(self.ranks))

    @property
    def is_caption(self) -> bool:
        """Caption writers render a cue track that the caption pipeline makes for them."""
        return "caption" in self.ranks

    def _import(self) -> ModuleType:
        return importlib.import_module(f"{__name__}.{self.module}")

    # importlib gives a ModuleType, whose attributes mypy cannot see; it accepts one as a
    # Protocol unchecked. Which module meets which contract is checked by mypy in
    # conformance.py and at run time by tests/test_registry.py, not here.
    def caption_writer(self) -> CaptionWriter[Any]:
        """The caption writer module (imported on first use)."""
        if not self.is_caption:
            raise TypeError(f"{self.name} is not a caption format")
        writer: CaptionWriter[Any] = self._import()
        return writer

    def transcript_writer(self) -> TranscriptWriter[Any]:
        """The transcript writer module (imported on first use)."""
        if self.is_caption:
            raise TypeError(f"{self.name} is a caption format")
        writer: TranscriptWriter[Any] = self._import()
        return writer

    def load(self) -> CaptionWriter[Any] | TranscriptWriter[Any]:
        """The writer module, imported on first use, as the contract of its kind."""
        return self.caption_writer() if self.is_caption else self.transcript_writer()

    def options_type(self) -> type[Any]:
        return self.load().Options

    def write(self, document: Document, options: Any, *, resegment: bool = False) -> Written:
        """``document`` in this format with ``options`` (an instance of :meth:`options_type`).

        A caption format gets its cues from the one caption pipeline (fold to the format's
        repertoire, then segment a transcript or re-lay out a track) and only renders them;
        a transcript format reads a transcript (a track's transcript view for caption input).
        """
        if self.is_caption:
            from ..pipeline import caption_track

            writer = self.caption_writer()
            track = caption_track(document, writer.repertoire(options), options.style,
                                  resegment=resegment, voices=self.voices)
            return writer.render(track, options)
        if isinstance(document, CaptionTrack):
            from ..segment.relayout import transcript_of

            document = transcript_of(document)
        return self.transcript_writer().write(document, options)

    def _naming(self) -> OutputName | None:
        hook: OutputName | None = getattr(self.load(), "output_name", None)
        return hook

    def names_files(self) -> bool:
        """Whether the format names its files itself, from the document (so a caller knows
        the name only once the input is read): its module defines ``output_name``."""
        return self._naming() is not None

    def output_name(self, stem: str, document: Document, locale: str | None = None) -> str:
        """The name of ``document``'s file in this format, from the input's ``stem``.

        The module's ``output_name`` decides where it has one (Facebook SRT:
        ``<stem>.<ll_CC>.srt``, ``locale`` or else the document's language); otherwise the
        name is ``<stem><output_suffix>``.
        """
        hook = self._naming()
        return stem + self.output_suffix if hook is None else hook(stem, document, locale)


_ENTRIES: tuple[Format, ...] = (
    Format("rev-json", "application/json+rev-transcript", (".json",), {"transcript": 0}, False,
           "revjson", title="Rev transcript JSON"),
    Format("txt", "text/plain", (".txt",), {"transcript": 3}, False, "txt", charsets=True,
           title="Rev plain-text transcript"),
    Format("youtube", "text/plain; format=youtube-transcript", (), {"transcript": 4}, False,
           "youtube", charsets=True, title="YouTube transcript text",
           file_suffix=".youtube.txt"),
    Format("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           (".docx",), {"transcript": 1}, True, "documents.docx", title="Word document"),
    Format("pdf", "application/pdf", (".pdf",), {"transcript": 2}, True, "documents.pdf",
           title="PDF document"),
    Format("srt", "application/x-subrip", (".srt",), {"transcript": 5, "caption": 0}, False,
           "srt", title="SubRip"),
    Format("vtt", "text/vtt", (".vtt",), {"transcript": 6, "caption": 6}, False, "vtt",
           title="WebVTT", voices=True),
    Format("scc", "text/x-scc", (".scc",), {"caption": 1}, False, "scc",
           title="Scenarist Closed Caption (CEA-608)"),
    Format("mcc", "text/x-mcc", (".mcc",), {"caption": 2}, False, "mcc",
           title="MacCaption MCC (CEA-608 in CDPs)"),
    Format("ttml", "application/ttml+xml", (".ttml",), {"caption": 3}, False, "ttml",
           title="TTML", voices=True),
    Format("qt", "application/x-quicktime-timedtext", (".qt.txt",), {"caption": 4}, False,
           "frametext.qt", title="QuickTime timed text"),
    Format("rev-txt", "text/x-rev-transcript", (".txt",), {"caption": 5}, False, "revtxt",
           title="Rev caption text"),
    Format("dfxp", "application/ttaf+xml", (".dfxp",), {"caption": 7}, False, "ttml.dfxp",
           title="DFXP", voices=True),
    Format("cap", "application/x-cheetah-cap", (".cap",), {"caption": 8}, True, "cap",
           title="Cheetah CAP"),
    Format("spruce-stl", "text/x-stl", (".stl",), {"caption": 9}, False, "frametext.spruce",
           title="Spruce STL (DVD Studio Pro)"),
    Format("avid-ds", "text/vnd.avid-ds", (".txt",), {"caption": 10}, False,
           "frametext.avidds", title="Avid DS caption text"),
    Format("avid-dvd", "text/vnd.avid-dvd", (".txt",), {"caption": 11}, False,
           "frametext.aviddvd", title="Avid DVD (Sonic) subtitle script"),
    Format("facebook-srt", "text/x-facebook-srt", (".srt",), {"caption": 12}, False,
           "facebook", title="SubRip named for Facebook"),
    Format("ebu-stl", "text/x-ebu-stl", (".ebu.stl", ".stl"), {"caption": 13}, True, "ebustl",
           title="EBU STL (Tech 3264)"),
)

FORMATS: dict[str, Format] = {f.name: f for f in _ENTRIES}


#: How a reader takes its input: the parsed top-level JSON object, the decoded text, or the
#: bytes (binary formats such as EBU STL and CAP).
InputKind = Literal["json", "text", "binary"]


@dataclass(frozen=True, slots=True)
class Reader:
    """One input format: its ``--from`` name, what reading it yields, and where its code is.

    ``read`` and ``sniff`` name functions in :mod:`transconv.readers` as ``module:function``
    (imported on first use). What they take depends on ``input``:

    - ``json``: ``read(doc, options, source, shape)`` reads the parsed top-level object and
      ``sniff(doc)`` judges it;
    - ``text``: ``read(text, options, source)`` reads the decoded text (BOM removed) and
      ``sniff(head)`` judges its first few thousand characters;
    - ``binary``: ``read(raw, options, source)`` and ``sniff(head)`` take bytes.

    A sniff says how surely the input is of the format (0 not, 1 likely, 2 certainly);
    detection takes the surest, the format a file's extension names winning a tie, then the
    earlier entry. A reader without ``sniff`` is chosen by name only. Forced by name, a JSON
    object must still hold one of the ``required`` top-level keys. ``aliases`` are other
    names ``--from`` accepts (``dfxp`` for the TTML reader); ``extensions`` are the file
    endings that hint at the format.
    """

    name: str
    title: str
    kinds: frozenset[Kind]
    read: str
    sniff: str | None = None
    required: tuple[str, ...] = ()
    input: InputKind = "json"
    extensions: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def yields_captions(self) -> bool:
        """Whether reading gives a caption track (cues) rather than a transcript."""
        return "caption" in self.kinds


_TRANSCRIPT: frozenset[Kind] = frozenset({"transcript"})
_CAPTION: frozenset[Kind] = frozenset({"caption"})

READERS: tuple[Reader, ...] = (
    Reader("rev", "Rev", _TRANSCRIPT, "rev:read_rev", "rev_schema:sniff",
           ("monologues", "speakers"), aliases=("rev-json",)),
    # Rev.ai shares the Rev reader, which tells the two apart by itself unless forced.
    Reader("revai", "Rev.ai", _TRANSCRIPT, "rev:read_rev", None, ("monologues",)),
    Reader("smartdoc", "SmartDocumentor", _TRANSCRIPT, "smartdoc:read_smartdoc",
           "smartdoc_schema:sniff", ("transcript", "transcripts")),
    Reader("sbv", "YouTube SubViewer", _CAPTION, "captions.sbv:read", "captions.sbv:sniff",
           input="text", extensions=(".sbv", ".sub")),
    Reader("ebu-stl", "EBU STL (Tech 3264)", _CAPTION, "captions.ebustl:read",
           "captions.ebustl:sniff", input="binary", extensions=(".stl", ".ebu.stl")),
    Reader("cap", "Cheetah CAP", _CAPTION, "captions.cap:read", "captions.cap:sniff",
           input="binary", extensions=(".cap",)),
    Reader("ttml", "TTML / DFXP / IMSC / SMPTE-TT / EBU-TT-D", _CAPTION, "captions.ttml:read",
           "captions.ttml:sniff", input="binary", extensions=(".ttml", ".dfxp", ".xml"),
           aliases=("dfxp", "imsc", "smpte-tt", "ebu-tt-d")),
    Reader("qt", "QuickTime timed text", _CAPTION, "captions.quicktime:read",
           "captions.quicktime:sniff", input="text", extensions=(".qt.txt",)),
    Reader("spruce-stl", "Spruce STL (DVD Studio Pro)", _CAPTION, "captions.spruce:read",
           "captions.spruce:sniff", input="text", extensions=(".stl",)),
    Reader("avid-ds", "Avid DS caption text", _CAPTION, "captions.avidds:read",
           "captions.avidds:sniff", input="text", extensions=(".txt",)),
    Reader("avid-dvd", "Avid DVD (Sonic) subtitle script", _CAPTION, "captions.aviddvd:read",
           "captions.aviddvd:sniff", input="text", extensions=(".txt",)),
    Reader("txt", "Rev plain-text transcript", _TRANSCRIPT, "revtext:read", "revtext:sniff",
           input="text", extensions=(".txt",)),
    Reader("rev-txt", "Rev caption text", _CAPTION, "captions.revtxt:read",
           "captions.revtxt:sniff", input="text", extensions=(".txt",)),
    Reader("youtube", "YouTube transcript text", _TRANSCRIPT, "youtubetext:read",
           "youtubetext:sniff", input="text", extensions=(".youtube.txt",)),
    Reader("srt", "SubRip", _CAPTION, "captions.srt:read", "captions.srt:sniff",
           input="text", extensions=(".srt",), aliases=("facebook-srt",)),
    Reader("vtt", "WebVTT", _CAPTION, "captions.vtt:read", "captions.vtt:sniff",
           input="text", extensions=(".vtt",)),
    Reader("scc", "Scenarist SCC", _CAPTION, "captions.cea608.scc:read",
           "captions.cea608.scc:sniff", input="text", extensions=(".scc",)),
    Reader("mcc", "MacCaption MCC", _CAPTION, "captions.cea608.mcc:read",
           "captions.cea608.mcc:sniff", input="text", extensions=(".mcc",)),
    Reader("whisper", "Whisper", _TRANSCRIPT, "asr.whisper:read", "asr.whisper:sniff",
           ("segments", "word_segments", "[]")),
    Reader("deepgram", "Deepgram", _TRANSCRIPT, "asr.deepgram:read", "asr.deepgram:sniff",
           ("results", "err_code")),
    Reader("assemblyai", "AssemblyAI", _TRANSCRIPT, "asr.assemblyai:read", "asr.assemblyai:sniff",
           ("words", "utterances", "error")),
    Reader("aws-transcribe", "AWS Transcribe", _TRANSCRIPT, "asr.aws_transcribe:read",
           "asr.aws_transcribe:sniff", ("results", "TranscriptionJob")),
    Reader("google-stt", "Google Speech-to-Text", _TRANSCRIPT, "asr.google_stt:read",
           "asr.google_stt:sniff", ("results", "response", "error")),
    Reader("azure-speech", "Azure Speech", _TRANSCRIPT, "asr.azure_speech:read",
           "asr.azure_speech:sniff", ("recognizedPhrases", "phrases", "status", "error")),
    Reader("speechmatics", "Speechmatics", _TRANSCRIPT, "asr.speechmatics:read",
           "asr.speechmatics:sniff", ("results", "error")),
)
#: Accepted values of ``--from`` / ``shape=``: every reader's name and aliases.
SHAPES: tuple[str, ...] = tuple(n for r in READERS for n in (r.name, *r.aliases))


def reader(name: str) -> Reader | None:
    """The reader called ``name`` or one of its aliases (case-insensitive), else None."""
    wanted = name.strip().lower()
    return next((r for r in READERS if wanted == r.name or wanted in r.aliases), None)


def get(name: str) -> Format:
    """The format called ``name`` (case-insensitive); raises UsageError listing the names.

    >>> transconv.get_format("SRT").media_type
    'application/x-subrip'
    """
    fmt = FORMATS.get(name.strip().lower())
    if fmt is None:
        raise UsageError(f"unknown format {name!r}; known: {', '.join(FORMATS)}")
    return fmt


def _first_place(fmt: Format) -> tuple[int, int]:
    """Where a format stands among all: kinds in :data:`KINDS` order, each in its own order,
    a format of several kinds at its first kind's place."""
    return min((KINDS.index(kind), rank) for kind, rank in fmt.ranks.items())


def candidates(kind: Kind | None = None) -> list[Format]:
    """The formats a kind offers, in preference order (all formats when kind is None: the
    transcript formats, then the other caption formats; rev-json is the default)."""
    if kind is None:
        return sorted(FORMATS.values(), key=_first_place)
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    return sorted((f for f in FORMATS.values() if kind in f.ranks), key=lambda f: f.ranks[kind])


def by_filename(filename: str, kind: Kind | None = None) -> Format | None:
    """The format a file name's ending names, the longest ending winning.

    ``.qt.txt`` beats ``.txt``, ``.ebu.stl`` beats ``.stl`` and ``.youtube.txt`` or
    ``.rev-txt.txt`` (the names a run gives formats that share an extension) beat ``.txt``;
    where an extension is shared (``.txt``, ``.srt``, ``.stl``) the kind's first choice in
    preference order wins. A name that is only an ending (``.srt``) names that format too.
    """
    lower = filename.lower()
    best: Format | None = None
    best_len = 0
    for fmt in candidates(kind):
        for ext in fmt.name_suffixes:
            if lower.endswith(ext) and len(ext) > best_len:
                best, best_len = fmt, len(ext)
    return best


def file_suffixes(formats: Sequence[Format], kind: Kind | None = None) -> list[str]:
    """The suffix each of ``formats`` names its files with in one run, all different.

    Formats sharing a suffix (txt and rev-txt, say) would overwrite each other: the one that
    ``kind``'s preference order ranks first keeps it, which is also the one
    :func:`by_filename` and negotiation pick for that extension; the others get
    ``.<name><suffix>``.
    """
    rank = {f.name: i for i, f in enumerate(candidates(kind))}
    taken: set[str] = set()
    result = dict.fromkeys((f.name for f in formats), "")
    for fmt in sorted(formats, key=lambda f: rank.get(f.name, len(rank))):
        suffix = fmt.output_suffix
        if suffix in taken:
            suffix = f".{fmt.name}{suffix}"
        taken.add(suffix)
        result[fmt.name] = suffix
    return [result[f.name] for f in formats]
