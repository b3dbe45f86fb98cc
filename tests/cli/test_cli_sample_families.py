"""``matcher sample --family`` and the options that shape a cohort."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from cli_support import cli

from matcher import read_problem


def _read(d: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    students = pd.read_csv(d / "students.csv", dtype=str, keep_default_na=False)
    projects = pd.read_csv(d / "projects.csv", dtype=str, keep_default_na=False)
    return students, projects


def test_options_shape_the_cohort(tmp_path: Path) -> None:
    d = tmp_path / "c"
    result = cli("sample", "--students", 120, "--projects", 12, "-o", d, "--seed", 3,
                 "--choices", 7, "--selfless", 1, "--min-size", 9, "--max-size", 11,
                 "--optional-share", 0.25, "--skew", 2)
    assert result.exit_code == 0, result.stderr
    students, projects = _read(d)
    ranking = dict(zip(students["id"], students["preferences"].str.split(";"), strict=True))
    assert students["preferences"].map(lambda c: len(c.split(";")) if c else 0).max() == 7
    assert set(projects["min_size"]) == {"9"} and set(projects["max_size"]) == {"11"}
    assert (projects["optional"] == "yes").sum() == 3
    proposers = [(s, p) for p, cell in zip(projects["id"], projects["proposer"], strict=True)
                 for s in cell.split(";") if cell]
    assert proposers and all(p not in ranking[s] for s, p in proposers)
    assert len(read_problem(d / "students.csv", d / "projects.csv").students) == 120


def test_family_then_an_explicit_option_overrides_it(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert cli("sample", "--students", 60, "--projects", 6, "-o", a, "--family",
               "mixed").exit_code == 0
    assert cli("sample", "--students", 60, "--projects", 6, "-o", b, "--family", "mixed",
               "--choices", 3).exit_code == 0
    (sa, pa), (sb, _) = _read(a), _read(b)
    assert set(pa["min_size"]) == {"9"} and set(pa["max_size"]) == {"11"}
    assert sa["preferences"].map(lambda c: len(c.split(";")) if c else 0).max() == 6  # 6 ideas
    assert sb["preferences"].map(lambda c: len(c.split(";")) if c else 0).max() == 3


def test_bad_family_options(tmp_path: Path) -> None:
    unknown = cli("sample", "-o", tmp_path / "x", "--family", "huge")
    assert unknown.exit_code == 2 and "unknown cohort family 'huge'" in unknown.stderr
    alone = cli("sample", "-o", tmp_path / "x", "--min-size", 3)
    assert alone.exit_code == 2 and "--max-size" in alone.stderr
    upside = cli("sample", "-o", tmp_path / "x", "--min-size", 5, "--max-size", 3)
    assert upside.exit_code == 2 and "larger than" in upside.stderr
    share = cli("sample", "-o", tmp_path / "x", "--selfless", 1.5)
    assert share.exit_code == 2 and "--selfless" in share.stderr
    assert not (tmp_path / "x").exists()
