"""Cohort figures of a formation: one definition for every output."""

from __future__ import annotations

from matcher import Problem, Project, Student
from matcher.figures import FIGURE_COLUMNS, cohort_figures, figures


def test_hand_computed_figures() -> None:
    students = [Student(id="a", discipline="bio", institution="UT", preferences=("P", "Q")),
                Student(id="b", discipline="info", institution="UT", preferences=("Q", "P")),
                Student(id="c", discipline="bio", institution="INSA", preferences=("Q",)),
                Student(id="d", discipline="", institution="", preferences=())]
    p = Problem(students=students,
                projects=[Project(id="P", max_size=3), Project(id="Q", max_size=3)])
    f = cohort_figures(p, {"a": "P", "b": "P", "c": "Q", "d": "Q"})
    assert list(f) == list(FIGURE_COLUMNS)
    # a and c on their first choice, out of the 3 who ranked an idea (d ranked nothing)
    assert f["share_first_choice"] == round(2 / 3, 6)
    assert f["share_top3"] == 1.0
    assert f["mean_rank"] == round((1 + 2 + 1) / 3, 6)  # d ranked nothing
    assert f["no_team"] == 0
    assert f["mean_disciplines"] == 1.5             # P: bio, info; Q: bio
    assert f["mean_institutions"] == 1.0           # P: UT; Q: INSA (d unknown)
    assert f["mean_blau"] == 0.25                   # P: 1 - 2 * 1/4 = 0.5; Q: 0
    full = figures(p, {"a": "P", "b": "P", "c": "Q", "d": "Q"})
    assert (full.first_choice, full.ranked) == (2, 3)
    assert f["share_first_choice"] == round(full.share_first_choice, 6)


def test_nobody_placed() -> None:
    p = Problem(students=[Student(id="a", preferences=("P",))],
                projects=[Project(id="P", max_size=1)])
    f = cohort_figures(p, {})
    assert f["share_first_choice"] == 0 and f["mean_rank"] is None and f["mean_blau"] is None
    assert f["no_team"] == 1


def test_nobody_ranked() -> None:
    p = Problem(students=[Student(id="a")], projects=[Project(id="P", max_size=1)])
    assert cohort_figures(p, {"a": "P"})["share_first_choice"] is None


def test_report_counts_first_choices_as_the_summary() -> None:
    from matcher.report.html import render_report

    students = [Student(id="a", preferences=("P", "Q")), Student(id="b", preferences=("Q", "P")),
                Student(id="c", preferences=("Q",)), Student(id="d")]
    p = Problem(students=students,
                projects=[Project(id="P", max_size=3), Project(id="Q", max_size=3)])
    teams = {"a": "P", "b": "P", "c": "Q", "d": "Q"}
    f = figures(p, teams)
    page = render_report(p, teams)
    figures_section = page.split('id="figures"', 1)[1].split("</section>", 1)[0]
    assert (f.first_choice, f.ranked) == (2, 3)  # d ranked nothing
    assert "2 of 3" in figures_section
