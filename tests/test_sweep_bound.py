"""The bound a sweep's points prove for each other, against brute-force optima."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher import Problem, Project, Student, check, score
from matcher.dissimilarity import Dissimilarity
from matcher.rules import Rules
from matcher.sweep_bound import combined_bound

TERMS = ("preference", "discipline", "pairwise", "unassigned")


def term_vectors(problem: Problem) -> list[tuple[int, ...]]:
    """The term values (in :data:`TERMS` order) of every assignment that breaks no rule."""
    choices: list[str | None] = [p.id for p in problem.projects]
    if problem.rules.allow_unassigned:
        choices.append(None)
    out = set()
    weights = dict.fromkeys(TERMS, 1)
    for combo in itertools.product(choices, repeat=len(problem.students)):
        a = dict(zip((s.id for s in problem.students), combo, strict=True))
        if not check(problem, a):
            values = score(problem, a, weights)
            out.add(tuple(values[t] for t in TERMS))
    return sorted(out)


def optimum(vectors: list[tuple[int, ...]], w: tuple[int, ...]) -> int:
    return max(sum(a * b for a, b in zip(w, v, strict=True)) for v in vectors)


@st.composite
def tiny_problems(draw: st.DrawFn) -> Problem:
    n = draw(st.integers(2, 5))
    pids = [f"P{j}" for j in range(draw(st.integers(1, 3)))]
    students = [Student(id=f"S{i}", discipline=draw(st.sampled_from(["bio", "info", "math"])),
                        preferences=tuple(draw(st.permutations(pids))[:draw(
                            st.integers(0, len(pids)))]))
                for i in range(n)]
    projects = [Project(id=p, min_size=draw(st.integers(1, 2)), max_size=draw(st.integers(2, 3)),
                        optional=draw(st.booleans())) for p in pids]
    return Problem(students=students, projects=projects, rules=Rules(allow_unassigned=True),
                   pairwise=Dissimilarity(attributes={"discipline": 1}))


weights = st.tuples(*(st.integers(0, 6) for _ in TERMS))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems(), st.lists(weights, min_size=1, max_size=6), st.lists(weights, max_size=4),
       st.lists(st.integers(0, 3), min_size=6, max_size=6), st.lists(st.integers(0, 2),
                                                                   min_size=6, max_size=6))
def test_combined_bound_bounds_the_brute_force_optimum(
        problem: Problem, known_weights: list[tuple[int, ...]], targets: list[tuple[int, ...]],
        multipliers: list[int], slack: list[int]) -> None:
    vectors = term_vectors(problem)
    if not vectors:
        return
    # proven bounds at the known points: their optimum, or a looser bound
    known = [(w, optimum(vectors, w) + s) for w, s in zip(known_weights, slack, strict=False)]
    # a nonnegative combination of the known points: its bound is at most the combination's
    combo = tuple(sum(m * w[k] for m, (w, _) in zip(multipliers, known, strict=False))
                  for k in range(len(TERMS)))
    promised = sum(m * b for m, (_, b) in zip(multipliers, known, strict=False))
    bound = combined_bound(combo, known)
    assert bound is not None and bound <= promised
    assert bound >= optimum(vectors, combo)
    for target in targets:  # any other weights: no bound, or a true one
        bound = combined_bound(target, known)
        assert bound is None or bound >= optimum(vectors, target)


def test_exact_at_a_known_point_and_on_a_segment() -> None:
    known = [((1, 0), 10), ((0, 1), 7)]
    assert combined_bound((1, 0), known) == 10
    assert combined_bound((3, 2), known) == 44
    assert combined_bound((1, -1), known) is None  # no nonnegative combination
    # convex combinations of two points with a fixed third weight
    known = [((1, 0, 5), 30), ((5, 0, 5), 70)]
    assert combined_bound((3, 0, 5), known) == 50
    assert combined_bound((3, 1, 5), known) is None
    assert combined_bound((0, 0, 0), known) == 0


@pytest.mark.slow
def test_the_bound_lp_leaves_later_solves_exact() -> None:
    """HiGHS sizes a process-wide scheduler at its first run: the bound's LP, run on the
    default thread count before any solve, once made a later exact MIP claim a wrong optimum
    (872 proven where 893 exists). Each run in a fresh process."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    solve = ("import matcher; p = matcher.read_problem('data/samples/students.csv', "
             "'data/samples/projects.csv'); r = matcher.solve(p, weights={'preference': 4, "
             "'discipline': 0}, time_limit=20, workers=1); print(r.status.value, r.objective)")
    first = ("from matcher.sweep_bound import combined_bound; "
             "combined_bound([2, 1], [([1, 0], 10), ([3, 2], 40), ([1, 1], 15)]); ")
    outputs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              cwd=root, check=True).stdout.split()
               for code in (solve, first + solve)]
    assert outputs[0][0] == "OPTIMAL" and outputs[0] == outputs[1]
