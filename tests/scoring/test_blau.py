"""Tests of :mod:`matcher.scoring.blau`: the ``blau`` term on hand-made examples.

Both faces are compared on random cases in test_term_faces.py.
"""

from __future__ import annotations

from faces import checked_value as value

from matcher.problem import Problem, Project, Student


def _problem(disciplines: str) -> Problem:
    students = [Student(id=f"s{i}", discipline=d.strip()) for i, d in enumerate(disciplines)]
    return Problem(students=students, projects=[Project(id=i, max_size=4) for i in "PQ"])


def test_differing_pairs_in_a_team():
    p = _problem("AAB")
    assert value("blau.discipline", p, {"s0": "P", "s1": "P", "s2": "P"}) == 2
    p = _problem("ABC")
    assert value("blau.discipline", p, {"s0": "P", "s1": "P", "s2": "P"}) == 3
    p = _problem("AABB")
    assert value("blau.discipline", p, {"s0": "P", "s1": "P", "s2": "P", "s3": "P"}) == 4


def test_teams_add_up_and_unknown_values_are_left_out():
    p = _problem("AB C")
    assert value("blau.discipline", p, {"s0": "P", "s1": "P", "s2": "P", "s3": "Q"}) == 1
    # P: A, C (1 pair); Q: B and an unknown value (no pair)
    assert value("blau.discipline", p, {"s0": "P", "s1": "Q", "s2": "Q", "s3": "P"}) == 1
    p = _problem("AB CA")
    assert value("blau.discipline", p, {"s0": "P", "s1": "P", "s2": "Q", "s3": "Q",
                                        "s4": "Q"}) == 1 + 1


def test_uniform_team_has_no_differing_pair():
    p = _problem("AAA")
    assert value("blau.discipline", p, {"s0": "P", "s1": "P", "s2": "P"}) == 0
