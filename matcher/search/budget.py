"""One time budget for a whole :func:`matcher.solve`: a deadline, the stop events, the helpers.

Every phase of the search pipeline (the precheck, the exact MIP, the warm start, the LP, the
model building, CP-SAT's search, the large-cohort annealing and LNS, the retries) reads its
time from one :class:`Budget` built when ``solve`` starts, so the time limit covers them all,
model building included. Every helper thread or child process a phase starts is handed to
:meth:`Budget.own`; :meth:`Budget.close` (``solve`` calls it in a ``finally``) stops and joins
them all, so nothing of ours runs after ``solve`` returns.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import Protocol, TypeVar


class Closable(Protocol):
    """A helper that stops and waits for itself (a thread, a child process): ``close()`` is
    idempotent."""

    def close(self) -> None:
        """Stop and wait."""


class StopFlag(Protocol):
    """What a phase polls to end early: :class:`threading.Event` or :class:`AnyOf`."""

    def is_set(self) -> bool:
        """Whether to stop."""


H = TypeVar("H", bound=Closable)


class AnyOf:
    """Quacks like a set-or-not :class:`threading.Event`: set when any of ``events`` is."""

    def __init__(self, *events: StopFlag | None) -> None:
        self.events = [e for e in events if e is not None]

    def is_set(self) -> bool:
        """Whether one of the events is set."""
        return any(e.is_set() for e in self.events)


class Budget:
    """The time and the stop requests of one solve.

    Parameters
    ----------
    time_limit:
        Seconds for the whole solve from ``start``; ``None``: no deadline.
    stop:
        The caller's stop event (``solve(stop=...)``).
    start:
        A ``time.perf_counter()`` instant (default: now).
    """

    def __init__(self, time_limit: float | None, stop: threading.Event | None = None, *,
                 start: float | None = None) -> None:
        self.start = time.perf_counter() if start is None else start
        self.time_limit = None if time_limit is None else float(time_limit)
        #: ``time.perf_counter()`` instant every phase ends by (``None``: none)
        self.deadline = None if self.time_limit is None else self.start + self.time_limit
        self.user_stop = stop
        #: set by a phase that proved optimality (the exact MIP): the others end early
        self.proven: StopFlag | None = None
        self._helpers: list[Closable] = []
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ time
    def elapsed(self) -> float:
        """Seconds since the solve started."""
        return time.perf_counter() - self.start

    def left(self, floor: float = 0.01) -> float | None:
        """Seconds left before the deadline, at least ``floor`` (``None``: no deadline)."""
        if self.deadline is None:
            return None
        return max(floor, self.deadline - time.perf_counter())

    def remaining(self) -> float:
        """Seconds left, possibly negative (``inf`` without a deadline)."""
        return math.inf if self.deadline is None else self.deadline - time.perf_counter()

    def expired(self) -> bool:
        """Whether the deadline has passed."""
        return self.deadline is not None and time.perf_counter() >= self.deadline

    def share(self, fraction: float) -> float | None:
        """The instant ``fraction`` of the time limit after the start (``None``: no limit)."""
        if self.time_limit is None:
            return None
        return self.start + fraction * self.time_limit

    def deadline_or_inf(self) -> float:
        """:attr:`deadline`, or ``inf`` without a time limit."""
        return math.inf if self.deadline is None else self.deadline

    # ------------------------------------------------------------------ stops
    def stopped(self) -> bool:
        """Whether the caller asked to stop."""
        return self.user_stop is not None and self.user_stop.is_set()

    @property
    def halt(self) -> StopFlag | None:
        """What the phases poll: the caller's stop, or a proof of optimality elsewhere."""
        if self.proven is None:
            return self.user_stop
        return AnyOf(self.user_stop, self.proven)

    # ------------------------------------------------------------------ helpers
    def own(self, helper: H) -> H:
        """Register a started helper: :meth:`close` stops and joins it."""
        with self._lock:
            self._helpers.append(helper)
        return helper

    def close(self) -> None:
        """Stop and join every helper, the newest first (each ``close`` is idempotent). The
        first error raised by one is raised once all are closed."""
        with self._lock:
            helpers, self._helpers = self._helpers[::-1], []
        error: BaseException | None = None
        for helper in helpers:
            try:
                helper.close()
            except BaseException as exc:  # noqa: BLE001 - the others must still be joined
                error = error or exc
        if error is not None:
            raise error

    def __enter__(self) -> Budget:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class StopWatcher:
    """A thread that calls ``on_stop()`` every 20 ms while ``event`` is set (a stop arriving
    while CP-SAT is still loading its model would otherwise be lost), and ``poll()`` otherwise.
    :meth:`close` ends and joins it."""

    def __init__(self, event: StopFlag | None, on_stop: Callable[[], None],
                 poll: Callable[[], None] | None = None) -> None:
        self.event, self.on_stop, self.poll = event, on_stop, poll
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True,
                                       name="matcher-stop-watcher")
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(0.02):
            if self.event is not None and self.event.is_set():
                self.on_stop()
                continue
            if self.poll is not None:
                self.poll()

    def close(self) -> None:
        """End the thread and wait for it."""
        self.done.set()
        if self.thread is not threading.current_thread():
            self.thread.join()
