"""The teams file and its workbook: one row per student, and the sheets beside it.

Computed from the problem and a plain assignment, never from a solver: ``matcher solve``,
``matcher pareto``, the exports and the server write the same rows for the same teams.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

from matcher.assignment import Assignment
from matcher.io.write import write_csv, write_xlsx
from matcher.problem import Problem
from matcher.result import Result
from matcher.summary import figures, team_summaries

#: Columns of the teams file, in order (one row per student).
TEAM_COLUMNS: tuple[str, ...] = ("student_id", "name", "project_id", "project_title", "rank",
                                 "discipline", "institution", "points")


def teams_frame(problem: Problem, assignment: Assignment) -> pd.DataFrame:
    """One row per student in :data:`TEAM_COLUMNS`, grouped by team in the order of the
    projects file, members in cohort order, students without a team last."""
    order = {p.id: j for j, p in enumerate(problem.projects)}
    titles = {p.id: p.title for p in problem.projects}
    rows = []
    for i, s in enumerate(problem.students):
        pid = assignment.get(s.id)
        pid = pid if pid in order else None
        rows.append(((order[pid] if pid else len(order), i), {
            "student_id": s.id, "name": s.name, "project_id": pid or "",
            "project_title": titles.get(pid, "") if pid else "",
            "rank": s.rank_of(pid) if pid else None,
            "discipline": s.discipline, "institution": s.institution,
            "points": problem.points(s, pid) if pid else 0,
        }))
    rows.sort(key=lambda item: item[0])
    frame = pd.DataFrame([r for _, r in rows], columns=list(TEAM_COLUMNS))
    frame["rank"] = frame["rank"].astype("Int64")
    return frame


def students_frame(problem: Problem, assignment: Assignment) -> pd.DataFrame:
    """One row per student in cohort order: who they are, what they ranked, what they got,
    and their extra attributes."""
    titles = {p.id: p.title for p in problem.projects}
    attrs = sorted({a for s in problem.students for a in s.attributes})
    rows = []
    for s in problem.students:
        pid = assignment.get(s.id)
        pid = pid if pid in titles else None
        row: dict[str, Any] = {
            "student_id": s.id, "name": s.name, "discipline": s.discipline,
            "institution": s.institution, "preferences": ";".join(s.preferences),
            "project_id": pid or "", "project_title": titles.get(pid, "") if pid else "",
            "rank": s.rank_of(pid) if pid else None,
            "points": problem.points(s, pid) if pid else 0,
        }
        row.update({a: s.attributes.get(a) for a in attrs})
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["rank"] = frame["rank"].astype("Int64")
    return frame


def projects_frame(problem: Problem, assignment: Assignment) -> pd.DataFrame:
    """One row per project idea, open or not, with its team's figures."""
    teams = {t["project_id"]: t for t in team_summaries(problem, assignment)}
    rows = []
    for p in problem.projects:
        t = teams.get(p.id)
        rows.append({
            "project_id": p.id, "title": p.title, "open": "yes" if t else "no",
            "optional": "yes" if p.optional else "no", "min_size": p.min_size,
            "max_size": p.max_size, "size": t["size"] if t else 0,
            "distinct_disciplines": t["distinct_disciplines"] if t else 0,
            "distinct_institutions": t["distinct_institutions"] if t else 0,
            "first_choices": t["first_choices"] if t else 0,
            "mean_rank": round(t["mean_rank"], 2) if t and t["mean_rank"] is not None
            else None,
            "members": "; ".join(m["name"] or m["student_id"] for m in t["members"]) if t
            else "",
        })
    return pd.DataFrame(rows)



def summary_sheet(problem: Problem, result: Result) -> pd.DataFrame:
    """The Summary worksheet: one (item, value) row per figure, weight and term."""
    f = figures(problem, result.assignment)
    rows: list[tuple[str, Any]] = [
        ("status", result.status.value), ("objective", result.objective),
        ("best_bound", result.best_bound), ("gap", result.gap),
        ("wall_time_s", round(result.wall_time_s, 3)),
        ("interrupted", "yes" if result.interrupted else "no"),
        ("students", f.students), ("teams", f.teams), ("unassigned", f.unassigned),
        ("share_first_choice", f.share_first_choice), ("share_top3", f.share_top3),
        ("mean_rank", f.mean_rank), ("mean_distinct_disciplines", f.mean_disciplines),
        ("mean_distinct_institutions", f.mean_institutions),
    ]
    if f.wishes_expressed:
        rows += [("wishes_granted", f.wishes_granted), ("wishes_expressed", f.wishes_expressed),
                 ("students_with_a_wish_granted", f.students_with_a_wish_granted),
                 ("students_with_wishes", f.students_with_wishes)]
    rows += [(f"weight.{k}", v) for k, v in result.weights.items()]
    rows += [(f"term.{k}", v) for k, v in result.terms.items()]
    return pd.DataFrame(rows, columns=["item", "value"])


# --------------------------------------------------------------------------- writing


def is_xlsx(path: str) -> bool:
    """Whether ``path`` asks for a workbook (``.xlsx``)."""
    return os.path.splitext(path)[1].lower() == ".xlsx"


def write_teams(path: str, problem: Problem, result: Result) -> None:
    """Write the teams atomically: CSV (UTF-8 with BOM, one row per student), or with ``.xlsx`` a
    workbook with sheets Teams (the same rows), Students, Summary and Projects."""
    teams = teams_frame(problem, result.assignment)
    if is_xlsx(path):
        write_xlsx(path, {
            "Teams": teams,
            "Students": students_frame(problem, result.assignment),
            "Summary": summary_sheet(problem, result),
            "Projects": projects_frame(problem, result.assignment),
        })
    else:
        write_csv(path, teams, bom=True)  # Excel reads accents right on a double click
