"""``ServeState``: the objects one server holds (settings, store, problems, jobs), and what
it keeps: problems and jobs older than ``keep_days`` deleted at start and periodically, a
problem deleted with its jobs on request, a quota on the store's size."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from matcher.i18n import tr
from matcher.serve.errors import ApiError
from matcher.serve.jobs import JobManager
from matcher.serve.sessions import Sessions
from matcher.serve.settings import ServeSettings
from matcher.serve.store import Store

#: Seconds in a day (``keep_days``).
DAY = 86_400.0


@dataclass
class ServeState:
    """What the handlers reach through ``app.state.serve``."""

    settings: ServeSettings
    store: Store
    sessions: Sessions
    jobs: JobManager
    _stop: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def open(cls, settings: ServeSettings) -> ServeState:
        """Open the store under ``settings.data_dir`` (jobs left by a previous process are
        marked failed), delete what is older than ``keep_days``, start the job workers and
        the periodic deletion."""
        store = Store(settings.data_dir)
        jobs = JobManager(store, settings.max_running)
        state = cls(settings, store, Sessions(store, settings.cache_size), jobs)
        jobs.on_end = state.job_ended
        jobs.start()
        if settings.keep_days is not None:
            state.sweep()
            threading.Thread(target=state._sweeping, name="matcher-retention",
                             daemon=True).start()
        return state

    def job_ended(self, jid: str) -> None:
        """Post a job's end to its webhook, if it has one (on a thread of its own)."""
        from matcher.serve.views import job_body
        from matcher.serve.webhooks import Webhook, start_delivery

        row = self.store.job(jid)
        if row is not None and row.request.get("webhook"):
            start_delivery(Webhook.model_validate(row.request["webhook"]), job_body(row))

    def close(self) -> None:
        """Stop the jobs and the periodic deletion, close the store."""
        self._stop.set()
        self.jobs.close()
        self.store.close()

    # ------------------------------------------------------------------ retention
    def sweep(self, now: float | None = None) -> tuple[int, int]:
        """Delete the problems and jobs created more than ``keep_days`` before ``now``
        (a problem a queued or running job needs stays); (problems, jobs) deleted."""
        if self.settings.keep_days is None:
            return 0, 0
        cutoff = (time.time() if now is None else now) - self.settings.keep_days * DAY
        pids, jobs = self.store.delete_older(cutoff)
        for pid in pids:
            self.sessions.forget(pid)
        return len(pids), jobs

    def _sweeping(self) -> None:
        while not self._stop.wait(self.settings.sweep_every):
            try:
                self.sweep()
            except Exception:  # noqa: BLE001 - a closed store at shutdown; retried later
                if self._stop.is_set():
                    return
                logging.getLogger("matcher.serve").exception("deleting old problems failed")

    def delete_problem(self, pid: str) -> int | None:
        """Cancel the problem's queued and running jobs, then delete it and its jobs; how many
        jobs, or ``None`` when there is no such problem."""
        for jid in self.store.problem_active_jobs(pid):
            self.jobs.cancel(jid)
        deleted = self.store.delete_problem(pid)
        self.sessions.forget(pid)
        return deleted

    def make_room(self, size: int) -> None:
        """Refuse (507) a new problem or job of about ``size`` bytes that would take the store
        past ``max_stored_bytes``."""
        used, most = self.store.used_bytes(), self.settings.max_stored_bytes
        if used + size > most:
            raise ApiError("store_full", tr(
                "this server's store is full ({used:.1f} MB of {most:.1f} MB): delete "
                "problems (DELETE /api/v1/problems/<id>) or raise --max-stored-mb",
                used=used / 1_048_576, most=most / 1_048_576))
