"""``matcher serve``: the organisers' page and an HTTP API (``/api/v1``) over the library.

:func:`create_app` builds the FastAPI application from :class:`ServeSettings`; ``matcher
serve`` (:mod:`matcher.cli.serve`) runs it with uvicorn. Needs the ``serve`` extra
(``pip install 'matcher-teams[serve]'``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from matcher.serve.settings import ServeSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["ServeSettings", "create_app"]


def create_app(settings: ServeSettings) -> FastAPI:
    """The application: the ``/api/v1`` routes, the page, the error answers (every failure in
    the JSON envelope; a fault of the server's own is a 500 whose traceback is logged), the
    guard (:mod:`matcher.serve.guard`: hosts, token, origins, forms, sizes). Opens the store
    and starts the job workers at once (they stop when the application shuts down, or on
    :meth:`ServeState.close <matcher.serve.state.ServeState.close>` through
    ``app.state.serve``)."""
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse, Response
    from starlette.exceptions import HTTPException

    from matcher import __version__
    from matcher.errors import InputError, InputErrors
    from matcher.i18n import tr
    from matcher.problem import ProblemValidationError
    from matcher.serve import api, docs, openapi
    from matcher.serve.errors import ApiError, invalid
    from matcher.serve.guard import Guard
    from matcher.serve.state import ServeState

    state = ServeState.open(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    # /docs is matcher.serve.docs's (no CDN, the token carried); ReDoc would load a CDN
    app = FastAPI(title="matcher", version=__version__, lifespan=lifespan,
                  summary="Form pluridisciplinary project teams: HTTP API.",
                  docs_url=None, redoc_url=None)
    app.state.serve = state

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(ProblemValidationError)
    async def problem_error(request: Request, exc: ProblemValidationError) -> JSONResponse:
        # a problem that passed its model but not where its weights are resolved
        errors = [InputError(i.message, file=tr("<request>"), value=i.value, hint=i.hint,
                             column=f"problem.{i.collection}.{i.field}" if i.index is None
                             else f"problem.{i.collection}[{i.index}].{i.field}")
                  for i in exc.issues]
        error = invalid(InputErrors(errors))
        return JSONResponse(error.body(), status_code=error.status)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        code = {401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 413: "too_large",
                415: "unsupported_media_type"}.get(exc.status_code, "bad_request")
        message = tr("not found") if exc.status_code == 404 else str(exc.detail)
        return JSONResponse(ApiError(code, message).body(), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # a fault of the server's own: the envelope, never a plain-text 500; the traceback
        # goes to the log (Starlette re-raises it to the server after this answer)
        logging.getLogger("matcher.serve").error(
            "%s %s failed", request.method, request.url.path, exc_info=exc)
        error = ApiError("internal", tr("the server failed on this request (its log says "
                                        "why): {kind}", kind=type(exc).__name__))
        return JSONResponse(error.body(), status_code=500,
                            headers={"X-Content-Type-Options": "nosniff"})

    @app.exception_handler(RequestValidationError)
    async def request_error(request: Request, exc: RequestValidationError) -> Response:
        # a JSON body the route's model refused: the project's envelope, located as the
        # command locates it (422), never FastAPI's own answer
        if any(e["loc"][:1] == ("body",) for e in exc.errors()):
            answer = await api.refused_body(request)
            if answer is not None:
                return answer  # type: ignore[return-value]
        details: list[dict[str, Any]] = [
            {"file": None, "row": None, "column": ".".join(str(x) for x in e["loc"]),
             "value": None, "message": e["msg"]} for e in exc.errors()]
        error = ApiError("bad_request", tr("the request is not valid"), details)
        return JSONResponse(error.body(), status_code=400)

    app.include_router(api.router)
    openapi.install(app, token=settings.token is not None)
    app.include_router(docs.router)
    try:
        from matcher.serve import pages
    except ImportError:  # the page is optional
        pages = None  # type: ignore[assignment]
    if pages is not None:
        app.include_router(pages.router)
    app.add_middleware(Guard, token=settings.token, max_bytes=settings.max_upload_bytes,
                       hosts=settings.host_names)
    return app
