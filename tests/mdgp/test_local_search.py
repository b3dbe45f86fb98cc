"""Iterated tabu search: feasible, honest objective, optimal on tiny instances (brute force)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from extras import needs_numba
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.errors import InputError
from matcher.mdgp import read_mdgp
from matcher.mdgp.instance import pairwise_objective
from matcher.mdgp.local_search import (
    LocalSearchParams,
    allowed_matrix,
    best_size_profile,
    maximize_pairwise,
    random_feasible_assignment,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "mdgp"
pytestmark = needs_numba
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def grouping_problems(draw, max_n: int = 8, max_m: int = 3, negative: bool = False):
    """A symmetric integer matrix and per-group bounds that admit a grouping."""
    n = draw(st.integers(2, max_n))
    m = draw(st.integers(1, min(max_m, n)))
    low_value = -20 if negative else 0
    upper_tri = draw(
        st.lists(st.integers(low_value, 100), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2)
    )
    d = np.zeros((n, n))
    d[np.triu_indices(n, 1)] = upper_tri
    d = d + d.T
    lower = draw(st.lists(st.integers(0, n // m), min_size=m, max_size=m))
    extra = draw(st.lists(st.integers(0, n), min_size=m, max_size=m))
    upper = [lo + e for lo, e in zip(lower, extra, strict=True)]
    if sum(upper) < n:
        upper[-1] += n - sum(upper)
    return d, np.array(lower), np.array(upper)


def brute_force(d, lower, upper, allowed=None):
    """Best objective over every assignment (m ** n of them)."""
    n, m = d.shape[0], len(lower)
    best = -np.inf
    for labels in itertools.product(range(m), repeat=n):
        g = np.array(labels)
        sizes = np.bincount(g, minlength=m)
        if np.any(sizes < lower) or np.any(sizes > upper):
            continue
        if allowed is not None and not allowed[np.arange(n), g].all():
            continue
        best = max(best, pairwise_objective(d, g))
    return best


def check_feasible(groups, lower, upper, allowed=None):
    sizes = np.bincount(groups, minlength=len(lower))
    assert np.all(sizes >= lower) and np.all(sizes <= upper)
    if allowed is not None:
        assert allowed[np.arange(len(groups)), groups].all()


@FAST
@given(grouping_problems(max_n=12, max_m=4, negative=True), st.integers(0, 2**31))
def test_result_is_feasible_and_objective_is_recomputed(problem, seed):
    d, lower, upper = problem
    res = maximize_pairwise(d, lower, upper, time_limit=5.0, max_iterations=300, seed=seed)
    check_feasible(res.groups, lower, upper)
    assert res.objective == pytest.approx(pairwise_objective(d, res.groups), abs=1e-9)


@pytest.mark.slow
@FAST
@given(grouping_problems(max_n=8, max_m=3))
def test_equals_brute_force_on_tiny_instances(problem):
    d, lower, upper = problem
    res = maximize_pairwise(d, lower, upper, time_limit=5.0, max_iterations=2000, seed=1)
    assert res.objective == pytest.approx(brute_force(d, lower, upper), abs=1e-9)


@settings(max_examples=25, deadline=None)
@given(grouping_problems(max_n=7, max_m=3), st.data())
def test_fixed_and_forbidden_pairs_are_honoured(problem, data):
    d, lower, upper = problem
    n, m = d.shape[0], len(lower)
    fixed = data.draw(st.dictionaries(st.integers(0, n - 1), st.integers(0, m - 1), max_size=2))
    forbidden = data.draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, m - 1)), max_size=3)
    )
    forbidden = [(i, g) for i, g in forbidden if fixed.get(i) != g]
    allowed = allowed_matrix(n, m, fixed, forbidden)
    best = brute_force(d, lower, upper, allowed)
    if best == -np.inf:
        with pytest.raises(InputError, match="no grouping"):
            maximize_pairwise(d, lower, upper, time_limit=1, fixed=fixed, forbidden=forbidden)
        return
    res = maximize_pairwise(
        d, lower, upper, time_limit=5.0, fixed=fixed, forbidden=forbidden, max_iterations=2000
    )
    check_feasible(res.groups, lower, upper, allowed)
    assert res.objective == pytest.approx(best, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(grouping_problems(max_n=10, max_m=4), st.integers(0, 1000))
def test_random_feasible_assignment(problem, seed):
    d, lower, upper = problem
    allowed = np.ones((d.shape[0], len(lower)), dtype=bool)
    a = random_feasible_assignment(allowed, lower, upper, np.random.default_rng(seed))
    assert a is not None
    check_feasible(a, lower, upper)


def test_best_size_profile_prefers_unequal_groups():
    # sum 10 within [2, 6] x 3: convexity fills groups to their upper bounds
    assert sorted(best_size_profile(np.array([2, 2, 2]), np.array([6, 6, 6]), 10, 1.0)) == [
        2,
        2,
        6,
    ]
    # negative mean distance: as equal as possible
    assert sorted(best_size_profile(np.array([2, 2, 2]), np.array([6, 6, 6]), 10, -1.0)) == [
        3,
        3,
        4,
    ]


def test_two_workers_and_callback_on_shipped_instance():
    inst = read_mdgp(DATA / "RanInt_n012_ds_01.txt")
    seen = []
    res = maximize_pairwise(
        inst.distances,
        inst.lower,
        inst.upper,
        time_limit=5.0,
        workers=2,
        max_iterations=3000,
        callback=seen.append,
    )
    assert res.objective == 1059.0  # the proven optimum
    assert inst.violations(res.groups) == []
    assert seen and seen[-1].objective == res.objective
    assert all(a.objective < b.objective for a, b in itertools.pairwise(seen))


def test_same_seed_same_result_with_iteration_limit():
    inst = read_mdgp(DATA / "RanReal_n010_ss_01.txt")
    runs = [
        maximize_pairwise(
            inst.distances,
            inst.lower,
            inst.upper,
            time_limit=10,
            max_iterations=500,
            seed=7,
            workers=workers,
        )
        for workers in (1, 1, 2, 2)
    ]
    assert np.array_equal(runs[2].groups, runs[3].groups)
    assert np.array_equal(runs[0].groups, runs[1].groups)


def test_initial_assignment_and_params():
    inst = read_mdgp(DATA / "RanReal_n010_ss_01.txt")
    start = np.array([0] * 5 + [1] * 5)
    res = maximize_pairwise(
        inst.distances,
        inst.lower,
        inst.upper,
        time_limit=5,
        initial=start,
        max_iterations=200,
        params=LocalSearchParams(tenure_min=2, tenure_rand=3, stagnation=20),
    )
    assert res.objective >= pairwise_objective(inst.distances, start)
    with pytest.raises(InputError, match="size bounds"):
        maximize_pairwise(inst.distances, inst.lower, inst.upper, time_limit=1, initial=[0] * 10)


def test_bad_inputs():
    d = np.zeros((3, 3))
    with pytest.raises(InputError, match="square"):
        maximize_pairwise(np.zeros((2, 3)), [1], [3], time_limit=1)
    with pytest.raises(InputError, match="out of range"):
        maximize_pairwise(d, [1], [3], time_limit=1, fixed={5: 0})
    with pytest.raises(InputError, match="both fixed"):
        maximize_pairwise(d, [1, 0], [3, 3], time_limit=1, fixed={0: 1}, forbidden=[(0, 1)])


def test_stops_early_when_no_neighbour_exists():
    d = np.ones((4, 4)) - np.eye(4)
    res = maximize_pairwise(d, [4], [4], time_limit=30.0, workers=2)
    assert res.wall_time_s < 5.0 and res.objective == 6.0
    fixed = {0: 0, 1: 0, 2: 1, 3: 1}
    res = maximize_pairwise(d, [2, 2], [2, 2], time_limit=30.0, fixed=fixed)
    assert res.wall_time_s < 5.0 and res.groups.tolist() == [0, 0, 1, 1]
