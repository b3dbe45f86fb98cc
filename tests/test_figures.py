"""Cohort figures of a formation."""

from __future__ import annotations

from matcher import Problem, Project, Student
from matcher.figures import FIGURE_COLUMNS, cohort_figures


def test_hand_computed_figures() -> None:
    students = [Student(id="a", discipline="bio", institution="UT", preferences=("P", "Q")),
                Student(id="b", discipline="info", institution="UT", preferences=("Q", "P")),
                Student(id="c", discipline="bio", institution="INSA", preferences=("Q",)),
                Student(id="d", discipline="", institution="", preferences=())]
    p = Problem(students=students,
                projects=[Project(id="P", max_size=3), Project(id="Q", max_size=3)])
    f = cohort_figures(p, {"a": "P", "b": "P", "c": "Q", "d": "Q"})
    assert list(f) == list(FIGURE_COLUMNS)
    assert f["share_first_choice"] == 0.5           # a and c
    assert f["mean_rank"] == round((1 + 2 + 1) / 3, 6)  # d ranked nothing
    assert f["mean_disciplines"] == 1.5             # P: bio, info; Q: bio
    assert f["mean_institutions"] == 1.0           # P: UT; Q: INSA (d unknown)
    assert f["mean_blau"] == 0.25                   # P: 1 - 2 * 1/4 = 0.5; Q: 0


def test_nobody_placed() -> None:
    p = Problem(students=[Student(id="a")], projects=[Project(id="P", max_size=1)])
    f = cohort_figures(p, {})
    assert f["share_first_choice"] == 0 and f["mean_rank"] is None and f["mean_blau"] is None
