"""The ASGI layer in front of every route: language, token, upload size.

- Language: ``?lang=fr|en``, else the ``Accept-Language`` header, else English; set for the
  whole request (messages are built in it).
- Token: when the server has one, every request carries it (``Authorization: Bearer <t>``
  or ``?token=<t>``), compared in constant time; 401 otherwise.
- Size: a body above the limit is refused with 413, by its ``Content-Length`` at once or,
  without one, as soon as the bytes received pass the limit (the 413 replaces whatever the
  application answers then).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from matcher.i18n import language, tr
from matcher.serve.errors import ApiError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


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


async def _answer(send: Send, error: ApiError) -> None:
    body = json.dumps(error.body()).encode()
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode())]
    if error.code == "unauthorized":
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Wraps the application: see the module docstring."""

    def __init__(self, app: ASGIApp, *, token: str | None, max_bytes: int) -> None:
        self.app = app
        self.token = token.encode() if token else None
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        with language(pick_language(query, headers.get("accept-language", ""))):
            if self.token is not None and not self._allowed(query, headers):
                await _answer(send, ApiError("unauthorized", tr(
                    "this server needs its token: the header 'Authorization: Bearer <token>' "
                    "or ?token=<token>")))
                return
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > self.max_bytes:
                await _answer(send, self._too_large())
                return
            over: list[bool] = []  # the body passed the limit while being received

            async def sending(message: Message) -> None:
                # whatever the application made of the refusal (FastAPI turns an error while
                # it reads a body into its own 400), the answer is the 413
                if not over:
                    await send(message)
                elif message["type"] == "http.response.start":
                    await _answer(send, self._too_large())

            await self.app(scope, self._counting(receive, over), sending)

    def _too_large(self) -> TooLarge:
        return TooLarge("too_large", tr("the request is larger than this server accepts "
                                        "({mb:.1f} MB)", mb=self.max_bytes / 1_048_576))

    def _allowed(self, query: dict[str, list[str]], headers: dict[str, str]) -> bool:
        assert self.token is not None
        given = [v.encode() for v in query.get("token", [])]
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            given.append(auth[7:].strip().encode())
        return any(hmac.compare_digest(g, self.token) for g in given)

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
