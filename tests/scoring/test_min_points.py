"""Tests of :mod:`matcher.scoring.min_points`: the ``min_points`` term on hand-made examples.

Both faces are compared on random cases in test_term_faces.py.
"""

from __future__ import annotations

from faces import checked_value as value

from matcher.problem import Problem, Project, Student


def _problem() -> Problem:
    students = [Student(id="a", preferences=("P", "Q")), Student(id="b", preferences=("P",)),
                Student(id="c", preferences=("Q", "P"))]
    return Problem(students=students, projects=[Project(id=i, max_size=3) for i in "PQ"])


def test_lowest_points_of_any_student():
    p = _problem()  # K = 2
    assert value("min_points", p, {"a": "P", "b": "P", "c": "Q"}) == 2
    assert value("min_points", p, {"a": "Q", "b": "P", "c": "Q"}) == 1
    assert value("min_points", p, {"a": "P", "b": "Q", "c": "Q"}) == 0  # b: unranked


def test_an_unassigned_student_earns_zero():
    assert value("min_points", _problem(), {"a": "P", "b": "P"}) == 0


def _with_unranked() -> Problem:
    students = [Student(id="a", preferences=("P", "Q")), Student(id="b", preferences=("Q", "P")),
                Student(id="c", preferences=("P", "Q")), Student(id="z")]  # z ranked nothing
    return Problem(students=students, projects=[Project(id=i, min_size=1, max_size=2)
                                                for i in "PQ"])


def test_a_student_who_ranked_nothing_is_left_out():
    p = _with_unranked()  # K = 2; z earns 0 wherever placed and no longer pins the minimum
    assert value("min_points", p, {"a": "P", "b": "Q", "c": "Q", "z": "P"}) == 1
    assert value("min_points", p, {"a": "P", "b": "Q", "c": "P", "z": None}) == 2
    nobody = Problem(students=[Student(id="z")], projects=[Project(id="P", max_size=2)])
    assert value("min_points", nobody, {"z": "P"}) == 0


def test_the_solver_reaches_brute_force_and_the_bound_holds():
    from test_brute_force import brute_force

    from matcher.registry import make_terms
    from matcher.result import Status
    from matcher.solve import solve

    problem = _with_unranked().with_changes(weights={"min_points": 1})
    best, _ = brute_force(problem)
    assert best == 2  # a, c on P and b on Q: everyone who ranked earns their first choice
    result = solve(problem, workers=1, seed=0)
    assert result.status is Status.OPTIMAL and result.objective == best
    [(term, _)] = make_terms(problem)
    assert term.upper_bound(problem) >= best


def test_the_upper_bound_is_the_best_everyone_can_get_at_once():
    from itertools import product

    from matcher.check import check
    from matcher.registry import make_terms
    from matcher.scoring.min_points import fits

    # three students whose first choice is P (one seat): someone gets their second choice
    students = [Student(id=f"s{i}", preferences=("P", "Q", "R")) for i in range(3)]
    problem = Problem(students=students, projects=[Project(id=p, max_size=1) for p in "PQR"],
                      weights={"min_points": 1})
    [(term, _)] = make_terms(problem)
    ids = [s.id for s in students]
    best = max(term.value(problem, a) for combo in product("PQR", repeat=3)
               if not check(problem, a := dict(zip(ids, combo, strict=True))))
    assert best == 1 and term.upper_bound(problem) == 1  # K = 3 before
    assert fits({(0,): 2, (0, 1): 1}, [2, 1]) and not fits({(0,): 3}, [2, 1])
