"""Reading a teams file made by anyone (:mod:`matcher.io.teams`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.config import Config
from matcher.errors import InputErrors
from matcher.io.teams import read_teams
from matcher.problem import Problem, Project, Student


def _problem() -> Problem:
    return Problem(students=[Student(id=s) for s in ("S1", "S2", "-S3")],
                   projects=[Project(id="P1", max_size=3), Project(id="P2", max_size=3)])


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "teams.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_aliases_empty_cells_and_a_formula_guarded_id(tmp_path: Path) -> None:
    path = _write(tmp_path, "étudiant,équipe,note\nS1,P1,x\nS2,,y\n'-S3,P2,z\n")
    assert read_teams(path, _problem(), Config()) == {"S1": "P1", "S2": None, "-S3": "P2"}


def test_every_bad_row_is_named_at_once(tmp_path: Path) -> None:
    path = _write(tmp_path, "student_id,project_id\ns1,P1\nS2,P9\nS2,P1\nS2,P2\n,P1\n")
    with pytest.raises(InputErrors) as caught:
        read_teams(path, _problem(), Config())
    errors = caught.value.errors
    assert [(e.row, e.column) for e in errors] == [
        (2, "student_id"), (3, "project_id"), (5, "student_id"), (6, "student_id")]
    assert "did you mean 'S1'?" in (errors[0].hint or "")
    assert "listed twice (also row 4)" in errors[2].message
    assert all(e.file == path for e in errors)
