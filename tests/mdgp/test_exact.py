"""CP-SAT exact MDGP: proves the known optima of the shipped n = 10 and n = 12 instances."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from extras import needs_numba
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.mdgp import MDGPInstance, read_mdgp, solve_mdgp
from matcher.mdgp.exact import canonical_labels, integer_scale, size_profiles, solve_exact

DATA = Path(__file__).resolve().parents[1] / "data" / "mdgp"

# proven by exhaustive enumeration (shared/benchmarks/mdgp/optimal_small_computed.csv)
KNOWN = {
    "RanReal_n010_ss_01": 1427.845,
    "RanInt_n010_ds_01": 1325.0,
    "RanInt_n012_ds_01": 1059.0,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(KNOWN))
def test_proves_known_optimum(name):
    inst = read_mdgp(DATA / f"{name}.txt")
    res = solve_exact(inst, time_limit=60, workers=2)
    assert res.status == "OPTIMAL"
    assert res.objective == pytest.approx(KNOWN[name], abs=1e-6)
    assert res.best_bound == pytest.approx(KNOWN[name], abs=1e-6)
    assert inst.violations(res.groups) == []


@needs_numba
def test_solve_mdgp_reports_optimal_with_bound():
    inst = read_mdgp(DATA / "RanReal_n010_ss_01.txt")
    res = solve_mdgp(inst, time_limit=30, workers=2, seed=0)
    assert res.status == "OPTIMAL"
    assert res.objective == pytest.approx(1427.845, abs=1e-6)
    assert res.best_bound == pytest.approx(res.objective, abs=1e-6)
    assert inst.violations(res.groups) == []


def test_integer_scale():
    assert integer_scale(np.array([1.0, 2.0])) == 1
    assert integer_scale(np.array([1.5, 2.25])) == 100
    assert integer_scale(np.array([12.345])) == 1000


def test_size_profiles_lists_each_class_once():
    lo, hi = np.array([3, 3, 2, 3]), np.array([4, 4, 5, 4])
    profiles = size_profiles(lo, hi, 12, limit=64)
    assert sorted(map(tuple, profiles)) == [(3, 3, 3, 3), (4, 3, 2, 3)]
    assert size_profiles(np.zeros(6, int), np.full(6, 30), 30, limit=5) is None


def test_canonical_labels_keeps_objective():
    lo, hi = np.array([2, 2, 1]), np.array([2, 2, 3])
    g = np.array([1, 0, 1, 0, 2])
    c = canonical_labels(g, lo, hi)
    assert c.tolist() == [0, 1, 0, 1, 2]


def _brute(inst: MDGPInstance) -> float:
    best = -np.inf
    for labels in itertools.product(range(inst.m), repeat=inst.n):
        if not inst.violations(labels):
            best = max(best, inst.objective(labels))
    return best


@settings(max_examples=8, deadline=None)
@given(
    st.integers(3, 7).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.integers(-5, 50), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2),
            st.integers(1, 3),
        )
    )
)
def test_exact_equals_brute_force(args):
    n, tri, m = args
    d = np.zeros((n, n))
    d[np.triu_indices(n, 1)] = np.array(tri) / 4.0  # two decimals: exercises the scaling
    d = d + d.T
    lower = [max(0, n // m - 1)] * m
    upper = [n // m + 1] * m
    inst = MDGPInstance(n=n, m=m, lower=lower, upper=upper, distances=d)
    res = solve_exact(inst, time_limit=30)
    assert res.status == "OPTIMAL"
    assert res.objective == pytest.approx(_brute(inst), abs=1e-9)
