"""Who may ask: the bearer token check, and the Host check of a loopback-only server.

With ``--token-file`` every ``/api`` route and every page needs one of the file's tokens:
``Authorization: Bearer <token>``, or the cookie ``/login`` sets for browsers (HTTP-only,
``SameSite=Strict``, so another site's page can neither read it nor send it along). Tokens
are compared through their SHA-256 digests with :func:`hmac.compare_digest`, against every
token of the file, so neither a token's length nor which token matched shows in the time
an answer takes. ``/healthz``, ``/login`` and the page's static assets stay open.

Without a token the server answers loopback only; it then also refuses a ``Host`` that is
not a loopback name, because a web page elsewhere could otherwise point a name of its own
at 127.0.0.1 (DNS rebinding) and read the attachments through the visitor's browser.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import Final

from starlette.datastructures import Headers
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from .responses import problem

COOKIE: Final = "transconv_token"
#: Paths anyone may ask for, token or not.
OPEN: Final = ("/healthz", "/login", "/static/")


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).digest()


def token_ok(tokens: Sequence[str], given: str) -> bool:
    """Whether ``given`` is one of ``tokens``, in time that does not depend on which."""
    wanted = _digest(given)
    found = False
    for token in tokens:
        found |= hmac.compare_digest(_digest(token), wanted)
    return found and bool(given)


def _host_name(host: str) -> str:
    """The Host header less its port: ``localhost:8000`` → ``localhost``, ``[::1]:80`` →
    ``[::1]``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[:host.find("]") + 1]
    return host.rpartition(":")[0] if ":" in host else host


def _presented(headers: Headers) -> str:
    """The token a request carries: a bearer token, else the sign-in cookie."""
    scheme, _, value = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE:
            return value
    return ""


class Guard:
    """ASGI middleware: the Host check, then the token check (see the module docstring)."""

    def __init__(self, app: ASGIApp, tokens: Sequence[str], hosts: Sequence[str]) -> None:
        self.app = app
        self.tokens = tuple(tokens)
        self.hosts = frozenset(h.lower() for h in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        answer: Response | None = None
        if self.hosts and _host_name(headers.get("host", "")) not in self.hosts:
            answer = problem(400, "this server answers loopback names only (localhost, "
                                  "127.0.0.1, [::1])")
        elif self.tokens and not scope["path"].startswith(OPEN) \
                and not token_ok(self.tokens, _presented(headers)):
            if scope["path"].startswith("/api/"):
                answer = problem(401, "a valid token is needed: Authorization: Bearer <token>",
                                 {"www-authenticate": 'Bearer realm="transconv"'})
            else:
                answer = RedirectResponse("/login", 303)
        if answer is not None:
            await answer(scope, receive, send)
            return
        await self.app(scope, receive, send)
