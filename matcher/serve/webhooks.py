"""Completion webhooks: a job's end POSTed to a URL, signed, retried a bounded number of times.

A job created with ``"webhook": {"url", "secret"}`` (or on a server started with
``--webhook-url``/``--webhook-secret``) has its end POSTed there as JSON: ``{"event":
"job.ended", "job": <the Job, as GET /jobs/{id} answers it>}``. With a secret, the header
``X-Matcher-Signature: sha256=<hex>`` carries the HMAC-SHA256 of the body's bytes under it (the
receiver computes the same and compares in constant time). A delivery that fails (no answer
within :data:`TIMEOUT`, or a status other than 2xx) is tried again after each delay of
:data:`RETRY_DELAYS`, then given up (logged). Redirects are not followed. Only the hosts of
``--webhook-allow`` (the loopback's by default) are reached: the server cannot be made to
call another machine (:func:`allowed`).
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import threading
import time
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from matcher.i18n import tr

__all__ = ["RETRY_DELAYS", "Webhook", "allowed", "deliver", "sign", "start_delivery"]

#: Seconds to wait before each new try of a failed delivery (so 1 + len tries at most).
RETRY_DELAYS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)
#: Seconds one try may take.
TIMEOUT: float = 5.0
#: The hosts reached when the server names none (``--webhook-allow``).
LOOPBACK: tuple[str, ...] = ("127.0.0.1", "::1", "localhost")

_log = logging.getLogger("matcher.serve.webhooks")


class Webhook(BaseModel):
    """Where a job's end is POSTed, and the secret its signature is made with."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str = Field(description="http(s) URL on a host the server allows (--webhook-allow; "
                                 "the loopback by default)",
                     examples=["http://127.0.0.1:9000/matcher-done"])
    secret: str | None = Field(default=None, description="signs each delivery: header "
                                                         "X-Matcher-Signature: sha256=<hex>")


def _host(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.lower()


def allowed(url: str, hosts: tuple[str, ...]) -> str | None:
    """``None`` when ``url`` may be called (http or https, its host among ``hosts``), else
    why not."""
    host = _host(url)
    if host is None:
        return tr("a webhook URL is http:// or https:// with a host")
    if host not in {h.lower().strip("[]") for h in hosts}:
        return tr("this server calls webhooks on {hosts} only (--webhook-allow), not {host!r}",
                  hosts=", ".join(hosts), host=host)
    return None


def sign(secret: str, body: bytes) -> str:
    """The ``X-Matcher-Signature`` of ``body``: ``sha256=`` and the hex HMAC-SHA256."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    parts = urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = kind(parts.hostname or "", parts.port, timeout=TIMEOUT)
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request("POST", path, body=body, headers=headers)
        return conn.getresponse().status
    finally:
        conn.close()


def deliver(hook: Webhook, job: dict[str, Any], *,
            delays: tuple[float, ...] = RETRY_DELAYS) -> bool:
    """POST ``job``'s end to ``hook``, tried again after each of ``delays`` while it fails;
    whether it was taken (a 2xx)."""
    body = json.dumps({"event": "job.ended", "job": job}).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "matcher-webhook"}
    if hook.secret:
        headers["X-Matcher-Signature"] = sign(hook.secret, body)
    for attempt, delay in enumerate((0.0, *delays)):
        time.sleep(delay)
        try:
            status = _post(hook.url, body, headers)
        except (OSError, http.client.HTTPException) as e:
            _log.warning("webhook %s, try %d: %s", hook.url, attempt + 1, e)
            continue
        if 200 <= status < 300:
            return True
        _log.warning("webhook %s, try %d: status %d", hook.url, attempt + 1, status)
    _log.error("webhook %s given up after %d tries", hook.url, len(delays) + 1)
    return False


def start_delivery(hook: Webhook, job: dict[str, Any]) -> threading.Thread:
    """:func:`deliver` on a thread of its own (a slow receiver never holds a job worker)."""
    thread = threading.Thread(target=deliver, args=(hook, job), daemon=True,
                              name=f"matcher-webhook-{job.get('id')}")
    thread.start()
    return thread
