"""The job queue: solves run in child processes, at most ``max_running`` at once.

Each job's state lives in the :class:`~matcher.serve.store.Store` (so that it survives a
restart and every thread reads the same thing). ``max_running`` worker threads take queued
jobs in order; each runs its solve in a child process (:func:`matcher.serve.worker.run_job`),
writes its progress to the store as it comes, and its result or error at the end. A cancel
sends the child a stop (its best teams come back) and terminates it when it has not answered
within :data:`STOP_WAIT` seconds, so that the worker is free within a second.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import queue
import threading
import time
from collections.abc import Callable
from multiprocessing.context import BaseContext
from typing import Any

from matcher.i18n import language, tr
from matcher.serve.store import Store

#: Seconds a stopped child has to send its best teams before it is terminated.
STOP_WAIT: float = 0.8
#: Seconds between two progress writes to the store (the latest one always lands).
PROGRESS_EVERY: float = 0.2
#: Seconds past its time limit after which a job is stopped as by a cancel.
OVERRUN: float = 10.0


def restart_reason() -> dict[str, Any]:
    """The error of a job found running when the server starts (or stopped by its close)."""
    return {"code": "server_stopped",
            "message": tr("the server stopped while this job was running")}


def restart_reason_queued() -> dict[str, Any]:
    """The error of a job found queued (it never ran) when the server starts."""
    return {"code": "server_stopped",
            "message": tr("the server stopped while this job was queued")}


#: What the fork server imports once, so that each job's process starts at once: the solver,
#: and the command line (a child runs the main module again unless it is ``python -m``'s).
PRELOAD = ["matcher.serve.worker", "matcher.solve", "matcher.cli"]


def process_context() -> BaseContext:
    """"forkserver" where it exists (a fresh process, forked from a server process that has
    already imported the solver), else "spawn": never a fork of the threaded server."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _nothing() -> None:
    """A child that does nothing: starting it starts the fork server."""


class JobManager:
    """Runs the queued jobs of ``store`` on ``max_running`` worker threads."""

    def __init__(self, store: Store, max_running: int = 2) -> None:
        self.store = store
        self.max_running = max_running
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._lock = threading.Lock()
        self._cancel: dict[str, threading.Event] = {}
        self._ended: dict[str, threading.Event] = {}
        self._running: set[str] = set()
        self._waiting: set[str] = set()
        self._ctx = process_context()
        self._threads = [threading.Thread(target=self._work, name=f"matcher-jobs-{k}",
                                          daemon=True) for k in range(max_running)]
        self._closed = False
        #: Called with a job's id once it has ended (its webhook), never while closing.
        self.on_end: Callable[[str], None] | None = None

    # ------------------------------------------------------------------ public
    def start(self) -> None:
        """Start the workers (jobs left by a previous process are failed first)."""
        self.store.fail_active(restart_reason(), restart_reason_queued())
        for t in self._threads:
            t.start()
        threading.Thread(target=self._warm, name="matcher-jobs-warm", daemon=True).start()

    def _warm(self) -> None:
        """Start the fork server now (it imports the solver), not at the first job."""
        try:
            child = self._ctx.Process(target=_nothing, daemon=True)
            child.start()
            child.join(60)
        except Exception:  # noqa: BLE001 - only a head start: the first job retries
            pass

    def close(self, timeout: float = 3.0) -> None:
        """Stop the workers: running jobs are stopped and fail with the reason (and their
        best teams); queued ones stay queued, to be failed likewise at the next start."""
        self._closed = True
        with self._lock:
            for ev in self._cancel.values():
                ev.set()
        for _ in self._threads:
            self._queue.put(None)
        deadline = time.monotonic() + timeout
        for t in self._threads:
            if t.is_alive():
                t.join(max(0.0, deadline - time.monotonic()))

    def submit(self, jid: str) -> None:
        """Queue the stored job ``jid``."""
        with self._lock:
            self._cancel[jid] = threading.Event()
            self._ended[jid] = threading.Event()
            self._waiting.add(jid)
        self._queue.put(jid)

    @property
    def running(self) -> int:
        """Jobs running now."""
        with self._lock:
            return len(self._running)

    @property
    def queued(self) -> int:
        """Jobs waiting for a worker."""
        with self._lock:
            return len(self._waiting)

    def cancel(self, jid: str, wait: float = 1.5) -> None:
        """Cancel ``jid``: a queued job ends at once; a running one is stopped, keeping its
        best teams, and this waits up to ``wait`` seconds for it to end."""
        with self._lock:
            ev, ended = self._cancel.get(jid), self._ended.get(jid)
        if self.store.cancel_queued(jid):  # the worker will skip it
            with self._lock:
                self._waiting.discard(jid)
            if ended is not None:
                ended.set()
            self._ended_now(jid)
            return
        if ev is not None:
            ev.set()
        if ended is not None:
            ended.wait(wait)

    def _ended_now(self, jid: str) -> None:
        if self.on_end is not None and not self._closed:
            try:
                self.on_end(jid)
            except Exception:  # noqa: BLE001 - a webhook's failure never kills a worker
                logging.getLogger("matcher.serve").exception("job %s: on_end failed", jid)

    # ------------------------------------------------------------------ workers
    def _work(self) -> None:
        while True:
            jid = self._queue.get()
            if jid is None or self._closed:
                return
            with self._lock:
                self._waiting.discard(jid)
            if not self.store.set_running(jid):  # cancelled while queued
                continue
            with self._lock:
                self._running.add(jid)
                stop = self._cancel.setdefault(jid, threading.Event())
                ended = self._ended.setdefault(jid, threading.Event())
            try:
                self._run(jid, stop)
            except Exception as e:  # noqa: BLE001 - a job's failure never kills a worker
                self.store.finish(jid, "failed", error={"code": "internal", "message": str(e)})
            finally:
                with self._lock:
                    self._running.discard(jid)
                    self._cancel.pop(jid, None)
                    self._ended.pop(jid, None)
                ended.set()
                self._ended_now(jid)

    def _run(self, jid: str, stop: threading.Event) -> None:
        from matcher.serve.worker import run_job

        row = self.store.job(jid)
        assert row is not None
        payload = row.request
        limit = (payload.get("solver") or {}).get("time_limit") or 60.0
        events_in, events_out = self._ctx.Pipe(duplex=False)
        control_in, control_out = self._ctx.Pipe(duplex=False)
        child = self._ctx.Process(target=run_job, args=(payload, events_out, control_in),
                                 name=f"matcher-job-{jid}", daemon=True)
        child.start()
        events_out.close()
        control_in.close()
        started = time.monotonic()
        stop_sent: float | None = None
        progress: dict[str, Any] | None = None
        written = 0.0
        outcome: tuple[str, Any] | None = None
        try:
            while outcome is None:
                now = time.monotonic()
                if stop_sent is None and (stop.is_set() or now - started > limit + OVERRUN):
                    try:
                        control_out.send("stop")
                    except OSError:
                        pass
                    stop_sent = now
                if stop_sent is not None and now - stop_sent > STOP_WAIT:
                    break
                if events_in.poll(0.05):
                    try:
                        kind, body = events_in.recv()
                    except (EOFError, OSError):
                        if not child.is_alive():
                            break
                        continue
                    if kind == "progress":
                        progress = body
                        if now - written >= PROGRESS_EVERY:
                            self.store.set_progress(jid, body)
                            written = now
                    else:
                        outcome = (kind, body)
                elif not child.is_alive() and not events_in.poll(0):
                    break
        finally:
            if progress is not None:
                self.store.set_progress(jid, progress)
            if child.is_alive():
                child.terminate()
                child.join(0.5)
                if child.is_alive():
                    child.kill()
            child.join(0.5)
            events_in.close()
            control_out.close()
        with language(payload.get("lang") or "en"):
            self._settle(jid, outcome, cancelled=stop.is_set(), exitcode=child.exitcode)

    def _settle(self, jid: str, outcome: tuple[str, Any] | None, *, cancelled: bool,
                exitcode: int | None) -> None:
        if self._closed:  # the server stops: the job fails, with its best teams if any
            teams = outcome[1] if outcome is not None and outcome[0] == "result" and \
                json.loads(outcome[1]).get("assignment") else None
            self.store.finish(jid, "failed", result=teams, error=restart_reason())
        elif outcome is not None and outcome[0] == "result":
            has_teams = json.loads(outcome[1]).get("assignment")
            if cancelled:
                self.store.finish(jid, "cancelled", result=outcome[1] if has_teams else None)
            else:
                self.store.finish(jid, "done", result=outcome[1])
        elif cancelled:
            self.store.finish(jid, "cancelled")
        elif outcome is not None:
            self.store.finish(jid, "failed", error={"code": "solver_error",
                                                    "message": str(outcome[1])})
        else:
            self.store.finish(jid, "failed", error={
                "code": "worker_died",
                "message": tr("the solver process ended without an answer (exit code "
                              "{code})", code=exitcode)})
