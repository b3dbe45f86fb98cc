"""The LP bound solved in a child process that can be killed at the deadline.

HiGHS does not always hear a stop request or its own time limit: on the 10,000 x 1,000 cohort
its presolve spent 18-27 s in one uninterruptible search for dependent equations (time limit
6 s), and each interior-point iteration takes 2-4 s there on a loaded machine. Run in a thread,
the LP then outlived :func:`matcher.solve`, and a script exiting right after ``solve`` aborted
("terminate called without an active exception"). In a child process the search keeps its
deadline: :meth:`LpProcess.close` kills the child and waits for it, so nothing of ours runs
after ``solve`` returns.

The child is ``python -m matcher.search.lp_process IN OUT``: it reads the pickled request from
``IN`` and writes the pickled :class:`~matcher.search.relaxation.LpBound` (or the exception) to
``OUT``; with ``method="pdlp"`` and a deadline, each improved bound of
:func:`~matcher.search.relaxation.pdlp_bounds` as it comes (atomically replaced), which
:meth:`LpProcess.poll` picks up while the child runs. Unlike :mod:`multiprocessing`'s
``spawn``, it never re-runs the caller's script, and unlike ``fork`` it inherits no thread or
lock.
"""

from __future__ import annotations

import math
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping

from matcher.problem import Problem
from matcher.search import thresholds
from matcher.search.consistency import inconsistent
from matcher.search.relaxation import LpBound


class LpProcess:
    """:func:`~matcher.search.relaxation.lp_bound` running in a child process.

    :meth:`poll` returns the outcome once the child has written it (``None`` before, or if it
    failed to start or died); :meth:`close` kills the child if it still runs and waits for it
    (call it before returning from the search, also on errors: it is idempotent).
    """

    def __init__(self, problem: Problem, weights: Mapping[str, int], *, method: str = "ipm",
                 deadline: float | None = None) -> None:
        if method == "pdlp" and deadline is None:
            method = "ipm"  # no deadline to end PDLP's rounds: the exact interior point

        self._dir = tempfile.mkdtemp(prefix="matcher-lp-")
        request = os.path.join(self._dir, "request.pickle")
        self._out = os.path.join(self._dir, "bound.pickle")
        # the deadline as a wall-clock instant: perf_counter's origin is per process
        wall_deadline = None if deadline is None else time.time() + deadline - time.perf_counter()
        with open(request, "wb") as f:
            pickle.dump((problem, dict(weights), method, wall_deadline), f,
                        protocol=pickle.HIGHEST_PROTOCOL)
        env = dict(os.environ)
        # the directory holding the package matcher/ (this file is matcher/search/lp_process.py)
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env["PYTHONPATH"] = os.pathsep.join(x for x in (root, env.get("PYTHONPATH")) if x)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "matcher.search.lp_process", request, self._out],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=env)
        self._result: LpBound | None = None
        self._closed = False
        self._seen = 0  # the mtime of the last bound read while the child runs
        self._next_look = 0.0
        # from here on every poll looks: the search's final bound is read at the deadline
        self._last_call = math.inf if deadline is None else deadline - 1.5

    def poll(self) -> LpBound | None:
        """The LP's latest outcome the child has written, else ``None`` (never blocks; with
        ``method="pdlp"`` the child writes each improved bound as it goes, looked for at most
        every :data:`~matcher.search.thresholds.LP_POLL_SECONDS` seconds)."""
        if self._closed:
            return self._result
        if self._process.poll() is not None:
            self._read()
            return self._result
        now = time.perf_counter()
        if now >= self._next_look or now >= self._last_call:
            self._next_look = now + thresholds.LP_POLL_SECONDS
            try:
                mtime = os.stat(self._out).st_mtime_ns
            except OSError:
                return self._result
            if mtime != self._seen:
                self._seen = mtime
                self._load()
        return self._result

    def wait(self, timeout: float) -> LpBound | None:
        """:meth:`poll`, waiting up to ``timeout`` seconds for the child to finish."""
        if self._result is None and not self._closed:
            try:
                self._process.wait(max(0.0, timeout))
            except subprocess.TimeoutExpired:
                return None
        return self.poll()

    def _read(self) -> None:
        self._closed = True
        try:
            self._load()
        finally:
            shutil.rmtree(self._dir, ignore_errors=True)

    def _load(self) -> None:
        """Read the child's latest outcome (written atomically), keeping the best bound."""
        try:
            with open(self._out, "rb") as f:
                result = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError):
            return  # not written yet, or the child died without an answer
        if isinstance(result, BaseException):  # a bug in the LP, never silent: no LP bound
            inconsistent(f"the LP bound failed: {result!r}", result)
            return
        if result is not None and (self._result is None or self._result.bound is None
                                   or (result.bound is not None
                                       and result.bound <= self._result.bound)):
            self._result = result

    def close(self) -> None:
        """Kill the child if it still runs, and wait for it to end."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._closed = True
        shutil.rmtree(self._dir, ignore_errors=True)


def _main(request: str, out: str) -> None:
    """The child: solve the LP of ``request`` and write the outcome to ``out`` atomically."""
    from matcher.search.relaxation import lp_bound, pdlp_bounds

    with open(request, "rb") as f:
        problem, weights, method, wall_deadline = pickle.load(f)
    deadline = (None if wall_deadline is None
                else time.perf_counter() + wall_deadline - time.time())

    def write(result: object) -> None:
        with open(out + ".part", "wb") as f:
            pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(out + ".part", out)

    try:
        if method == "pdlp" and deadline is not None:
            for bound in pdlp_bounds(problem, weights, deadline=deadline):
                write(bound)
            return
        result: object = lp_bound(problem, weights, method=method, deadline=deadline)
    except Exception as exc:  # reported by the parent
        result = exc
    write(result)


if __name__ == "__main__":
    _main(sys.argv[1], sys.argv[2])
