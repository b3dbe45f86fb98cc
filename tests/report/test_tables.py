"""The teams file and its workbook (:mod:`matcher.report.tables`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from matcher.problem import Problem, Project, Student
from matcher.report.tables import TEAM_COLUMNS, is_xlsx, teams_frame, write_teams
from matcher.result import Result, Status


def _problem() -> Problem:
    return Problem(
        students=[Student(id="S1", name="Zoé", preferences=("P2", "P1")),
                  Student(id="S2", name="Bo", preferences=("P1",)),
                  Student(id="S3", name="Cy", preferences=("P2",))],
        projects=[Project(id="P1", title="One", max_size=3),
                  Project(id="P2", title="Two", max_size=3)],
    )


def _result() -> Result:
    return Result(status=Status.FEASIBLE, objective=1,
                  assignment={"S1": "P2", "S2": None, "S3": "P2"})


def test_teams_frame_groups_by_idea_in_file_order_and_puts_the_unplaced_last() -> None:
    frame = teams_frame(_problem(), _result().assignment)
    assert tuple(frame.columns) == TEAM_COLUMNS
    assert list(frame["student_id"]) == ["S1", "S3", "S2"]
    assert list(frame["project_id"]) == ["P2", "P2", ""]
    assert list(frame["rank"].astype(object).where(frame["rank"].notna(), None)) == [1, 1, None]


def test_write_teams_csv_has_a_bom_and_one_row_per_student(tmp_path: Path) -> None:
    path = tmp_path / "teams.csv"
    write_teams(str(path), _problem(), _result())
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back["student_id"]) == ["S1", "S3", "S2"]
    assert back["name"][0] == "Zoé"


def test_write_teams_xlsx_has_the_four_sheets(tmp_path: Path) -> None:
    path = tmp_path / "teams.XLSX"
    assert is_xlsx(str(path)) and not is_xlsx("teams.csv")
    write_teams(str(path), _problem(), _result())
    sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["Teams", "Students", "Summary", "Projects"]
    assert list(sheets["Teams"]["student_id"]) == ["S1", "S3", "S2"]
    summary = dict(zip(sheets["Summary"]["item"], sheets["Summary"]["value"], strict=True))
    assert summary["status"] == "FEASIBLE" and summary["unassigned"] == 1
    assert list(sheets["Projects"]["open"]) == ["no", "yes"]
