"""Readers: source bytes → a :class:`~transconv.model.Transcript` or a
:class:`~transconv.model.CaptionTrack`.

The format is detected from content (:mod:`.detect`; the file's extension is a hint);
``shape=`` (``--from``) names one and skips detection. The formats are the registry's reader
entries (:data:`transconv.formats.READERS`). This module owns what comes before any reader:
reading a path, stdin or file object with a size limit checked before the bytes are read;
sending JSON to :mod:`.jsoninput`, bytes to a binary reader and decoded text
(:mod:`.textinput`) to a text reader; and, after reading, the time operations
(:mod:`transconv.timeops`) and the speaker names (:mod:`.speakernames`) the options ask for.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable
from typing import IO, Any

from ..errors import InvalidInput, UsageError
from ..formats import READERS, SHAPES, Reader
from ..formats import reader as reader_named
from ..model import Document
from ..options import make_options
from .common import DEFAULT_MAX_BYTES, ReadOptions
from .detection import HEAD, by_content, function
from .jsoninput import detect, looks_json, read_json

__all__ = ["DEFAULT_MAX_BYTES", "SHAPES", "ReadOptions", "detect", "read", "read_source",
           "read_stream"]

_CHUNK = 1 << 20
#: A text reader's read(text, options, source) and a binary one's read(raw, options, source).
_TextReader = Callable[[str, ReadOptions, str], Document]
_BinaryReader = Callable[[bytes, ReadOptions, str], Document]
_NAMES = ", ".join(r.name for r in READERS)


def options_from(values: dict[str, Any]) -> ReadOptions:
    """A :class:`ReadOptions` from keywords; a ready ``options=ReadOptions(...)`` is accepted."""
    given = values.pop("options", None)
    if given is not None and not isinstance(given, ReadOptions):
        raise UsageError("options= must be a ReadOptions")
    if given is not None:
        return dataclasses.replace(given, **values) if values else given
    if not values:
        return ReadOptions()
    opts: ReadOptions = make_options(ReadOptions, values, "reader")
    return opts


def _forced(shape: str | None) -> Reader | None:
    if shape is None or (isinstance(shape, str) and shape.strip().lower() == "auto"):
        return None
    entry = reader_named(shape) if isinstance(shape, str) else None
    if entry is None:
        raise UsageError(f"unknown input format {shape!r}; formats: {', '.join(SHAPES)}")
    return entry


def read(raw: bytes, *, name: str = "<input>", shape: str | None = None,
         **options: Any) -> Document:
    """Read one input held in memory (see the module docstring)."""
    opts = options_from(options)
    if isinstance(raw, str):  # forgiving: text given where bytes were expected
        raw = raw.encode("utf-8", "surrogatepass")
    elif type(raw) is not bytes:
        raw = bytes(raw)
    forced = _forced(shape)
    if len(raw) > opts.max_bytes:
        raise _too_big(len(raw), opts.max_bytes).with_source(name)
    document = _read(raw, name, forced, opts)
    if opts.retiming.changes:
        from ..timeops import retime

        document = retime(document, opts.retiming)
    if opts.speaker_names:
        from .speakernames import parse_names, rename_speakers

        document = rename_speakers(document, parse_names(opts.speaker_names), name)
    return document


def _read(raw: bytes, name: str, forced: Reader | None, opts: ReadOptions) -> Document:
    if (forced is not None and forced.input == "json") or (forced is None and (
            looks_json(raw) or name.lower().endswith(".json"))):
        return read_json(raw, name, forced, opts)
    try:
        return _read_other(raw, name, forced, opts)
    except InvalidInput as exc:
        raise exc.with_source(name) from None
    except RecursionError:
        raise InvalidInput("nested too deeply to read", source=name) from None


def _read_other(raw: bytes, name: str, forced: Reader | None, opts: ReadOptions) -> Document:
    """A caption or text input: a binary reader, else decoded text and a text reader."""
    if not raw.strip():
        raise InvalidInput("empty input")
    entry = forced if forced is not None else by_content(raw[:HEAD], "binary", name)
    if entry is not None and entry.input == "binary":
        read_binary: _BinaryReader = function(entry.read)
        document = read_binary(raw, opts, name)
        document.source = entry.name
        return document
    from .textinput import decode_text

    text, encoding = decode_text(raw, name, opts.encoding)
    if entry is None:
        entry = by_content(text[:HEAD], "text", name)
    if entry is None:
        raise InvalidInput(f"not a format this project reads (formats: {_NAMES}); "
                           "name one with --from")
    read_text: _TextReader = function(entry.read)
    document = read_text(text, opts, name)
    document.source, document.encoding = entry.name, encoding
    return document


def _too_big(size: int | None, limit: int) -> InvalidInput:
    """The refusal; ``size`` is None for a stream, whose true size is never read to learn."""
    amount = f"is {size:,} bytes, over" if size is not None else "is over"
    return InvalidInput(f"input {amount} the {limit:,}-byte limit "
                        "(raise it with max_bytes=, or --max-bytes on the command line)")


def read_stream(stream: IO[bytes], limit: int) -> bytes:
    """At most ``limit + 1`` bytes, so an oversized stream is refused without reading it all."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8")
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise _too_big(None, limit)
    return b"".join(chunks)


def _read_file(handle: IO[bytes], size: int, limit: int) -> bytes:
    """A file whose size is known, in one read (a fifth of the time of 1 MiB chunks and a
    join on a 24 MB file); a file still growing is read on, in chunks, up to the limit."""
    raw = handle.read(size + 1)
    if len(raw) <= size:
        return raw
    try:
        return raw + read_stream(handle, limit - len(raw))
    except InvalidInput:
        raise _too_big(None, limit) from None


def read_source(source: str | os.PathLike[str] | bytes | bytearray | IO[bytes], *,
                shape: str | None = None, name: str | None = None,
                **options: Any) -> Document:
    """Read a transcript or caption file from a path (``"-"`` is stdin), a URL that fsspec
    reads (``s3://bucket/in.json``, ``https://…``; :mod:`transconv.storage`), bytes or a
    binary file object.

    The size limit (``max_bytes``) is checked against the file size before reading, and while
    reading a stream, so an accidental multi-gigabyte input fails fast with a clear message.
    """
    opts = options_from(options)
    limit = opts.max_bytes
    if isinstance(source, (bytes, bytearray, memoryview)):
        label = name or "<input>"
        return read(bytes(source), name=label, shape=shape, options=opts)
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if path == "-":
            label = name or "<stdin>"
            try:
                raw = read_stream(sys.stdin.buffer, limit)
            except InvalidInput as exc:
                raise exc.with_source(label) from None
            return read(raw, name=label, shape=shape, options=opts)
        label = name or path
        if "://" in path:  # cheap test first: fsspec is imported only for a remote path
            from ..storage import is_remote, local_path, read_bytes

            if is_remote(path):
                try:
                    raw = read_bytes(path, limit)
                    if len(raw) > limit:
                        raise _too_big(None, limit)
                except InvalidInput as exc:
                    raise exc.with_source(label) from None
                return read(raw, name=label, shape=shape, options=opts)
            path = local_path(path) or path
        try:
            size = os.stat(path).st_size
            if size > limit:
                raise _too_big(size, limit).with_source(label)
            with open(path, "rb") as handle:
                raw = _read_file(handle, size, limit)
        except InvalidInput as exc:
            raise exc.with_source(label) from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise InvalidInput(f"cannot read: {reason}", source=label) from None
        except ValueError as exc:  # a NUL in the path
            raise InvalidInput(f"cannot read: {exc}", source=repr(label)) from None
        return read(raw, name=label, shape=shape, options=opts)
    if hasattr(source, "read"):
        label = name or str(getattr(source, "name", "") or "<input>")
        try:
            raw = read_stream(source, limit)
        except InvalidInput as exc:
            raise exc.with_source(label) from None
        except (OSError, ValueError) as exc:  # a stream that fails, a closed file
            raise InvalidInput(f"cannot read: {exc}", source=label) from None
        return read(raw, name=label, shape=shape, options=opts)
    raise UsageError(f"cannot read a {type(source).__name__}; give a path, bytes or a file")
