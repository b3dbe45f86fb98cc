"""Summaries of a formation (:mod:`matcher.summary`): figures, team records, JSON summaries,
computed from a plain assignment."""

from __future__ import annotations

from matcher import check
from matcher.problem import Problem, Project, Student
from matcher.result import Result, Status
from matcher.summary import (
    check_summary,
    figures,
    result_summary,
    solve_summary,
    team_summaries,
    unassigned_ids,
)


def _problem() -> Problem:
    return Problem(
        students=[
            Student(id="S1", name="Ana", discipline="design", institution="A",
                    preferences=("P1", "P2")),
            Student(id="S2", name="Bo", discipline="code", institution="B",
                    preferences=("P2", "P1")),
            Student(id="S3", name="Cy", discipline="code", institution="A",
                    preferences=("P1",)),
            Student(id="S4", name="Di", discipline="law"),
        ],
        projects=[Project(id="P1", title="One", max_size=3),
                  Project(id="P2", title="Two", max_size=3)],
    )


ASSIGNMENT = {"S1": "P1", "S2": "P1", "S3": "P1", "S4": None}


def test_figures_count_over_the_students_who_ranked() -> None:
    f = figures(_problem(), ASSIGNMENT)
    assert (f.students, f.ranked, f.placed, f.unassigned) == (4, 3, 3, 1)
    assert (f.first_choice, f.top3, f.teams) == (2, 3, 1)
    assert f.share_first_choice == 2 / 3 and f.share_top3 == 1.0
    assert f.mean_rank == (1 + 2 + 1) / 3
    assert (f.mean_disciplines, f.mean_institutions) == (2.0, 2.0)
    assert f.as_dict()["share_first_choice"] == 2 / 3


def test_team_summaries_name_each_member_with_the_rank_they_gave() -> None:
    (team,) = team_summaries(_problem(), ASSIGNMENT)
    assert (team["project_id"], team["title"], team["size"]) == ("P1", "One", 3)
    assert [(m["student_id"], m["rank"]) for m in team["members"]] == [
        ("S1", 1), ("S2", 2), ("S3", 1)]
    assert team["first_choices"] == 2
    assert unassigned_ids(_problem(), ASSIGNMENT) == ["S4"]


def test_check_summary_lists_the_broken_rules() -> None:
    p = _problem()
    crowded = {"S1": "P1", "S2": "P1", "S3": "P1", "S4": "P1"}  # 4 on an idea of at most 3
    violations = check(p, crowded)
    assert violations
    data = check_summary(p, crowded, violations, {"preference": 1}, {"preference": 5}, 5)
    assert (data["status"], data["valid"]) == ("INVALID", False)
    assert len(data["violations"]) == len(violations)
    assert data["unassigned"] == [] and data["figures"]["placed"] == 4
    ok = check_summary(p, ASSIGNMENT, [], {}, {}, 0)
    assert (ok["status"], ok["valid"], ok["violations"]) == ("VALID", True, [])


def test_result_summary_carries_the_search_figures() -> None:
    result = Result(status=Status.FEASIBLE, objective=7, best_bound=9,
                    assignment=ASSIGNMENT, wall_time_s=1.23456)
    data = result_summary(_problem(), result)
    assert (data["status"], data["objective"], data["best_bound"]) == ("FEASIBLE", 7, 9)
    assert data["wall_time_s"] == 1.235
    assert [t["project_id"] for t in data["teams"]] == ["P1"]
    assert data["unassigned"] == ["S4"]


def test_solve_summary_tells_the_command_limit_from_the_search_limit() -> None:
    result = Result(status=Status.FEASIBLE, objective=7, assignment=ASSIGNMENT,
                    time_limit_s=8.5)
    low = [{"student_id": "S4", "project_id": None, "rank": None, "reason": None}]
    data = solve_summary(_problem(), result, time_limit=10.0, low_placements=low,
                         reasons="pending")
    assert (data["time_limit_s"], data["search_time_limit_s"]) == (10.0, 8.5)
    assert list(data)[-3:] == ["search_time_limit_s", "low_placements",
                               "low_placement_reasons"]
    assert data["low_placements"] == low and "moves" not in data  # no previous formation
