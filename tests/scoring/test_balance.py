"""Tests of :mod:`matcher.scoring.balance`: the ``balance`` term on hand-made examples.

Both faces are compared on random cases in test_term_faces.py.
"""

from __future__ import annotations

from faces import checked_value as value

from matcher.problem import Problem, Project, Student


def _problem(years: list) -> Problem:
    students = [Student(id=f"s{i}", attributes={"year": y}) for i, y in enumerate(years)]
    return Problem(students=students, projects=[Project(id=i, max_size=4) for i in "PQ"])


def test_deviation_of_team_means_scaled_to_integers():
    p = _problem([1, 2, 3, 6])  # N = 4, T = 12, mean 3
    # P = {1, 3}: |4*4 - 2*12| = 8; Q = {2, 6}: |4*8 - 2*12| = 8
    assert value("balance.year", p, {"s0": "P", "s2": "P", "s1": "Q", "s3": "Q"}) == -16
    # P = {1, 2, 3, 6}: mean equals the cohort's
    assert value("balance.year", p, dict.fromkeys(["s0", "s1", "s2", "s3"], "P")) == 0
    # P = {6}: |4*6 - 12| = 12; the unassigned do not count
    assert value("balance.year", p, {"s3": "P"}) == -12


def test_decimals_are_scaled_and_text_is_ignored():
    p = _problem([1, 2.5, "n/a"])  # values 10 and 25 (scale 10): N = 2, T = 35
    # P = {10}: |2*10 - 35| = 15; Q = {25, n/a}: |2*25 - 35| = 15
    assert value("balance.year", p, {"s0": "P", "s1": "Q", "s2": "Q"}) == -30


def _years(*years: int, size: int = 2) -> Problem:
    students = [Student(id=f"s{i}", attributes={"year": y}) for i, y in enumerate(years)]
    projects = [Project(id=f"P{j}", max_size=size) for j in range(2)]
    return Problem(students=students, projects=projects, weights={"balance.year": 1})


def test_floor_deviations_are_the_distance_to_the_nearest_multiple():
    from matcher.scoring.balance import floor_deviations

    # N = 3, T = 4: a_s = 3 v_s - 4 = (-1, -1, 2), all congruent to -1 modulo 3
    assert floor_deviations({0: 1, 1: 1, 2: 2}, 3) == [0, 1, 1, 0]
    assert floor_deviations({0: 5, 1: 5}, 2) == [0, 0, 0]  # all equal: a_s = 0


def test_the_upper_bound_is_the_brute_force_optimum_here_and_the_solver_proves_it():
    from test_brute_force import brute_force

    from matcher.registry import make_terms
    from matcher.result import Status
    from matcher.solve import solve

    problem = _years(1, 1, 2)  # teams of <= 2: {1, 2} and {1} deviate by 1 each, no better
    best, _ = brute_force(problem)
    assert best == -2
    [(term, _)] = make_terms(problem)
    assert term.upper_bound(problem) == -2
    result = solve(problem, workers=1, seed=0)
    assert result.status is Status.OPTIMAL and result.objective == best
