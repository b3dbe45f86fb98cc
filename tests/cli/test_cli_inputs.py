"""Form exports through the command line: titles, grids, repeated answers, .ods and .xls."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from cli_support import FORMS, cli, run

CONFIG = FORMS / "forms.toml"
PROJECTS = FORMS / "projets.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.slow
def test_google_export_with_titles_and_a_double_answer(tmp_path: Path) -> None:
    """The issue's export solves; the answer dropped is named on stderr, with the row kept."""
    out = tmp_path / "equipes.csv"
    result = run("solve", FORMS / "google_titres.csv", PROJECTS, "--config", CONFIG, "-o", out,
                 "-q", "--time-limit", 20)
    assert result.returncode == 0, result.stderr
    rows = _rows(out)
    assert len(rows) == 10 and len({r["student_id"] for r in rows}) == 10
    warning = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warning == [
        f"warning: {FORMS / 'google_titres.csv'}, row 11, column 'Horodateur', value "
        "'14/09/2025 18:02:40': student 'zoe.lefevre@etu.fr' answered 2 times (rows 11, 12): "
        "row 11, the latest answer, is kept (--duplicates earliest keeps the first answer, "
        "--duplicates error refuses repeated ids)"]
    zoe = next(r for r in rows if r["student_id"] == "zoe.lefevre@etu.fr")
    assert zoe["project_id"] in ("P05", "P02", "P03")  # one of her latest choices, or none


def test_duplicates_error_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "equipes.csv"
    result = cli("solve", FORMS / "google_titres.csv", PROJECTS, "--config", CONFIG, "-o", out,
                 "--duplicates", "error")
    assert result.exit_code == 2
    assert "row 12, column 'Adresse e-mail', value 'zoe.lefevre@etu.fr': duplicate student " \
           "id 'zoe.lefevre@etu.fr' (also row 11)" in result.stderr
    assert not out.exists()


def test_duplicates_from_the_config(tmp_path: Path) -> None:
    config = tmp_path / "forms.toml"
    config.write_text(CONFIG.read_text(encoding="utf-8") + '\n[input]\nduplicates = "earliest"\n',
                      encoding="utf-8")
    result = cli("check", FORMS / "google_titres.csv", PROJECTS, tmp_path / "none.csv",
                 "--config", config)
    assert "row 12, the earliest answer, is kept" in result.stderr


@pytest.mark.parametrize("students", ["google_grille.csv", "microsoft_forms.xlsx",
                                      "etudiants.ods", "etudiants.xls"])
def test_every_export_solves_and_checks(tmp_path: Path, students: str) -> None:
    out = tmp_path / "equipes.csv"
    solved = cli("solve", FORMS / students, PROJECTS, "--config", CONFIG, "-o", out, "-q",
                 "--time-limit", 10, "--workers", 1)
    assert solved.exit_code == 0, solved.stderr
    checked = cli("check", FORMS / students, PROJECTS, out, "--config", CONFIG, "-q")
    assert checked.exit_code == 0, checked.stderr


def test_sheet_option_on_ods(tmp_path: Path) -> None:
    out = tmp_path / "equipes.csv"
    result = cli("solve", FORMS / "etudiants.ods", PROJECTS, "--config", CONFIG, "-o", out,
                 "--sheet", "Brouillon")
    assert result.exit_code == 2
    assert "etudiants.ods, row 1: missing required column 'id'" in result.stderr
    assert not out.exists()


def test_explain_and_sweep_read_the_same_way(tmp_path: Path) -> None:
    students = tmp_path / "reponses.csv"
    shutil.copy(FORMS / "google_titres.csv", students)
    out = tmp_path / "equipes.csv"
    assert cli("solve", students, PROJECTS, "--config", CONFIG, "-o", out, "-q",
               "--time-limit", 10, "--workers", 1).exit_code == 0
    explained = cli("explain", students, PROJECTS, out, "--config", CONFIG,
                    "--student", "zoe.lefevre@etu.fr", "--duplicates", "latest")
    assert explained.exit_code == 0, explained.stderr
    assert "answered 2 times" in explained.stderr
