"""Tests of :mod:`matcher.payoff`: each term's range, checked against brute force."""

from __future__ import annotations

from itertools import product

import pytest

from matcher.check import check
from matcher.payoff import normalised_values, payoff_table
from matcher.problem import Problem, ProblemValidationError, Project, Student
from matcher.scoring.catalog import make_term


def _problem() -> Problem:
    students = [Student(id=f"s{i}", discipline=d, preferences=prefs, attributes={"gender": g})
                for i, (d, prefs, g) in enumerate([("bio", ("P", "Q"), "F"),
                                                   ("bio", ("P", "Q"), "M"),
                                                   ("art", ("Q", "P"), "F"),
                                                   ("art", ("P",), "M")])]
    return Problem(students=students,
                   projects=[Project(id=p, min_size=2, max_size=2) for p in "PQ"])


def _range(problem: Problem, name: str) -> tuple[int, int]:
    term, values = make_term(name), []
    ids = [s.id for s in problem.students]
    for combo in product(["P", "Q"], repeat=len(ids)):
        assignment = dict(zip(ids, combo, strict=True))
        if not check(problem, assignment):
            values.append(term.value(problem, assignment))
    return min(values), max(values)


def test_each_range_is_the_brute_force_range_and_the_matrix_holds_values():
    problem = _problem()
    names = ["preference", "blau.gender", "min_points"]
    table = payoff_table(problem, names, time_limit=30, workers=1)
    assert list(table["term"]) == names
    for _, row in table.iterrows():
        lo, hi = _range(problem, row["term"])
        assert (row["min"], row["max"]) == (lo, hi), row["term"]
        assert row["min_status"] == row["max_status"] == "OPTIMAL"
        assert row["min_bound"] == lo and row["max_bound"] == hi
        assert row[f"at_max:{row['term']}"] == hi
        for other in names:
            o_lo, o_hi = _range(problem, other)
            assert o_lo <= row[f"at_max:{other}"] <= o_hi


def test_normalised_values_span_zero_to_one():
    problem = _problem()
    table = payoff_table(problem, ["preference", "discipline"], time_limit=20, workers=1)
    best = {"s0": "P", "s1": "Q", "s2": "Q", "s3": "P"}  # preference at its maximum, 7
    values = normalised_values(problem, best, table)
    assert values["preference"] == 1.0
    assert 0.0 <= values["discipline"] <= 1.0


def test_an_unknown_term_is_a_validation_error():
    with pytest.raises(ProblemValidationError):
        payoff_table(_problem(), ["no_such_term"], time_limit=5)
