"""Tests of :mod:`matcher.scoring.min_coverage`: the ``min_coverage`` term on hand-made examples.

Both faces are compared on random cases in test_term_faces.py.
"""

from __future__ import annotations

from faces import checked_value as value

from matcher.problem import Problem, Project, Student


def _problem() -> Problem:
    students = [Student(id="a", discipline="A"), Student(id="b", discipline="B"),
                Student(id="c", discipline="A"), Student(id="d", discipline="")]
    return Problem(students=students, projects=[Project(id=i, max_size=4) for i in "PQR"])


def test_lowest_distinct_values_of_an_open_team():
    p = _problem()
    assert value("min_coverage.discipline", p, {"a": "P", "b": "P", "c": "Q"}) == 1
    assert value("min_coverage.discipline", p, {"a": "P", "b": "P", "c": "Q", "d": "Q"}) == 1
    assert value("min_coverage.discipline", p, {"a": "P", "b": "P", "c": "P"}) == 2


def test_a_team_of_unknown_values_counts_zero_and_no_team_gives_zero():
    p = _problem()
    assert value("min_coverage.discipline", p, {"a": "P", "b": "P", "d": "Q"}) == 0
    assert value("min_coverage.discipline", p, {}) == 0


def test_the_upper_bound_counts_how_many_teams_each_value_can_reach():
    from itertools import product

    from matcher.check import check
    from matcher.registry import make_terms

    students = [Student(id=f"s{i}", discipline=d) for i, d in enumerate("aaab")]
    problem = Problem(students=students, projects=[Project(id=p, max_size=3) for p in "PQ"],
                      weights={"min_coverage.discipline": 1})
    [(term, _)] = make_terms(problem)
    ids = [s.id for s in students]
    best = max(term.value(problem, a) for combo in product("PQ", repeat=4)
               if not check(problem, a := dict(zip(ids, combo, strict=True))))
    # both teams open (3 + 3 seats for 4 students), and b reaches only one of them
    assert best == 1 and term.upper_bound(problem) == 1  # was min(V, max_size) = 2
