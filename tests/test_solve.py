"""Tests of :mod:`matcher.solve`: valid teams, determinism, proven optimum on the sample,
progress, stop and time limit."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from strategies import problems

from matcher.check import check, objective
from matcher.problem import Problem, Project, Student
from matcher.read import read_problem
from matcher.result import Progress, Status
from matcher.rules import Rules
from matcher.sample import generate_cohort, write_cohort
from matcher.solve import solve

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


@pytest.fixture(scope="module")
def sample():
    return read_problem(SAMPLES / "students.csv", SAMPLES / "projects.csv")


@pytest.fixture(scope="module")
def big_cohort(tmp_path_factory):
    """A cohort large enough that CP-SAT alone (``lp=False``) takes far longer to prove
    optimality than the tests wait."""
    students, projects = generate_cohort(120, 16, seed=7)
    paths = write_cohort(students, projects, tmp_path_factory.mktemp("cohort"))
    return read_problem(*paths)


@settings(max_examples=40, deadline=None)
@given(problems())
def test_every_returned_assignment_satisfies_every_rule(problem):
    result = solve(problem, workers=1, seed=0)
    assert result.status in (Status.OPTIMAL, Status.INFEASIBLE)  # tiny: always decided
    if result.has_solution:
        assert check(problem, result.assignment) == []
        assert objective(problem, result.assignment) == result.objective
        assert set(result.assignment) == {s.id for s in problem.students}
    else:
        assert result.reasons and result.assignment == {}


@settings(max_examples=15, deadline=None)
@given(problems())
def test_same_seed_and_one_worker_give_the_same_assignment(problem):
    first = solve(problem, workers=1, seed=5)
    second = solve(problem, workers=1, seed=5)
    assert (first.status, first.assignment, first.objective) == \
        (second.status, second.assignment, second.objective)


def test_sample_is_deterministic_also_in_parallel_threads(sample):
    alone = solve(sample, workers=1, seed=11)
    assert alone.has_solution
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(solve, sample, workers=1, seed=11) for _ in range(2)]
        together = [f.result() for f in futures]
    for r in together:
        assert r.assignment == alone.assignment
        assert r.objective == alone.objective


def test_sample_cohort_solves_to_proven_optimality(sample):
    result = solve(sample, workers=2, choices_first=False)  # the plain weighted sum
    assert result.status is Status.OPTIMAL
    assert result.objective == 759 == result.best_bound
    assert result.gap == 0
    assert check(sample, result.assignment) == []
    assert objective(sample, result.assignment) == 759


def test_sample_cohort_by_default_puts_choices_first(sample):
    # nobody needs to land on an idea they did not rank, and the best weighted sum under
    # that is one point below the plain optimum's 759
    result = solve(sample, workers=2)
    assert result.status is Status.OPTIMAL and result.choices_first
    assert result.unranked == result.unranked_minimum == 0
    assert result.objective == 758 == result.best_bound
    assert check(sample, result.assignment) == []
    assert result._solver_terms == {k: result.terms[k] for k in result._solver_terms}


def test_callback_receives_progress(sample):
    events: list[Progress] = []
    result = solve(sample, workers=1, seed=0, callback=events.append)
    assert result.status is Status.OPTIMAL
    assert events and all(isinstance(e, Progress) for e in events)
    solutions = [e for e in events if e.event == "solution"]
    assert solutions, [e.event for e in events]
    assert [e.solutions for e in solutions] == list(range(1, len(solutions) + 1))
    assert solutions[-1].objective == result.objective
    assert all(e.best_bound is None or e.objective is None or e.best_bound >= e.objective
               for e in events)


@pytest.mark.slow
def test_stop_event_stops_a_longer_solve(big_cohort):
    stop = threading.Event()

    def on_progress(p: Progress) -> None:
        if p.event == "solution":  # stop as soon as valid teams exist
            stop.set()

    # CP-SAT alone (lp=False): the exact MIP proves this cohort optimal in a fraction of a
    # second, before any stop could arrive
    result = solve(big_cohort, workers=2, seed=0, callback=on_progress, stop=stop,
                   time_limit=600, lp=False)
    assert stop.is_set() and result.interrupted
    assert result.status is Status.FEASIBLE  # stopped on its first teams, far from proven
    assert result.gap > 0
    assert check(big_cohort, result.assignment) == []


def test_stop_set_before_the_search_returns_at_once(big_cohort):
    stop = threading.Event()
    stop.set()
    result = solve(big_cohort, workers=1, stop=stop, time_limit=600)
    assert result.interrupted
    assert result.status in (Status.UNKNOWN, Status.FEASIBLE)


def test_tiny_time_limit_returns_unknown_or_feasible(big_cohort):
    result = solve(big_cohort, workers=1, time_limit=0.01)
    assert result.status in (Status.UNKNOWN, Status.FEASIBLE)
    if result.has_solution:
        assert check(big_cohort, result.assignment) == []
        # a bound only when one is proven (none when the time ran out before any)
        assert result.best_bound is None or result.best_bound >= result.objective


@pytest.mark.slow
def test_solve_never_prints():
    # In a fresh process: some native libraries print a banner only on first use.
    students, projects = str(SAMPLES / "students.csv"), str(SAMPLES / "projects.csv")
    # reading says which columns it kept as attributes (an InputNotice, a Python warning the
    # caller may show): not this test's subject, which is the solve
    code = ("import warnings, matcher\nwith warnings.catch_warnings():\n"
            "    warnings.simplefilter('ignore', matcher.errors.InputWarning)\n"
            f"    p = matcher.read_problem({students!r}, {projects!r})\n"
            "r = matcher.solve(p, workers=1); assert r.status.value == 'OPTIMAL'; "
            # the LP bound solve() may run in a thread (or not, if CP-SAT is done first)
            "from matcher.search.relaxation import lp_bound; assert lp_bound(p).bound >= 759")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", "")


def _split_genders(**rules) -> Problem:
    # The LP relaxation ignores no_isolated and places a with c, b with d (their favourites)
    # integrally: the LP-guided neighbourhood has no valid teams, the problem has.
    students = [Student(id="a", discipline="w", preferences=("P", "Q"), attributes={"g": "F"}),
                Student(id="b", discipline="x", preferences=("Q", "P"), attributes={"g": "F"}),
                Student(id="c", discipline="y", preferences=("P", "Q"), attributes={"g": "M"}),
                Student(id="d", discipline="z", preferences=("Q", "P"), attributes={"g": "M"})]
    return Problem(students=students,
                   projects=[Project(id="P", min_size=2, max_size=2),
                             Project(id="Q", min_size=2, max_size=2)],
                   rules=Rules(**rules))


def test_empty_lp_neighbourhood_falls_back_to_the_full_model():
    # Found by tests/test_brute_force.py.
    result = solve(_split_genders(no_isolated={"g": []}), workers=1)
    assert result.status is Status.OPTIMAL and result.objective == 46
    tiny = Problem(students=[Student(id="a", discipline="x")],
                   projects=[Project(id="P", max_size=1)],
                   rules=Rules(no_isolated={"discipline": []}))
    result = solve(tiny, workers=1)
    assert result.status is Status.INFEASIBLE and result.reasons
