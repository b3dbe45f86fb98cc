"""The API's documentation page, ``GET /docs``: Swagger UI served from the package, under the
same strict Content-Security-Policy as the page, so it works offline and with a token.

FastAPI's own ``/docs`` loads Swagger UI from a CDN and fetches ``/openapi.json`` without the
token (401 on a server that has one). Here the assets come from the ``fastapi-offline``
package (``pip install 'matcher-teams[serve]'``), which bundles Swagger UI 5 (FastAPI's
OpenAPI 3.1 needs it), at ``/docs/static/NAME``. The page is opened as ``/docs?token=T``: its
links carry ``?token=T``, and its one script (``/static/docs.js``, no inline script) fetches
``/openapi.json?token=T`` and adds ``Authorization: Bearer T`` to every request tried from the
page.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

__all__ = ["ASSETS", "router", "swagger_dir"]

#: The Swagger UI files served, by name, with their media types.
ASSETS = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8",
          "swagger-ui.css": "text/css; charset=utf-8"}

#: Its own files only: scripts, styles, the API; Swagger UI draws its icons as data: images.
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
          "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>{title}: API documentation</title>
<link rel="stylesheet" href="docs/static/swagger-ui.css{query}">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/static/swagger-ui-bundle.js{query}"></script>
<script src="static/docs.js{query}"></script>
</body>
</html>
"""

router = APIRouter(include_in_schema=False)


@cache
def swagger_dir() -> Path:
    """Where ``fastapi-offline`` keeps Swagger UI (its ``static`` directory)."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """The documentation page, its links carrying the token it was opened with."""
    token = request.query_params.get("token")
    query = f"?token={quote(token, safe='')}" if token else ""
    text = _PAGE.format(title=html.escape(request.app.title),
                        query=html.escape(query, quote=True))
    return HTMLResponse(text, headers={"Cache-Control": "no-cache",
                                       "Referrer-Policy": "no-referrer",
                                       "Content-Security-Policy": POLICY})


@router.get("/docs/static/{name}")
def asset(name: str) -> Response:
    """One Swagger UI file (anything else: 404)."""
    if name not in ASSETS:
        return JSONResponse({"error": {"code": "not_found", "message": "not found",
                                       "details": []}}, status_code=404)
    return Response((swagger_dir() / name).read_bytes(), media_type=ASSETS[name],
                    headers={"Cache-Control": "no-cache"})
