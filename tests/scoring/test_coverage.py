"""Tests of :mod:`matcher.scoring.coverage`: the ``coverage`` term on hand-made examples.

Both faces are compared on random cases in test_term_faces.py.
"""

from __future__ import annotations

from faces import checked_value as value

from matcher.problem import Problem, Project, Student


def _problem() -> Problem:
    students = [Student(id="a", discipline="A", institution="X"),
                Student(id="b", discipline="A", institution="Y"),
                Student(id="c", discipline="B", institution="X"),
                Student(id="d", discipline="", institution="X")]
    return Problem(students=students, projects=[Project(id=i, max_size=4) for i in "PQ"])


def test_distinct_values_per_open_team():
    p = _problem()
    assignment = {"a": "P", "b": "P", "c": "P", "d": "Q"}
    assert value("discipline", p, assignment) == 2 + 0  # d's discipline is unknown
    assert value("institution", p, assignment) == 2 + 1
    assert value("coverage.discipline", p, {"a": "P", "b": "Q", "c": "Q"}) == 1 + 2


def test_no_open_team_covers_nothing():
    assert value("discipline", _problem(), {}) == 0
