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
    import matcher.solve as engine
    engine.DENSE_PAIR_LIMIT = {dense}
    problem = problem_from_frames(*generate_cohort({n}, {p}, seed=3))
    result = solve(problem, time_limit={limit}, workers=2, seed=0)
    assert result.has_solution, result.status
    print(sorted(t.name for t in threading.enumerate()))
""")


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

    monkeypatch.setattr(importlib.import_module("matcher.solve"), "DENSE_PAIR_LIMIT", 0)


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
    result = solve(problem, time_limit=1e-9, workers=2, seed=0, lp=False)
    assert result.status is Status.UNKNOWN
    assert "model was being built" in result.reasons[0]
