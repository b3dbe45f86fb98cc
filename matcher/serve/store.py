"""The server's SQLite store under ``--data``: problems and jobs, results included.

One file, ``<data>/matcher.sqlite``, in WAL mode; one connection shared by the server's
threads behind a lock (each statement is short). Times are seconds since the epoch. What is
kept is deleted by problem (:meth:`Store.delete_problem`) or by age (:meth:`Store.
delete_older`); :meth:`Store.used_bytes` is the size the quota is measured against.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS problems (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    body TEXT NOT NULL,
    warnings TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    problem_id TEXT,
    status TEXT NOT NULL,
    created REAL NOT NULL,
    started REAL,
    finished REAL,
    request TEXT NOT NULL,
    progress TEXT,
    result TEXT,
    error TEXT
);
CREATE INDEX IF NOT EXISTS jobs_created ON jobs (created);
CREATE INDEX IF NOT EXISTS jobs_problem ON jobs (problem_id);
"""

#: Columns added since the first store: (name, declaration), added to an older file on open.
#: ``idempotency_key``: the ``Idempotency-Key`` the job was created with (unique among the
#: jobs kept), ``request_digest``: the SHA-256 of the request it was created from.
ADDED_COLUMNS = (("idempotency_key", "TEXT"), ("request_digest", "TEXT"))

#: Statuses of a job that has not ended.
ACTIVE = ("queued", "running")
#: Statuses of a job that has ended.
FINAL = ("done", "failed", "cancelled")


@dataclass(frozen=True)
class JobRow:
    """A job as stored: JSON columns already parsed."""

    id: str
    problem_id: str | None
    status: str
    created: float
    started: float | None
    finished: float | None
    request: dict[str, Any]
    progress: dict[str, Any] | None
    result: dict[str, Any] | None
    error: dict[str, Any] | None


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class Store:
    """Problems and jobs in ``<data_dir>/matcher.sqlite``."""

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / "matcher.sqlite"
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        have = {r[1] for r in self._db.execute("PRAGMA table_info(jobs)").fetchall()}
        for name, kind in ADDED_COLUMNS:
            if name not in have:
                self._db.execute(f"ALTER TABLE jobs ADD COLUMN {name} {kind}")
        self._db.execute("CREATE UNIQUE INDEX IF NOT EXISTS jobs_idempotency "
                         "ON jobs (idempotency_key) WHERE idempotency_key IS NOT NULL")

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    def _run(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # ------------------------------------------------------------------ problems
    def add_problem(self, pid: str, body: str, warnings: list[dict[str, Any]]) -> None:
        """Keep a problem (its JSON) and the warnings of its reading."""
        self._run("INSERT INTO problems (id, created, body, warnings) VALUES (?, ?, ?, ?)",
                  (pid, time.time(), body, json.dumps(warnings)))

    def problem(self, pid: str) -> tuple[str, list[dict[str, Any]]] | None:
        """A problem's JSON and warnings, or ``None``."""
        rows = self._run("SELECT body, warnings FROM problems WHERE id = ?", (pid,))
        return (rows[0][0], json.loads(rows[0][1])) if rows else None

    # ------------------------------------------------------------------ jobs
    def add_job(self, jid: str, problem_id: str | None, request: dict[str, Any], *,
                key: str | None = None, digest: str | None = None) -> tuple[str, str] | None:
        """A new queued job, with its ``Idempotency-Key`` and request digest if any. When a
        job kept has that key already, nothing is added: that job's (id, digest)."""
        with self._lock:
            if key is not None:
                rows = self._db.execute("SELECT id, request_digest FROM jobs "
                                        "WHERE idempotency_key = ?", (key,)).fetchall()
                if rows:
                    return rows[0][0], rows[0][1]
            self._db.execute(
                "INSERT INTO jobs (id, problem_id, status, created, request, idempotency_key, "
                "request_digest) VALUES (?, ?, 'queued', ?, ?, ?, ?)",
                (jid, problem_id, time.time(), json.dumps(request), key, digest))
        return None

    def keyed_job(self, key: str) -> tuple[str, str] | None:
        """(id, request digest) of the job created with ``Idempotency-Key`` ``key``."""
        rows = self._run("SELECT id, request_digest FROM jobs WHERE idempotency_key = ?",
                         (key,))
        return (rows[0][0], rows[0][1]) if rows else None

    def delete_job(self, jid: str) -> bool:
        """Delete job ``jid`` (its key with it); ``False`` when there was none."""
        with self._lock:
            return self._db.execute("DELETE FROM jobs WHERE id = ?", (jid,)).rowcount == 1

    def job(self, jid: str) -> JobRow | None:
        """A job, or ``None``."""
        rows = self._run("SELECT id, problem_id, status, created, started, finished, request, "
                         "progress, result, error FROM jobs WHERE id = ?", (jid,))
        if not rows:
            return None
        r = rows[0]
        return JobRow(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), _loads(r[7]),
                      _loads(r[8]), _loads(r[9]))

    def jobs(self, limit: int = 100, *, after: tuple[float, int] | None = None,
             status: str | None = None) -> list[tuple[str, str, float, int]]:
        """(id, status, created, rowid) of the latest jobs, newest first: at most ``limit``,
        those after the (created, rowid) ``after`` in that order, of ``status`` only if
        given."""
        where, args = [], []
        if after is not None:
            where.append("(created < ? OR (created = ? AND rowid < ?))")
            args += [after[0], after[0], after[1]]
        if status is not None:
            where.append("status = ?")
            args.append(status)
        sql = ("SELECT id, status, created, rowid FROM jobs"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY created DESC, rowid DESC LIMIT ?")
        return [(r[0], r[1], r[2], r[3]) for r in self._run(sql, (*args, limit))]

    def set_running(self, jid: str) -> bool:
        """Mark a queued job running; ``False`` when it is no longer queued."""
        with self._lock:
            cur = self._db.execute("UPDATE jobs SET status = 'running', started = ? "
                                   "WHERE id = ? AND status = 'queued'", (time.time(), jid))
            return cur.rowcount == 1

    def cancel_queued(self, jid: str) -> bool:
        """Cancel a job that is still queued; ``False`` when it is not (any more)."""
        with self._lock:
            cur = self._db.execute("UPDATE jobs SET status = 'cancelled', finished = ? "
                                   "WHERE id = ? AND status = 'queued'", (time.time(), jid))
            return cur.rowcount == 1

    def set_progress(self, jid: str, progress: dict[str, Any]) -> None:
        """The latest progress of a job."""
        self._run("UPDATE jobs SET progress = ? WHERE id = ?", (json.dumps(progress), jid))

    def finish(self, jid: str, status: str, *, result: str | None = None,
               error: dict[str, Any] | None = None) -> None:
        """End a job: ``status`` one of :data:`FINAL`, its result JSON and/or error."""
        self._run("UPDATE jobs SET status = ?, finished = ?, result = ?, error = ? "
                  "WHERE id = ?",
                  (status, time.time(), result, None if error is None else json.dumps(error),
                   jid))

    def active_jobs(self) -> list[str]:
        """Ids of the jobs queued or running, oldest first."""
        return [r[0] for r in self._run(
            "SELECT id FROM jobs WHERE status IN ('queued', 'running') ORDER BY created, rowid")]

    def fail_active(self, running: dict[str, Any], queued: dict[str, Any]) -> int:
        """Mark every job still queued or running failed (a server restart): with ``running``
        for those that ran, ``queued`` for those that never did; return how many."""
        now = time.time()
        with self._lock:
            count = 0
            for status, reason in (("running", running), ("queued", queued)):
                count += self._db.execute(
                    "UPDATE jobs SET status = 'failed', finished = ?, error = ? "
                    "WHERE status = ?", (now, json.dumps(reason), status)).rowcount
            return count

    # ------------------------------------------------------------------ retention
    def problem_active_jobs(self, pid: str) -> list[str]:
        """Ids of the jobs of problem ``pid`` that are queued or running."""
        return [r[0] for r in self._run(
            "SELECT id FROM jobs WHERE problem_id = ? AND status IN ('queued', 'running')",
            (pid,))]

    def delete_problem(self, pid: str) -> int | None:
        """Delete problem ``pid`` and its jobs; how many jobs, or ``None`` when there was no
        such problem."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                gone = self._db.execute("DELETE FROM problems WHERE id = ?", (pid,)).rowcount
                jobs = self._db.execute("DELETE FROM jobs WHERE problem_id = ?",
                                        (pid,)).rowcount
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return jobs if gone else None

    def delete_older(self, cutoff: float) -> tuple[list[str], int]:
        """Delete what was created before ``cutoff``: ended jobs, and problems that no queued
        or running job needs (with all their jobs). The ids of the problems deleted, and how
        many jobs."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                pids = [r[0] for r in self._db.execute(
                    "SELECT id FROM problems WHERE created < ? AND id NOT IN (SELECT problem_id "
                    "FROM jobs WHERE status IN ('queued', 'running') AND problem_id IS NOT NULL)",
                    (cutoff,)).fetchall()]
                jobs = 0
                for pid in pids:
                    self._db.execute("DELETE FROM problems WHERE id = ?", (pid,))
                    jobs += self._db.execute("DELETE FROM jobs WHERE problem_id = ?",
                                             (pid,)).rowcount
                jobs += self._db.execute(
                    "DELETE FROM jobs WHERE created < ? AND status IN ('done', 'failed', "
                    "'cancelled')", (cutoff,)).rowcount
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return pids, jobs

    def used_bytes(self) -> int:
        """The bytes the store's pages hold (its file, less the pages freed for reuse)."""
        with self._lock:
            pages = self._db.execute("PRAGMA page_count").fetchone()[0]
            free = self._db.execute("PRAGMA freelist_count").fetchone()[0]
            size = self._db.execute("PRAGMA page_size").fetchone()[0]
        return int((pages - free) * size)
