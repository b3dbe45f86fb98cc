"""The organisers' page: ``GET /`` (the page) and ``GET /static/NAME`` (its script, styles and
French/English texts), all shipped inside the package (``matcher/serve/static/``), so the page
works offline: no CDN, no framework, no build step, plain ES modules.

Only the files of that directory are served, by name: a request never names a server path.
``/static/report.css`` is the HTML report's own style sheet (:mod:`matcher.report.html`), so
the team cards look the same on the page and in the report.

When the server has a token, a browser can only carry it in URLs (a ``<script src>``, an
``import`` or an ``EventSource`` sets no header): the page is opened as ``/?token=T``; its links
to its style sheets and script then carry ``?token=T`` too, and an import map gives every module
the page imports the same ``?token=T`` (the script adds the token to every API call).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from functools import cache
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from matcher.i18n import language, tr

__all__ = ["STATIC_DIR", "router", "static_files"]

#: Where the page's files live (package data, listed in ``pyproject.toml``).
STATIC_DIR = Path(__file__).parent / "static"

_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml"}

#: A browser revalidates the page's files each time: a new version of the package shows at once.
_CACHE = {"Cache-Control": "no-cache"}

router = APIRouter(include_in_schema=False)


@cache
def static_files() -> dict[str, Path]:
    """The files ``/static/`` serves, by name: exactly the files of :data:`STATIC_DIR`."""
    return {p.name: p for p in sorted(STATIC_DIR.iterdir())
            if p.is_file() and p.suffix in _TYPES}


def _token_query(request: Request) -> str:
    """``?token=T`` when the page was opened with a token, else ``""``."""
    token = request.query_params.get("token")
    return f"?token={quote(token, safe='')}" if token else ""


def _lang(request: Request) -> str:
    asked = request.query_params.get("lang") or request.headers.get("accept-language", "")
    return "fr" if asked.strip().lower().startswith("fr") else "en"


def _not_found(request: Request, name: str) -> JSONResponse:
    with language(_lang(request)):
        message = tr("no such file on this page: {name}", name=name)
    return JSONResponse({"error": {"code": "not_found", "message": message, "details": []}},
                        status_code=404)


def _import_map(query: str) -> str:
    """The import map giving each module of the page ``query`` (the token), as JSON safe
    inside a ``<script>`` element."""
    imports = {f"./static/{name}": f"./static/{name}{query}"
               for name in static_files() if name.endswith(".js")} if query else {}
    return json.dumps({"imports": imports}).replace("<", "\\u003c")


@router.get("/", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    """The page, its links to ``/static/`` and its modules carrying the token it was opened
    with."""
    query = _token_query(request)
    imports = _import_map(query)
    text = static_files()["index.html"].read_text(encoding="utf-8")
    text = text.replace("{{token_query}}", html.escape(query, quote=True))
    text = text.replace("{{import_map}}", imports)
    return HTMLResponse(text, headers={**_CACHE, "Referrer-Policy": "no-referrer",
                                       "Content-Security-Policy": _policy(imports)})


def _policy(imports: str) -> str:
    """The page's Content-Security-Policy: its own files only, and the one inline script, the
    import map, by its hash; a text slipped in as HTML could run nothing."""
    digest = base64.b64encode(hashlib.sha256(imports.encode()).digest()).decode()
    return ("default-src 'none'; "
            f"script-src 'self' 'sha256-{digest}'; style-src 'self'; connect-src 'self'; "
            "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


@router.get("/static/report.css")
def report_css() -> Response:
    """The HTML report's style sheet: the cards of the page are the report's."""
    from matcher.report.html import _CSS  # the report's own CSS, kept in one place

    return Response(_CSS, media_type=_TYPES[".css"], headers=_CACHE)


@router.get("/static/{name}")
def static(name: str, request: Request) -> Response:
    """One file of :data:`STATIC_DIR`, by name (anything else: 404)."""
    path = static_files().get(name)
    if path is None or name == "index.html":  # the page is at /, with its token filled in
        return _not_found(request, name)
    return Response(path.read_bytes(), media_type=_TYPES[path.suffix], headers=_CACHE)
