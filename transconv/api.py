"""The library's entry points (re-exported lazily by ``transconv``): load, dumps, dump, convert."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import IO, Any

from .errors import UsageError
from .formats import Format, Kind
from .formats import by_filename as _by_filename
from .formats import get as get_format
from .model import Document
from .options import make_options

Source = str | os.PathLike[str] | bytes | bytearray | IO[bytes]


def loads(data: bytes | str, *, shape: str | None = None, name: str = "<input>",
          **read_options: Any) -> Document:
    """Read a transcript or caption file held in memory; ``shape`` (a reader's name: "rev",
    "srt", …) skips detection. ``read_options`` are :class:`ReadOptions` fields: ``encoding``,
    the time operations (``shift="-1.5s"``, ``fps_from``/``fps_to``, ``timecode_offset``), …

    >>> t = transconv.loads(b'{"monologues": [{"speaker": 1, "elements": []}]}')
    """
    from .readers import read

    if isinstance(data, str):
        # a lone surrogate (UTF-8 cannot carry one) reads as U+FFFD, as in a file
        try:
            raw = data.encode("utf-8")
        except UnicodeEncodeError:
            import re

            raw = re.sub("[\ud800-\udfff]", "\ufffd", data).encode("utf-8")
    elif isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
    else:
        raise UsageError(f"loads() takes bytes or str, not {type(data).__name__}")
    return read(raw, name=name, shape=shape, **read_options)


def load(source: Source, *, shape: str | None = None, **read_options: Any) -> Document:
    """Read a transcript or caption file from a path, bytes, or a binary file object: a
    :class:`Transcript` for transcript sources, a :class:`CaptionTrack` for caption files.

    >>> t = transconv.load("interview.json")       # format detected from the content
    >>> t.speakers, len(t.turns), t.words()[:5]
    >>> track = transconv.load("film.srt", shift="-2s")  # cues, two seconds earlier
    """
    from .readers import read_source

    return read_source(source, shape=shape, **read_options)


def _resolve(fmt: str | Format) -> Format:
    if isinstance(fmt, Format):
        return fmt
    if not isinstance(fmt, str):
        raise UsageError(f"a format is a name or a Format, not {type(fmt).__name__}")
    return get_format(fmt)


def _path(path: object) -> str:
    """``path`` as text (bytes paths decoded as the file system does), or a UsageError."""
    try:
        return os.fsdecode(path)  # type: ignore[arg-type]
    except TypeError:
        raise UsageError(f"a path is text or os.PathLike, not {type(path).__name__}") from None


def dumps(transcript: Document, format: str | Format, *, charset: str | None = None,
          resegment: bool = False, **options: Any) -> bytes:
    """Write ``transcript`` (a Transcript or a CaptionTrack) in ``format``; the bytes.

    >>> srt = transconv.dumps(transconv.load("interview.json"), "srt", max_chars=32)

    ``options`` are the format's options (see ``transconv formats --options``), all given
    flat: segmentation rules (``max_chars``, ``max_lines``, …) for caption formats, frame
    timing (``fps``, ``timecode``, ``start_timecode``, ``min_gap_frames``) for frame-based
    ones; an option's former name (``start``, ``replacement``, …) is still accepted
    (:data:`transconv.options.ALIASES`). ``charset`` applies to the plain-text formats only
    (txt, youtube). A caption track keeps its cues and times unless ``resegment`` rebuilds
    them from its words.
    """
    result = _render(transcript, _resolve(format), charset, options, resegment)
    return result if isinstance(result, bytes) else b"".join(result)


def dumps_stream(transcript: Document, format: str | Format, *, charset: str | None = None,
                 resegment: bool = False, **options: Any) -> bytes | Iterator[bytes]:
    """:func:`dumps`, except that a writer that streams (MCC, ten hours of which is 50 MB)
    gives its file as an iterator of byte chunks, made as they are read, never held whole:
    what a server sends as it comes (``transconv serve``). Other formats give their bytes.

    >>> out = transconv.api.dumps_stream(track, "mcc")
    >>> body = out if isinstance(out, bytes) else b"".join(out)
    """
    return _render(transcript, _resolve(format), charset, options, resegment)


def _render(transcript: Document, fmt: Format, charset: str | None,
            options: dict[str, Any], resegment: bool = False) -> bytes | Iterator[bytes]:
    """The encoded file, whole or (from a streaming writer) as an iterator of chunks."""
    opts = make_options(fmt.options_type(), options, fmt.name)
    result = fmt.write(transcript, opts, resegment=resegment)
    if not isinstance(result, str):
        return result  # bytes, or chunks of bytes
    if not fmt.charsets:
        return result.encode("utf-8")
    from .text.charsets import encode

    return encode(result, charset or "utf-8")


def dump(transcript: Document, path: str | os.PathLike[str], format: str | Format | None = None,
         *, force: bool = False, charset: str | None = None, resegment: bool = False,
         **options: Any) -> Format:
    """Write ``transcript`` to ``path`` atomically; the format defaults to the extension's.

    >>> transconv.dump(transconv.load("interview.json"), "out/interview.vtt", force=True)

    A streaming writer's chunks go to the file as they come, never held whole.
    """
    from .output import write_atomic

    target = _path(path)
    fmt = _resolve(format) if format is not None else _by_filename(target)
    if fmt is None:
        raise UsageError(f"{target}: cannot tell the format from the extension")
    write_atomic(target, _render(transcript, fmt, charset, options, resegment), force=force)
    return fmt


def convert(source: Source, destination: str | os.PathLike[str],
            format: str | Format | None = None, *, force: bool = False,
            read: dict[str, Any] | None = None, **options: Any) -> Format:
    """Read ``source`` and write it to ``destination`` (format from its extension by default).

    ``read`` holds the reader's keywords (``shape``, ``encoding``, the time operations
    ``shift``, ``fps_from``/``fps_to``, ``timecode_offset`` …); ``options`` the writer's.

    >>> transconv.convert("interview.json", "interview.scc", force=True)
    >>> transconv.convert("film.srt", "film.vtt", read={"fps_from": "23.976", "fps_to": 25})
    """
    return dump(load(source, **(read or {})), destination, format, force=force, **options)


def represent(transcript: Document, format: str | Format | None = None, *,
              kind: Kind | None = None, accept: str | None = None,
              accept_charset: str | None = None, extension: str | None = None,
              **options: Any) -> tuple[bytes, str]:
    """Write ``transcript`` as HTTP would serve it: ``(body, content_type)``.

    Without ``format`` the representation is negotiated from ``kind``, ``accept`` and
    ``extension`` (see :mod:`transconv.negotiation`); ``accept_charset`` picks the charset of
    txt and youtube. The content type always names the charset of text formats
    (``text/plain; charset=windows-1252``). Raises :class:`NotAcceptable` when nothing fits.

    >>> body, content_type = transconv.represent(t, kind="caption", accept="text/vtt")
    """
    from .negotiation import Choice, negotiate_charset, select

    if format is None:
        choice = select(kind, accept, extension, accept_charset)
    else:
        fmt = _resolve(format)
        choice = Choice(fmt, negotiate_charset(accept_charset, fmt))
    body = dumps(transcript, choice.format, charset=choice.charset, **options)
    return body, choice.content_type
