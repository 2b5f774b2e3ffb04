"""The Starlette application: routes, the guard, JSON errors for unknown routes.

:func:`create_app` builds it from :class:`~transconv.serve.settings.Settings`;
:func:`from_environment` is the factory uvicorn imports by name in each worker process.
"""

from __future__ import annotations

import os
from typing import Final

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from . import routes, web
from .auth import Guard
from .responses import problem
from .service import Service
from .settings import Settings
from .settings import from_environment as settings_from_environment

STATIC: Final = os.path.join(os.path.dirname(__file__), "static")
SMARTDOC: Final = "/api/v1.0/external/sdtask/GetExportData/Transcript"


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (no such route, wrong method) as JSON errors too."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
    headers = getattr(exc, "headers", None)
    return problem(status, f"{detail}: {request.method} {request.url.path}", headers)


def _routes() -> list[BaseRoute]:
    api = routes.API
    return [
        Route("/healthz", routes.healthz),
        Route(api, routes.list_attachments),
        Route(api + "/{id}", routes.one_attachment),
        Route(api + "/{id}/content", routes.content),
        Route(api + "/{id}/content.{ext}", routes.content),
        Route(SMARTDOC, routes.smartdoc_export),
        Route(SMARTDOC + "/{taskid}", routes.smartdoc_export),
        Route("/api/v1/convert", routes.convert, methods=["POST"]),
        Route("/", routes.guarded(web.index_page)),
        Route("/attachments/{id}", routes.guarded(web.attachment_page)),
        Route("/login", web.login_page, methods=["GET"]),
        Route("/login", routes.guarded(web.login), methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]


def create_app(settings: Settings) -> Starlette:
    """The application serving ``settings.root``."""
    app = Starlette(
        routes=_routes(),
        middleware=[Middleware(Guard, tokens=settings.tokens, hosts=settings.allowed_hosts)],
        exception_handlers={HTTPException: _http_error})
    app.state.service = Service(settings)
    app.state.tokens = settings.tokens
    return app


def from_environment() -> Starlette:
    """The application for the settings ``transconv serve`` left in the environment."""
    return create_app(settings_from_environment())
