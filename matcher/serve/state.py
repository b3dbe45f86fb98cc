"""``ServeState``: the objects one server holds (settings, store, problems, jobs)."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.serve.jobs import JobManager
from matcher.serve.sessions import Sessions
from matcher.serve.settings import ServeSettings
from matcher.serve.store import Store


@dataclass
class ServeState:
    """What the handlers reach through ``app.state.serve``."""

    settings: ServeSettings
    store: Store
    sessions: Sessions
    jobs: JobManager

    @classmethod
    def open(cls, settings: ServeSettings) -> ServeState:
        """Open the store under ``settings.data_dir`` (jobs left running by a previous
        process are marked failed) and start the job workers."""
        store = Store(settings.data_dir)
        jobs = JobManager(store, settings.max_running)
        jobs.start()
        return cls(settings, store, Sessions(store, settings.cache_size), jobs)

    def close(self) -> None:
        """Stop the jobs, close the store."""
        self.jobs.close()
        self.store.close()
