"""The ASGI layer in front of every route: who may ask, in what form, how much.

- Language: ``?lang=fr|en``, else the ``Accept-Language`` header, else English; set for the
  whole request (messages are built in it).
- Host: the ``Host`` header names one of the server's names (the loopback's, the bound host
  when it is not a wildcard, ``--allowed-host``), else 403: a page whose own name resolves to
  this machine (DNS rebinding) is refused.
- Token: when the server has one, every request carries it (``Authorization: Bearer <t>``
  or ``?token=<t>``), its UTF-8 bytes compared in constant time; 401 otherwise.
- Origin: a state-changing request (POST, PUT, PATCH, DELETE) that carries an ``Origin``
  comes from the server's own origin (the name and port of the ``Host`` it was sent to, which
  is one of the server's), else 403; a client that is not a browser sends none and passes.
- Form: a body is JSON (``application/json`` or ``*/*+json``), or a multipart upload on the
  routes that take files; anything else is 415 (a page on another origin can send
  ``text/plain`` without asking first, never JSON). A JSON body is read strictly
  (:func:`~matcher.serve.bodies.strict_json`: no ``NaN``, no infinite number, bounded
  nesting, UTF-8) before a route sees it: 422, located.
- Size: a body above the limit is refused with 413, by its ``Content-Length`` at once or,
  without one, as soon as the bytes received pass the limit (the 413 replaces whatever the
  application answers then).
- Every answer carries ``X-Content-Type-Options: nosniff``.

Every refusal is the project's JSON error envelope.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, Collection, MutableMapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from matcher.errors import InputError
from matcher.i18n import language, tr
from matcher.serve.errors import ApiError, invalid
from matcher.serve.settings import host_name

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Methods that change something: their ``Origin`` is checked.
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: The routes that take a multipart upload (the files of a problem).
UPLOAD_PATHS = frozenset({"/api/v1/problems", "/api/v1/solve"})
#: Header added to every answer.
NOSNIFF = (b"x-content-type-options", b"nosniff")
_DEFAULT_PORT = {"http": 80, "https": 443}


class TooLarge(ApiError):
    """The body passed the size limit while it was being received."""


def pick_language(query: dict[str, list[str]], accept: str) -> str:
    """``fr`` or ``en``: the ``lang`` parameter, else the first of ``Accept-Language`` we
    know, else ``en``."""
    for value in query.get("lang", []):
        if value[:2].lower() in ("fr", "en"):
            return value[:2].lower()
    for part in accept.split(","):
        tag = part.split(";")[0].strip()[:2].lower()
        if tag in ("fr", "en"):
            return tag
    return "en"


def is_json_type(content_type: str) -> bool:
    """``application/json``, or a ``+json`` type (``application/problem+json``)."""
    media = content_type.split(";", 1)[0].strip().lower()
    kind, _, sub = media.partition("/")
    return kind == "application" and (sub == "json" or sub.endswith("+json"))


def same_origin(origin: str, host: str) -> bool:
    """``origin`` (``scheme://name[:port]``) is the one of a page served from ``host`` (the
    request's ``Host`` header): the same name and port, a port left out being the default of
    the origin's scheme. The scheme itself is not compared: behind a reverse proxy that ends
    TLS, the page is ``https`` while the server sees ``http``; and no other page can be
    served from the name and port this server answers on."""
    try:
        theirs = urlsplit(origin.strip())
        ours = urlsplit(f"//{host.strip()}")
        default = _DEFAULT_PORT.get(theirs.scheme)
        if default is None or not theirs.hostname or theirs.path not in ("", "/"):
            return False
        return (theirs.hostname.lower(), theirs.port or default) == (
            (ours.hostname or "").lower(), ours.port or default)
    except ValueError:  # a port that is not a number
        return False


async def answer(send: Send, error: ApiError) -> None:
    """Send ``error`` as the project's envelope."""
    body = json.dumps(error.body()).encode()
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode()), NOSNIFF]
    if error.code == "unauthorized":
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Wraps the application: see the module docstring."""

    def __init__(self, app: ASGIApp, *, token: str | None, max_bytes: int,
                 hosts: Collection[str] | None = None) -> None:
        self.app = app
        self.token = token.encode("utf-8") if token else None
        self.max_bytes = max_bytes
        self.hosts = None if hosts is None else frozenset(host_name(h) for h in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        raw = [(k.lower(), v) for k, v in scope.get("headers", [])]
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in raw}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), NOSNIFF]}
            await send(message)

        with language(pick_language(query, headers.get("accept-language", ""))):
            refusal = self._refusal(scope, query, raw, headers)
            if refusal is not None:
                await answer(send, refusal)
                return
            receive = self._counting(receive, over := [])
            if self._has_body(headers) and is_json_type(headers.get("content-type", "")):
                try:
                    receive = await self._read_json(receive)
                except ApiError as e:
                    await answer(send, e)
                    return

            async def limited(message: Message) -> None:
                # whatever the application made of the refusal (FastAPI turns an error while
                # it reads a body into its own 400), the answer is the 413
                if not over:
                    await sending(message)
                elif message["type"] == "http.response.start":
                    await answer(send, self._too_large())

            await self.app(scope, receive, limited)

    # ------------------------------------------------------------------ checks
    def _refusal(self, scope: Scope, query: dict[str, list[str]],
                 raw: list[tuple[bytes, bytes]], headers: dict[str, str]) -> ApiError | None:
        """The first rule the request breaks, in the module docstring's order."""
        host = headers.get("host", "")
        if self.hosts is not None and host_name(host) not in self.hosts:
            return ApiError("forbidden", tr(
                "this server does not answer for the host {host!r}: open it by one of its "
                "names, or start it with --allowed-host NAME", host=host[:100]))
        if self.token is not None and not self._allowed(query, raw):
            return ApiError("unauthorized", tr(
                "this server needs its token: the header 'Authorization: Bearer <token>' "
                "or ?token=<token>"))
        method = scope.get("method", "GET").upper()
        origin = headers.get("origin")
        if method in STATE_CHANGING and origin is not None and not same_origin(origin, host):
            return ApiError("forbidden", tr(
                "a request from another origin ({origin}) may not change anything here",
                origin=origin[:100]))
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            return self._too_large()
        if self._has_body(headers):
            kind = headers.get("content-type", "")
            upload = kind.split(";", 1)[0].strip().lower() == "multipart/form-data"
            if not is_json_type(kind) and not (upload and scope.get("path") in UPLOAD_PATHS):
                return ApiError("unsupported_media_type", tr(
                    "a body must be JSON (Content-Type: application/json){files}; this one "
                    "is {kind!r}", kind=kind[:100] or tr("without a type"),
                    files=tr(", or files (multipart/form-data) for an upload")
                    if scope.get("path") in UPLOAD_PATHS else ""))
        return None

    @staticmethod
    def _has_body(headers: dict[str, str]) -> bool:
        length = headers.get("content-length")
        return "transfer-encoding" in headers or (length is not None and length != "0")

    def _too_large(self) -> TooLarge:
        return TooLarge("too_large", tr("the request is larger than this server accepts "
                                        "({mb:.1f} MB)", mb=self.max_bytes / 1_048_576))

    def _allowed(self, query: dict[str, list[str]], raw: list[tuple[bytes, bytes]]) -> bool:
        """The token in ``?token=`` (percent-encoded UTF-8) or in the header (its bytes, as
        sent: UTF-8)."""
        assert self.token is not None
        given = [v.encode("utf-8") for v in query.get("token", [])]
        for key, value in raw:
            if key == b"authorization" and value[:7].lower() == b"bearer ":
                given.append(value[7:].strip())
        found = False
        for g in given:  # every candidate compared, in constant time
            found |= hmac.compare_digest(g, self.token)
        return found

    # ------------------------------------------------------------------ bodies
    def _counting(self, receive: Receive, over: list[bool]) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    over.append(True)
                    raise self._too_large()
            return message

        return counted

    async def _read_json(self, receive: Receive) -> Receive:
        """Read the whole JSON body (within the size limit), check it strictly, and hand the
        application a ``receive`` that gives it again."""
        from matcher.serve.bodies import strict_json

        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        try:
            strict_json(body)
        except InputError as e:
            raise invalid(e) from None
        given = False

        async def replay() -> Message:
            nonlocal given
            if not given:
                given = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return replay
