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
