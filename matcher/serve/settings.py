"""``ServeSettings``: how ``matcher serve`` runs (address, data directory, token, limits)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from matcher.serve.webhooks import LOOPBACK, allowed

#: Hosts that only this machine can reach: no token needed there.
LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})
#: The names a request's ``Host`` may always carry (the loopback's; any port).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
#: Addresses that mean "every interface": never a name a client uses.
WILDCARDS = frozenset({"", "0.0.0.0", "::"})


def host_name(value: str) -> str:
    """The name of a ``Host`` header or of an address, port and brackets removed, lower case:
    ``"[::1]:8000"`` -> ``"::1"``, ``"LocalHost:80"`` -> ``"localhost"``."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value  # a name, or a bare IPv6 address


def is_loopback(host: str) -> bool:
    """``True`` when ``host`` (a name or an address) is reachable from this machine only."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class ServeSettings(BaseModel):
    """Everything ``matcher serve`` and :func:`matcher.serve.create_app` need.

    ``max_running`` solves run at once (each in its own process); up to ``max_queued`` more
    wait. ``token``: when set, every request must carry it (``Authorization: Bearer`` or
    ``?token=``; UTF-8 text). ``time_limit``: seconds of a solve whose request names none;
    ``max_time_limit`` and ``max_workers`` the most a request may ask. ``allowed_hosts``: the
    names besides the loopback's (and ``host`` when it is not a wildcard) that a request's
    ``Host`` may carry. ``keep_days``: problems and jobs older than that are deleted (at start
    and every ``sweep_every`` seconds); ``max_stored_bytes``: the store's size past which a
    new problem or job is refused. ``webhook_url`` (signed with ``webhook_secret``): where a
    job's end is POSTed when its request names no webhook; ``webhook_allow``: the only hosts a
    webhook may reach (:mod:`matcher.serve.webhooks`).
    """

    model_config = ConfigDict(frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    data_dir: Path = Path("matcher-data")
    token: str | None = None
    max_running: int = Field(default=2, ge=1)
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    max_queued: int = Field(default=100, ge=1)
    time_limit: float = Field(default=60.0, gt=0)
    #: Solver threads of each job (CP-SAT workers); 1 keeps N jobs on N cores.
    workers: int = Field(default=1, ge=1)
    #: Problems whose compiled check is kept in memory (least recently used dropped first).
    cache_size: int = Field(default=16, ge=1)
    #: The longest solve a request may ask for, in seconds.
    max_time_limit: float = Field(default=600.0, gt=0)
    #: The most solver threads a request may ask for (the machine's cores by default).
    max_workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)
    #: Names a request's ``Host`` may carry besides the loopback's (a reverse proxy's name).
    allowed_hosts: tuple[str, ...] = ()
    #: Days a problem and its jobs are kept; ``None``: kept until deleted.
    keep_days: float | None = Field(default=None, gt=0)
    #: Seconds between two deletions of what is older than ``keep_days``.
    sweep_every: float = Field(default=3600.0, gt=0)
    #: The most the store may hold, in bytes: a new problem or job past it is refused.
    max_stored_bytes: int = Field(default=1024 * 1024 * 1024, ge=1)
    #: Where every job's end is POSTed when its request names no webhook (``None``: nowhere).
    webhook_url: str | None = None
    #: The secret that signs those deliveries (``X-Matcher-Signature``).
    webhook_secret: str | None = None
    #: The only hosts a webhook may call (the loopback's by default).
    webhook_allow: tuple[str, ...] = LOOPBACK

    @model_validator(mode="after")
    def _webhook_allowed(self) -> ServeSettings:
        if self.webhook_url is not None and (why := allowed(self.webhook_url,
                                                            self.webhook_allow)):
            raise ValueError(f"--webhook-url: {why}")
        return self

    @property
    def needs_token(self) -> bool:
        """A host other than the loopback is reachable by others: a token is required."""
        return not is_loopback(self.host)

    @property
    def host_names(self) -> frozenset[str]:
        """The names a request's ``Host`` may carry (compared by :func:`host_name`)."""
        names = {*LOOPBACK_HOSTS, *(host_name(h) for h in self.allowed_hosts)}
        if host_name(self.host) not in WILDCARDS:
            names.add(host_name(self.host))
        return frozenset(names)
