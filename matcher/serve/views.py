"""How the API shows a stored job (``GET /jobs/{id}``, its event stream, its webhook)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from matcher.serve.store import JobRow

__all__ = ["job_body", "stamp"]


def stamp(t: float | None) -> str | None:
    """Seconds since the epoch as ISO 8601, UTC."""
    return None if t is None else datetime.fromtimestamp(t, UTC).isoformat()


def job_body(row: JobRow) -> dict[str, Any]:
    """A job as the API shows it."""
    return {"id": row.id, "status": row.status, "problem_id": row.problem_id,
            "created": stamp(row.created), "started": stamp(row.started),
            "finished": stamp(row.finished), "progress": row.progress, "error": row.error,
            "result": row.result}
