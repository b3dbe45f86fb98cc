"""``ServeSettings``: how ``matcher serve`` runs (address, data directory, token, limits)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

#: Hosts that only this machine can reach: no token needed there.
LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})


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
    ``?token=``). ``time_limit``: seconds of a solve whose request names none.
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

    @property
    def needs_token(self) -> bool:
        """A host other than the loopback is reachable by others: a token is required."""
        return not is_loopback(self.host)
