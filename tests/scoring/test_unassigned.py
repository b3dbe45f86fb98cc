"""Tests of :mod:`matcher.scoring.unassigned`: the ``unassigned`` term on hand-made examples.

Both faces are compared on random cases in test_term_faces.py.
"""

from __future__ import annotations

from faces import checked_value as value

from matcher.problem import Problem, Project, Student


def test_counts_students_without_a_team_negatively():
    p = Problem(students=[Student(id=i) for i in "abc"], projects=[Project(id="P", max_size=3)])
    assert value("unassigned", p, {"a": "P", "b": "P", "c": "P"}) == 0
    assert value("unassigned", p, {"a": "P", "b": None}) == -2
    assert value("unassigned", p, {}) == -3
