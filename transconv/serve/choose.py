"""From a request to a representation: the library's negotiation, plus what HTTP adds.

:func:`transconv.select` does the RFC 9110 work (``Accept`` with q-values and specificity,
the extension winning, ``Accept-Charset`` for the plain-text formats). This module adds the
server's own inputs: ``?format=NAME`` (a download link cannot send ``Accept``), the query
parameters that are options (reader options such as ``shift`` or ``encoding``, writer
options such as ``max_chars``), and media files, which are sent as they are and only
checked against ``Accept``.
"""

from __future__ import annotations

import dataclasses
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from ..errors import NotAcceptable, UsageError
from ..formats import Format, Kind, candidates, file_suffixes
from ..formats import get as get_format
from ..negotiation import Choice, negotiate_charset, parse, quality, select
from ..options import accepted_names, make_options
from ..readers import ReadOptions
from .attachments import Attachment

#: Query parameters that are not options.
RESERVED: Final = frozenset({"format", "kind", "from", "name", "resegment"})
#: Reader options a request may set (the size limit is the server's, not the client's).
READ_OPTIONS: Final = frozenset(
    f.name for f in dataclasses.fields(ReadOptions) if f.name != "max_bytes")
#: What burned-in attachments are always sent as.
BURNEDIN_TYPE: Final = "video/mp4"
_TRUE: Final = frozenset({"", "1", "true", "yes", "on"})


@dataclass(frozen=True, slots=True)
class Options:
    """The options a request's query string sets, split by who takes them."""

    read: tuple[tuple[str, str], ...] = ()
    write: tuple[tuple[str, str], ...] = ()
    format: str | None = None
    kind: str | None = None
    shape: str | None = None
    resegment: bool = False


def options_of(query: Mapping[str, str]) -> Options:
    """Split ``query``: reader options, writer options, and the reserved names."""
    read = sorted((k, v) for k, v in query.items() if k in READ_OPTIONS)
    write = sorted((k, v) for k, v in query.items()
                   if k not in READ_OPTIONS and k not in RESERVED)
    resegment = query.get("resegment")
    if resegment is not None and resegment.strip().lower() not in _TRUE | {"0", "false", "no",
                                                                          "off"}:
        raise UsageError(f"resegment: {resegment!r} is not true or false")
    return Options(tuple(read), tuple(write), query.get("format") or None,
                   query.get("kind") or None, query.get("from") or None,
                   resegment is not None and resegment.strip().lower() in _TRUE)


def check_read(options: Options) -> dict[str, Any]:
    """The reader keywords, checked now (a bad value is a 400 before any work)."""
    values = dict(options.read)
    if values:
        make_options(ReadOptions, values, "reader")
    return values


def check_write(choice: Choice, options: Options, modified_ns: int | None = None
                ) -> dict[str, Any]:
    """The writer keywords for ``choice``, checked now; an unknown name is a 400.

    With ``modified_ns`` (an attachment's modification time) the formats that embed a date
    or an ID (DOCX, PDF, MCC) are pinned to it unless the request sets them: one version of
    a file then always gives the same bytes, as a strong ETag promises.
    """
    values: dict[str, Any] = dict(options.write)
    if modified_ns is not None:
        names = accepted_names(choice.format.options_type(), choice.format.name)
        stamp = datetime.fromtimestamp(modified_ns // 1_000_000_000, UTC).isoformat()
        if "created" in names and "created" not in values:
            values["created"] = stamp
        if "deterministic" in names and "uuid" not in values:
            values.setdefault("deterministic", "true")
    make_options(choice.format.options_type(), values, choice.format.name)
    return values


def conversion(kind: Kind | None, headers: Mapping[str, str], extension: str | None,
               options: Options) -> Choice:
    """The representation of a document of ``kind``: ``?format=``, else the extension and
    ``Accept``; the charset from ``Accept-Charset``. Raises NotAcceptable (406)."""
    accept_charset = headers.get("accept-charset")
    offers = candidates(kind)
    if options.format is not None:
        fmt = get_format(options.format)
        if fmt not in offers:
            raise NotAcceptable(f"{fmt.name} is not a {kind or ''} format".replace("  ", " "),
                                [f.media_type for f in offers])
        return Choice(fmt, negotiate_charset(accept_charset, fmt))
    return select(kind, headers.get("accept"), extension, accept_charset)


def media_type(attachment: Attachment) -> str:
    """What a media or burned-in file is sent as (burned-in: always ``video/mp4``)."""
    if attachment.kind == "burnedin":
        return BURNEDIN_TYPE
    guessed, _ = mimetypes.guess_type(attachment.name, strict=False)
    return guessed or "application/octet-stream"


def as_format(media: str) -> Format:
    """A stand-in registry entry, so the library's quality() can judge a media type."""
    return Format("as-is", media, (), {}, True, "")


def acceptable(media: str, accept: str | None) -> bool:
    """Whether ``Accept`` admits ``media`` (no usable header admits everything)."""
    ranges = parse(accept) if accept else []
    return not ranges or quality(as_format(media), ranges) > 0


def check_media(attachment: Attachment, headers: Mapping[str, str],
                extension: str | None) -> str:
    """The media type a media file is sent with; 406 when ``Accept`` or the extension asks
    for another type (burned-in files ignore ``Accept``)."""
    sent = media_type(attachment)
    if extension is not None and "." + extension.lower().lstrip(".") != \
            attachment.suffix.lower():
        raise NotAcceptable(f"{attachment.id} is sent only as {attachment.suffix or sent}",
                            [sent])
    if attachment.kind == "media" and not acceptable(sent, headers.get("accept")):
        raise NotAcceptable(f"no acceptable media type for Accept {headers.get('accept')!r}",
                            [sent])
    return sent


def representations(attachment: Attachment) -> list[tuple[Format | None, str, str]]:
    """(format, media type, file-name ending) of each representation, for lists and links.

    The ending is one :func:`transconv.select` maps back to the format (``.youtube.txt``,
    ``.avid-ds.txt``), so every representation has a link of its own.
    """
    if not attachment.converts:
        return [(None, media_type(attachment), attachment.suffix)]
    kind: Kind = "transcript" if attachment.kind == "transcript" else "caption"
    formats = candidates(kind)
    return [(f, f.media_type, suffix)
            for f, suffix in zip(formats, file_suffixes(formats, kind), strict=True)]
