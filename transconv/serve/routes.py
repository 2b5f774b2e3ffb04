"""The HTTP API: attachments (list, one, content), the SmartDocumentor export, convert.

Every handler answers through :func:`guarded`, which turns transconv's exceptions into
the one-line JSON errors of :mod:`transconv.serve.responses`. Content responses carry a
strong ``ETag`` and ``Cache-Control: no-cache`` (a client may keep them but asks again,
and a file that changed meanwhile gets a new ETag); negotiated ones ``Vary`` by the headers
that chose them.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, Final

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from ..api import dumps_stream, loads
from ..errors import NotAcceptable, UsageError
from ..formats import KINDS, Kind
from ..model import CaptionTrack
from ..negotiation import Choice, parse, quality
from .attachments import Attachment
from .cache import TooLarge, etag, matches
from .choose import (
    RESERVED,
    as_format,
    check_media,
    check_read,
    check_write,
    conversion,
    options_of,
    representations,
)
from .responses import MediaFile, failure, problem
from .service import Prepared, Service

Handler = Callable[[Request], Awaitable[Response]]
API: Final = "/api/v1/attachments"
NEGOTIATED: Final = "Accept, Accept-Charset"
#: What a SmartDocumentor export is sent as when asked for as it is.
EXPORT_TYPE: Final = "application/json"


def guarded(handler: Handler) -> Handler:
    """Answer every error a request can cause with its one-line JSON body."""
    @wraps(handler)
    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except Exception as exc:
            return failure(exc)
    return run


def service_of(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def _attachment(request: Request) -> Attachment:
    wanted = request.path_params["id"]
    found = service_of(request).index.get(wanted)
    if found is None:
        raise LookupError(wanted)
    return found


def describe(service: Service, attachment: Attachment) -> dict[str, Any]:
    """One attachment as the list shows it."""
    try:
        size: int | None = os.stat(attachment.path).st_size
    except OSError:
        size = None
    item: dict[str, Any] = {
        "id": attachment.id, "name": attachment.name, "kind": attachment.kind, "size": size,
        "media_types": list(dict.fromkeys(t for _, t, _ in representations(attachment))),
        "content": f"{API}/{attachment.id}/content"}
    if attachment.kind == "caption":
        item["media"] = service.index.media_of(attachment)
    if attachment.kind == "media":
        item["captions"] = [c.id for c in service.index.captions_of(attachment)]
    return item


def not_found(what: str) -> Response:
    return problem(404, what)


@guarded
async def list_attachments(request: Request) -> Response:
    service = service_of(request)
    return JSONResponse({"attachments": [describe(service, a) for a in service.index.all()]})


@guarded
async def one_attachment(request: Request) -> Response:
    try:
        attachment = _attachment(request)
    except LookupError:
        return not_found(f"no attachment {request.path_params['id']!r}")
    return JSONResponse(describe(service_of(request), attachment))


async def send(request: Request, prepared: Prepared, vary: str = NEGOTIATED) -> Response:
    """A conversion's response: 304 when the client holds it, else the (cached) body."""
    headers = {"etag": prepared.etag, "cache-control": "no-cache", "vary": vary,
               "content-type": prepared.choice.content_type}
    if matches(request.headers.get("if-none-match"), prepared.etag):
        del headers["content-type"]
        return Response(status_code=304, headers=headers)
    body = await service_of(request).body(prepared)
    if isinstance(body, bytes):
        return Response(body, headers=headers)
    return StreamingResponse(body, headers=headers)


async def send_file(request: Request, attachment: Attachment, media: str,
                    vary: str | None) -> Response:
    """A file as it is (media, burned-in, an export asked for as it is), ranges honoured."""
    st = await anyio.to_thread.run_sync(os.stat, attachment.path)
    tag = etag("file", st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    headers = {"etag": tag, "cache-control": "no-cache"}
    if vary:
        headers["vary"] = vary
    if matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers=headers)
    return MediaFile(attachment.path, stat_result=st, media_type=media, headers=headers)


@guarded
async def content(request: Request) -> Response:
    try:
        attachment = _attachment(request)
    except LookupError:
        return not_found(f"no attachment {request.path_params['id']!r}")
    extension = request.path_params.get("ext")
    if not attachment.converts:
        media = check_media(attachment, request.headers, extension)
        vary = "Accept" if attachment.kind == "media" else None
        return await send_file(request, attachment, media, vary)
    options = options_of(request.query_params)
    kind: Kind = "transcript" if attachment.kind == "transcript" else "caption"
    choice = conversion(kind, request.headers, extension, options)
    prepared = await service_of(request).converted(attachment, choice, options)
    return await send(request, prepared)


async def _export(request: Request, task: str, external: str) -> Attachment | None:
    """The transcript attachment that is the SmartDocumentor export asked for."""
    service = service_of(request)
    for attachment in service.index.all():
        if attachment.kind != "transcript":
            continue
        try:
            task_id, external_id = await service.task_ids(attachment)
        except (TooLarge, OSError):
            continue
        if (not task or task_id == task) and (not external or external_id == external):
            return attachment
    return None


@guarded
async def smartdoc_export(request: Request) -> Response:
    task = request.path_params.get("taskid", "")
    external = request.query_params.get("externalId", "")
    if not task and not external:
        return problem(400, "give a task id (…/Transcript/{taskid}) or ?externalId=")
    attachment = await _export(request, task, external)
    if attachment is None:
        named = f"task id {task!r}" if task else f"externalId {external!r}"
        return not_found(f"no SmartDocumentor export with {named}")
    choice = _export_choice(request)
    if choice is None:
        return await send_file(request, attachment, EXPORT_TYPE, NEGOTIATED)
    options = options_of(_options_query(request))
    prepared = await service_of(request).converted(attachment, choice, options)
    return await send(request, prepared)


def _options_query(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if k != "externalId"}


def _export_choice(request: Request) -> Choice | None:
    """The representation of a SmartDocumentor export; None for the export as it is, which
    no ``Accept`` at all asks for, and which wins a tie with the best conversion."""
    options = options_of(_options_query(request))
    accept = request.headers.get("accept")
    ranges = parse(accept) if accept else []
    if options.format is not None:
        return conversion("transcript", request.headers, None, options)
    if not ranges:
        return None
    as_is = quality(as_format(EXPORT_TYPE), ranges)
    try:
        choice = conversion("transcript", request.headers, None, options)
    except NotAcceptable as refused:
        if as_is > 0 and "/" in refused.available[0]:
            return None
        if "/" not in refused.available[0]:
            raise  # no acceptable charset
        raise NotAcceptable(f"no acceptable representation for Accept {accept!r}",
                            [EXPORT_TYPE, *refused.available]) from None
    return None if as_is >= quality(choice.format, ranges) else choice


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) past ``limit`` before it is all read."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge(int(declared), limit)
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise TooLarge(None, limit)
        chunks.append(chunk)
    return b"".join(chunks)


@guarded
async def convert(request: Request) -> Response:
    service = service_of(request)
    options = options_of(request.query_params)
    if options.kind is not None and options.kind not in KINDS:
        raise UsageError(f"kind: {options.kind!r} is not one of {', '.join(KINDS)}")
    read = check_read(options)
    raw = await _body(request, service.settings.max_bytes)
    name = request.query_params.get("name") or "body"
    document = await service.flights.limited(
        lambda: loads(raw, shape=options.shape, name=name, **read))
    kind: Kind = "caption" if isinstance(document, CaptionTrack) else "transcript"
    if options.kind == "transcript" or options.kind == "caption":
        kind = options.kind
    try:
        choice = conversion(kind, request.headers, None, options)
    except NotAcceptable:
        if options.kind is not None:
            raise
        choice = conversion(None, request.headers, None, options)  # any format at all
    write = check_write(choice, options)
    out = await service.flights.limited(
        lambda: dumps_stream(document, choice.format, charset=choice.charset,
                             resegment=options.resegment, **write))
    headers = {"content-type": choice.content_type, "vary": NEGOTIATED}
    if isinstance(out, bytes):
        return Response(out, headers=headers)
    return StreamingResponse(out, headers=headers)


@guarded
async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


__all__ = ["RESERVED", "content", "convert", "healthz", "list_attachments", "one_attachment",
           "smartdoc_export"]
