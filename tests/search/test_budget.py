"""One budget: the time limit covers model building, nothing of ours outlives ``solve``."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from tests_search_helpers import problem_from_frames

from matcher.check import check
from matcher.i18n import language
from matcher.result import Status
from matcher.sample import generate_cohort
from matcher.solve import solve

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SCRIPT = textwrap.dedent("""
    import sys, threading
    sys.path.insert(0, {tests!r})
    from tests_search_helpers import problem_from_frames
    from matcher.sample import generate_cohort
    from matcher.solve import solve
    import matcher.search.thresholds as engine
    engine.DENSE_PAIR_LIMIT = {dense}
    problem = problem_from_frames(*generate_cohort({n}, {p}, seed=3))
    result = solve(problem, time_limit={limit}, workers=2, seed=0)
    assert result.has_solution, result.status
    print(sorted(t.name for t in threading.enumerate()))
""")


@pytest.mark.slow
@pytest.mark.parametrize("n, p, dense", [
    (600, 60, 250_000),      # the exact MIP's HiGHS thread beside CP-SAT
    (1_000, 120, 0),         # the large-cohort search, its LP in a child process
])
def test_a_script_exiting_right_after_solve_exits_cleanly(n, p, dense):
    code = SCRIPT.format(tests=os.path.join(ROOT, "tests", "search"), n=n, p=p, dense=dense,
                         limit=1.5)
    env = dict(os.environ, PYTHONPATH=ROOT)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "['MainThread']"


def test_no_thread_of_ours_runs_after_solve():
    problem = problem_from_frames(*generate_cohort(300, 36, seed=2))
    before = set(threading.enumerate())
    t0 = time.perf_counter()
    result = solve(problem, time_limit=2, workers=2, seed=0)
    elapsed = time.perf_counter() - t0
    assert result.has_solution
    assert set(threading.enumerate()) <= before
    assert 0 < result.wall_time_s <= elapsed  # the true elapsed time, every phase included


@pytest.fixture
def large_path(monkeypatch):
    import importlib

    monkeypatch.setattr(importlib.import_module("matcher.search.thresholds"), "DENSE_PAIR_LIMIT", 0)


def test_a_time_limit_too_short_to_build_says_so(large_path):
    problem = problem_from_frames(*generate_cohort(150, 18, seed=1))
    result = solve(problem, time_limit=1e-9, workers=2, seed=0)
    assert result.status is Status.UNKNOWN and not result.has_solution
    assert "model was being built" in result.reasons[0]
    with language("fr"):
        result = solve(problem, time_limit=1e-9, workers=2, seed=0)
    assert "construction du modèle" in result.reasons[0]


def test_a_time_limit_too_short_for_cp_sat_says_so():
    problem = problem_from_frames(*generate_cohort(40, 8, seed=1))  # CP-SAT alone
    result = solve(problem, time_limit=1e-9, workers=2, seed=0, lp=False, choices_first=False)
    assert result.status is Status.UNKNOWN
    assert "model was being built" in result.reasons[0]
    # under choices first, the first step's teams (its exact minimum, found in milliseconds on
    # 40 students) answer when the second step has no time: valid teams, never a bound
    first = solve(problem, time_limit=1e-9, workers=2, seed=0, lp=False)
    assert first.status in (Status.UNKNOWN, Status.FEASIBLE)
    if first.assignment:
        assert check(problem, first.assignment) == [] and first.best_bound is None


# ---------------------------------------------------------------------- the Budget object


def test_the_budget_counts_from_its_start_and_says_what_is_left():
    from matcher.search.budget import Budget

    budget = Budget(10.0, start=time.perf_counter() - 4.0)
    assert 5.5 < budget.left() <= 6.0 and not budget.expired()
    assert budget.share(0.5) == pytest.approx(budget.start + 5.0)
    spent = Budget(1.0, start=time.perf_counter() - 2.0)
    assert spent.expired() and spent.left() == 0.01 and spent.remaining() < 0
    unlimited = Budget(None)
    assert unlimited.left() is None and not unlimited.expired()
    assert unlimited.remaining() == float("inf") and unlimited.share(0.5) is None


def test_the_budget_halts_on_the_callers_stop_or_a_proof():
    from matcher.search.budget import Budget

    stop, proven = threading.Event(), threading.Event()
    budget = Budget(None, stop)
    assert budget.halt is stop
    budget.proven = proven
    assert not budget.halt.is_set()
    proven.set()
    assert budget.halt.is_set() and not budget.stopped()
    stop.set()
    assert budget.stopped()


class _Helper:
    def __init__(self, log, name, fail=False):
        self.log, self.name, self.fail = log, name, fail

    def close(self):
        self.log.append(self.name)
        if self.fail:
            raise OSError(self.name)


def test_the_budget_closes_every_helper_newest_first_even_when_one_fails():
    from matcher.search.budget import Budget

    log: list[str] = []
    budget = Budget(None)
    budget.own(_Helper(log, "lp"))
    budget.own(_Helper(log, "mip", fail=True))
    budget.own(_Helper(log, "watcher"))
    with pytest.raises(OSError, match="mip"):
        budget.close()
    assert log == ["watcher", "mip", "lp"]
    budget.close()  # nothing left to close
    assert log == ["watcher", "mip", "lp"]


def test_the_stop_watcher_relays_a_stop_until_closed():
    from matcher.search.budget import StopWatcher

    event, stops, polls = threading.Event(), [], []
    watcher = StopWatcher(event, lambda: stops.append(1), lambda: polls.append(1))
    time.sleep(0.1)
    event.set()
    time.sleep(0.1)
    watcher.close()
    assert polls and stops and not watcher.thread.is_alive()


@pytest.mark.slow
def test_a_stop_set_before_the_search_returns_promptly_with_every_thread_joined():
    problem = problem_from_frames(*generate_cohort(300, 36, seed=2))
    stop = threading.Event()
    stop.set()
    before = set(threading.enumerate())
    result = solve(problem, time_limit=30, workers=2, seed=0, stop=stop)
    assert result.interrupted or result.status is Status.OPTIMAL
    assert set(threading.enumerate()) <= before


def test_a_threshold_set_on_the_old_module_reaches_the_pipeline(monkeypatch):
    import importlib

    from matcher.search import thresholds

    facade = importlib.import_module("matcher.solve")  # (``matcher.solve`` is the function)
    monkeypatch.setattr(facade, "WARM_PAIRS", 7)
    assert thresholds.WARM_PAIRS == 7 and facade.WARM_PAIRS == 7
    monkeypatch.undo()
    assert thresholds.WARM_PAIRS == 2_000
