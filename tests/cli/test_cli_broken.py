"""The broken-input corpus (``tests/data/broken/cases.toml``) through ``matcher solve``.

Every case must end with its exit code, an error on stderr naming the file, row, column and
value (and the fix where one is plain), and no output file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from cli_support import BROKEN, cli, run

CASES = tomllib.loads((BROKEN / "cases.toml").read_text(encoding="utf-8"))["case"]


def _args(case: dict, out: Path) -> list[str]:
    args = [str(BROKEN / case.get("students", "students.csv")),
            str(BROKEN / case.get("projects", "projects.csv")), "-o", str(out)]
    if "config" in case:
        args += ["--config", str(BROKEN / case["config"])]
    return args + list(case.get("args", []))


def test_corpus_is_large_and_files_exist() -> None:
    assert len(CASES) >= 25
    assert len({c["id"] for c in CASES}) == len(CASES)
    missing = {"no_such_file.csv", "no_such_config.toml"}
    for case in CASES:
        for key in ("students", "projects", "config"):
            if key in case and case[key] not in missing:
                assert (BROKEN / case[key]).is_file(), case[key]


def test_the_valid_pair_solves(tmp_path: Path) -> None:
    """The files the cases vary are valid: each error comes from the one broken file."""
    out = tmp_path / "teams.csv"
    result = cli("solve", BROKEN / "students.csv", BROKEN / "projects.csv", "-o", out, "-q")
    assert result.exit_code == 0, result.stderr
    assert out.is_file()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_broken_case(case: dict, tmp_path: Path) -> None:
    out = tmp_path / "teams.csv"
    result = cli("solve", *_args(case, out))
    assert result.exit_code == case["code"], (result.exit_code, result.stderr)
    for text in case["expect"]:
        assert text in result.stderr, f"{text!r} not in:\n{result.stderr}"
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_broken_case_through_a_real_process(tmp_path: Path) -> None:
    """The same message end to end from ``python -m matcher``, on stderr, with exit 2."""
    case = next(c for c in CASES if c["id"] == "choice_columns_french_semicolon")
    out = tmp_path / "teams.csv"
    proc = run("solve", *_args(case, out))
    assert proc.returncode == 2
    assert proc.stdout == ""
    line = proc.stderr.strip()
    assert line.startswith("error: ") and line.count("\n") == 0
    for text in case["expect"]:
        assert text in line
    assert not out.exists()
