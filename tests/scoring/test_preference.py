"""Tests of :mod:`matcher.scoring.preference`: the ``preference`` term on hand-made examples.

Both faces are compared on random cases in test_term_faces.py.
"""

from __future__ import annotations

from faces import checked_value as value

from matcher.problem import Problem, Project, Student


def _problem() -> Problem:
    students = [Student(id="a", preferences=("P", "Q", "R")), Student(id="b", preferences=("Q",)),
                Student(id="c")]
    return Problem(students=students, projects=[Project(id=i, max_size=3) for i in "PQR"])


def test_rank_r_earns_k_minus_r_plus_one():
    p = _problem()  # K = 3, the longest list
    assert value("preference", p, {"a": "P", "b": "Q", "c": "R"}) == 3 + 3 + 0
    assert value("preference", p, {"a": "R", "b": "P", "c": "Q"}) == 1 + 0 + 0


def test_unassigned_earns_nothing():
    assert value("preference", _problem(), {"a": "Q"}) == 2
