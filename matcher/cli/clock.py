"""The command's wall clock: ``--time-limit`` counts from the start of the process.

A command reads its inputs, searches, writes its outputs, then explains; the user's limit is
for all of it. :func:`begin` starts the clock (the console-script entry point starts it at
the process's own start time, read from ``/proc`` on Linux, so that the interpreter's and the
libraries' start-up count too; the typer callback starts it for in-process invocations, as in
tests). A :class:`CommandClock` is a time limit on that clock; :func:`plan_time` splits what
is left of it between the search, the writing and the explanations (:class:`TimePlan`).

Time here is :func:`time.monotonic`.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

_start: float | None = None
_from_process: bool = False

#: Default share of the time limit kept for the explanations and the report (after the teams
#: are written), and its floor in seconds; it never exceeds half the limit.
EXPLAIN_SHARE: float = 0.10
EXPLAIN_FLOOR: float = 3.0

#: Seconds per student to write a teams CSV and a summary, and a workbook, measured at 10,000
#: students (0.05, 0.04 and 0.7 ms) and doubled for a loaded machine; plus a fixed part. (Four
#: times the CSV figure left the 10,000-student search 2 s short of a 30 s limit, in
#: benchmarks/results/e2e.md, with the command ending 6 s before it.)
WRITE_PER_STUDENT_CSV: float = 0.0001
WRITE_PER_STUDENT_XLSX: float = 0.0015
WRITE_FIXED: float = 0.3


def process_start() -> float:
    """The :func:`time.monotonic` reading at which this process started.

    Linux: the process's start time in ``/proc/self/stat`` against ``/proc/uptime`` (10 ms
    resolution). Elsewhere: now.
    """
    now = time.monotonic()
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        age = uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return now
    return now - max(0.0, min(age, 3600.0))


def begin(at: float | None = None, *, process: bool = False) -> None:
    """Start the command's clock at ``at`` (default: now).

    ``process=True`` marks a start at the process's start (the entry point); later calls
    without it (the typer callback) then keep it.
    """
    global _start, _from_process
    if _from_process and not process:
        return
    _start = time.monotonic() if at is None else at
    _from_process = process


def from_process() -> bool:
    """The clock was started by the entry point (a real ``matcher`` process, not a test's
    in-process invocation)."""
    return _from_process


def started() -> float:
    """When the command's clock started (now, if it was never started)."""
    if _start is None:
        begin()
    assert _start is not None
    return _start


def elapsed() -> float:
    """Seconds since the command's clock started."""
    return time.monotonic() - started()


def explain_share(limit: float, explicit: float | None = None) -> float:
    """Seconds kept for the explanations and the report: ``explicit`` if given, else
    :data:`EXPLAIN_SHARE` of ``limit``, at least :data:`EXPLAIN_FLOOR`, at most half of it."""
    if explicit is not None:
        return explicit
    return min(max(EXPLAIN_SHARE * limit, EXPLAIN_FLOOR), 0.5 * limit)


def write_reserve(n_students: int, *, xlsx: bool = False, files: int = 1) -> float:
    """Seconds kept to write ``files`` outputs about ``n_students`` students."""
    per = WRITE_PER_STUDENT_XLSX if xlsx else WRITE_PER_STUDENT_CSV
    return WRITE_FIXED + n_students * (per + WRITE_PER_STUDENT_CSV * max(0, files - 1))


@dataclass(frozen=True)
class CommandClock:
    """A time limit on the command's wall clock (not a search's budget: see
    :mod:`matcher.search.budget`)."""

    #: Seconds, from :func:`started`.
    limit: float
    start: float

    @classmethod
    def of(cls, limit: float) -> CommandClock:
        """A limit of ``limit`` seconds from the command's start."""
        return cls(limit=float(limit), start=started())

    @property
    def deadline(self) -> float:
        """The :func:`time.monotonic` reading at which the limit is reached."""
        return self.start + self.limit

    def left(self) -> float:
        """Seconds until the deadline (negative once past)."""
        return self.deadline - time.monotonic()

    def spent(self) -> float:
        """Seconds since the start."""
        return time.monotonic() - self.start


#: Below this many seconds left for the search, a command stops before searching (exit 3).
MIN_SEARCH: float = 0.1


@dataclass(frozen=True)
class TimePlan:
    """How a command's time limit is split, decided once the inputs are read."""

    clock: CommandClock
    #: Seconds for the search, from now.
    search: float
    #: Seconds at least for the explanations and the report, after the teams are written
    #: (they also get the search's unused time: :meth:`explain_until`).
    explain: float
    #: Seconds kept to write the outputs.
    write: float

    def explain_until(self, teams_written_at: float) -> float:
        """When the explanations and the report must end (:func:`time.monotonic`), the teams
        having been written at ``teams_written_at``: everything left until the command's
        deadline, minus the write reserve (kept as a margin for the exit), so that search time
        left unused (a cohort solved early) goes to them; and at least :attr:`explain` seconds
        (``--explain-time``, or its default share), even when the search ran late; none when
        that is 0."""
        if self.explain <= 0:  # --explain-time 0: no explanations
            return teams_written_at
        return max(self.clock.deadline - self.write, teams_written_at + self.explain)


def plan_time(limit: float, n_students: int, *, xlsx: bool = False, files: int = 1,
              explain: bool = True, explain_time: float | None = None) -> TimePlan:
    """Split ``limit`` (seconds on the command's clock) between the search, the writing and,
    when ``explain``, the explanations (:func:`explain_share`): the search gets what the
    reading left, minus the other two. When the reading left little (a slow start on a busy
    machine, a short limit), the explanations give way: they never take more than half of
    what is left after the writing.

    Raises
    ------
    InputError
        ``explain_time`` is not less than ``limit``.
    """
    from matcher.errors import InputError
    from matcher.i18n import tr

    if explain_time is not None and explain_time >= limit:
        raise InputError(tr("--explain-time must be less than --time-limit ({limit:g} s)",
                            limit=limit), column="--explain-time", value=f"{explain_time:g}")
    clock = CommandClock.of(limit)
    write = write_reserve(n_students, xlsx=xlsx, files=files)
    left = clock.left() - write
    share = min(explain_share(limit, explain_time), max(0.0, left / 2)) if explain else 0.0
    return TimePlan(clock=clock, search=left - share, explain=share, write=write)
