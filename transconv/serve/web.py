"""The web page: the attachments with a link per representation, and a player per media.

Plain HTML built here (every value escaped) with one style sheet and one script served from
``transconv/serve/static``: no template engine, no framework, nothing from another host;
the pages' Content-Security-Policy allows only this server. A media attachment's page plays
it in an HTML5 ``<video>`` whose ``<track>``s are its caption attachments, served as WebVTT
by the API; ``player.js`` lists the selected track's cues beside it and follows playback.

With ``--token-file`` the pages need the token too: ``/login`` takes it once and keeps it
in an HTTP-only, same-site cookie, which the player's media and track requests then carry.
"""

from __future__ import annotations

import re
from html import escape
from typing import Final
from urllib.parse import parse_qs, quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from .attachments import Attachment
from .auth import COOKIE, token_ok
from .choose import representations
from .responses import problem
from .routes import API, service_of

#: Only this server's own scripts, styles and media.
POLICY: Final = ("default-src 'self'; img-src 'self' data:; object-src 'none'; "
                 "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
_LANGUAGE: Final = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} · transconv</title>"
            f'<link rel="stylesheet" href="/static/style.css"></head>\n<body>\n'
            f'<header><a href="/">transconv</a></header>\n<main>\n<h1>{escape(title)}</h1>\n'
            f"{body}\n</main>\n</body></html>\n")
    return HTMLResponse(html, status, headers={"content-security-policy": POLICY,
                                               "cache-control": "no-cache"})


def _href(attachment_id: str, suffix: str = "") -> str:
    return f"{API}/{quote(attachment_id, safe='')}/content{quote(suffix)}"


def _links(attachment: Attachment) -> str:
    """One download link per representation."""
    items = []
    for fmt, media, suffix in representations(attachment):
        label = fmt.name if fmt is not None else suffix.lstrip(".") or "file"
        title = fmt.title if fmt is not None else media
        items.append(f'<a class="rep" href="{escape(_href(attachment.id, suffix))}" '
                     f'download="{escape(attachment.id + suffix)}" type="{escape(media)}" '
                     f'title="{escape(title)}">{escape(label)}</a>')
    return " ".join(items)


async def index_page(request: Request) -> Response:
    service = service_of(request)
    rows = []
    for a in service.index.all():
        name = (f'<a href="/attachments/{escape(quote(a.id, safe=""))}">{escape(a.id)}</a>')
        rows.append(f'<tr data-id="{escape(a.id)}" data-kind="{a.kind}"><td>{name}</td>'
                    f"<td>{a.kind}</td><td>{escape(a.relative)}</td>"
                    f"<td>{_links(a)}</td></tr>")
    table = ('<table id="attachments"><thead><tr><th>Id</th><th>Kind</th><th>File</th>'
             "<th>Download as</th></tr></thead>\n<tbody>\n" + "\n".join(rows)
             + "\n</tbody></table>") if rows else (
        '<p id="empty">No attachments: put files in transcripts/, captions/, media/ '
        "or burnedin/ under the served folder.</p>")
    return _page("Attachments", table)


def _language(media: Attachment, caption: Attachment) -> str:
    """A caption's language from its id's tail (``clip-en`` → ``en``), when it is a tag."""
    tail = caption.id[len(media.id) + 1:]
    return tail if _LANGUAGE.match(tail) else ""


def _player(request: Request, media: Attachment) -> str:
    captions = service_of(request).index.captions_of(media)
    tracks = []
    options = []
    for number, caption in enumerate(captions):
        language = _language(media, caption)
        lang = f' srclang="{escape(language)}"' if language else ""
        default = " default" if number == 0 else ""
        tracks.append(f'<track kind="captions" src="{escape(_href(caption.id, ".vtt"))}"'
                      f'{lang} label="{escape(caption.id)}"{default}>')
        options.append(f'<option value="{number}">{escape(caption.id)}</option>')
    chooser = (f'<label>Captions <select id="track-choice">{"".join(options)}</select></label>'
               if captions else '<p id="no-captions">No caption attachment belongs to it.</p>')
    return (f'<div class="player"><video id="player" controls preload="metadata" '
            f'src="{escape(_href(media.id))}">{"".join(tracks)}</video>\n'
            f'<aside>{chooser}<ol id="cues"></ol></aside></div>\n'
            '<script src="/static/player.js" defer></script>')


async def attachment_page(request: Request) -> Response:
    wanted = request.path_params["id"]
    attachment = service_of(request).index.get(wanted)
    if attachment is None:
        return _page("Not found", f"<p>No attachment {escape(repr(wanted))}.</p>", 404)
    body = (f'<p class="meta">{attachment.kind} · {escape(attachment.relative)}</p>\n'
            f'<p class="links">{_links(attachment)}</p>')
    if attachment.kind == "media":
        body = _player(request, attachment) + "\n" + body
    return _page(attachment.id, body)


_FORM: Final = ('<form method="post" action="/login"><label>Token <input name="token" '
                'type="password" autocomplete="current-password" required></label> '
                '<button type="submit">Open</button></form>')


async def login_page(request: Request) -> Response:
    return _page("Sign in", _FORM)


async def login(request: Request) -> Response:
    """Check a token from the form; keep it in a cookie the pages and player send back."""
    body = await request.body()
    if len(body) > 4096:
        return problem(413, "the sign-in form is over 4,096 bytes")
    token = parse_qs(body.decode("utf-8", "replace")).get("token", [""])[0].strip()
    if not token_ok(request.app.state.tokens, token):
        return _page("Sign in", '<p class="error">That token is not valid.</p>' + _FORM, 401)
    answer = RedirectResponse("/", 303)
    answer.set_cookie(COOKIE, token, httponly=True, samesite="strict",
                      secure=request.url.scheme == "https")
    return answer
