"""Error bodies, and media files sent whole or by byte range.

Every error is a one-line JSON problem document (RFC 9457) whose ``detail`` is the same
one-line message the command prints, and whose status says who is at fault: 400 a bad
request (an unknown option, neither task id nor external id), 401 no valid token, 404 no
such attachment, 406 nothing acceptable (with the available types), 409 an id given by two
files, 413 over the size limit, 416 a range past the end, 422 an input that cannot be read
or written as asked. Nothing a client sends can cause a 500 or show a traceback; a real
fault in the server is logged and answered with a bare 500.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, Final

from starlette.responses import FileResponse, Response
from starlette.types import Receive, Scope, Send

from ..errors import DoesNotFit, InvalidInput, NotAcceptable, UsageError
from .attachments import Conflict
from .cache import TooLarge

log = logging.getLogger("transconv.serve")

PROBLEM: Final = "application/problem+json"
_RANGE: Final = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


def problem(status: int, detail: str, headers: Mapping[str, str] | None = None,
            **extra: Any) -> Response:
    """A one-line JSON error body (``{"type": "about:blank", "title": …, "detail": …}``)."""
    import json

    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status,
            "detail": detail, **extra}
    return Response(json.dumps(body, ensure_ascii=False, separators=(", ", ": ")) + "\n",
                    status, headers=dict(headers or {}), media_type=PROBLEM)


def failure(exc: BaseException) -> Response:
    """The response for an error raised while answering (see the module docstring)."""
    if isinstance(exc, NotAcceptable):
        if exc.available and "/" not in exc.available[0]:
            return problem(406, str(exc), charsets=exc.available)
        return problem(406, str(exc), available=exc.available)
    if isinstance(exc, TooLarge):
        return problem(413, str(exc))
    if isinstance(exc, Conflict):
        return problem(409, str(exc))
    if isinstance(exc, InvalidInput | DoesNotFit):
        return problem(422, str(exc))
    if isinstance(exc, UsageError):
        return problem(400, str(exc))
    log.exception("transconv serve: internal error", exc_info=exc)
    return problem(500, "internal error (logged by the server)")


def single_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """One ``bytes=a-b`` range as (first, last); None to send the whole file instead (no
    range, several ranges or a malformed one: RFC 9110 lets a server ignore them); False
    when it lies wholly past the end (416)."""
    found = _RANGE.match(header)
    if found is None:
        return None
    first_text, last_text = found.groups()
    if not first_text and not last_text:
        return None
    if not first_text:  # the last N bytes
        count = int(last_text)
        if count == 0:
            return False
        return max(0, size - count), size - 1
    first = int(first_text)
    if first >= size:
        return False
    last = int(last_text) if last_text else size - 1
    return None if last < first else (first, min(last, size - 1))


class MediaFile(FileResponse):
    """A file sent as it is, honouring one byte range (206) so a player can seek.

    Starlette's file response does the sending; this decides first what is sent, so that
    a malformed or multiple range gets the whole file and a range past the end a JSON 416.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.stat_result is not None
        size = self.stat_result.st_size
        headers = dict(scope["headers"])
        wanted = headers.get(b"range")
        if wanted is not None:
            if_range = headers.get(b"if-range")
            verdict = single_range(wanted.decode("latin-1"), size)
            stale = if_range is not None and if_range.decode("latin-1") not in (
                self.headers["etag"], self.headers["last-modified"])
            if verdict is False and not stale:
                answer = problem(416, f"range {wanted.decode('latin-1')!r} lies past the end "
                                 f"of {size:,} bytes", {"content-range": f"bytes */{size}"})
                await answer(scope, receive, send)
                return
            if not isinstance(verdict, tuple) or stale:
                scope = dict(scope, headers=[(k, v) for k, v in scope["headers"]
                                             if k not in (b"range", b"if-range")])
            else:
                first, last = verdict
                scope = dict(scope, headers=[
                    *((k, v) for k, v in scope["headers"] if k not in (b"range", b"if-range")),
                    (b"range", f"bytes={first}-{last}".encode("latin-1"))])
        await super().__call__(scope, receive, send)
