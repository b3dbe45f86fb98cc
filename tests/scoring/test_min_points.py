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
