"""``matcher solve`` shows the search's warnings (internal inconsistencies it undid,
``Result.warnings``): a line each on stderr, and the summary's ``warnings`` list; the teams
are written and the exit code is 0. Outside strict mode only (``MATCHER_STRICT=0``): the test
suite runs strict, where the solve raises instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import PROJECTS, STUDENTS, cli
from wrong_terms import SkewedBlau

from matcher.registry import TERMS
from matcher.search import thresholds


@pytest.mark.slow
def test_solve_shows_the_warnings_of_an_undone_inconsistency(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATCHER_STRICT", "0")
    monkeypatch.setattr(thresholds, "LOCAL_SEARCH_PAIRS", 0)  # the heuristics, on the sample
    monkeypatch.setitem(TERMS, SkewedBlau.kind, SkewedBlau)
    out, summary = tmp_path / "teams.csv", tmp_path / "summary.json"
    result = cli("solve", STUDENTS, PROJECTS, "-o", out, "--summary", summary, "-q",
                 "-w", "skewed_blau.discipline=3", "--time-limit", 5, "--workers", 1,
                 "--explain-time", 0, "--no-choices-first")  # the heuristics' path
    assert result.exit_code == 0, result.stderr
    s = json.loads(summary.read_text(encoding="utf-8"))
    assert s["warnings"] and out.exists()
    assert "warning: internal inconsistency" in result.stderr


def test_the_summary_has_no_warning_normally(tmp_path: Path) -> None:
    summary = tmp_path / "summary.json"
    result = cli("solve", STUDENTS, PROJECTS, "-o", tmp_path / "teams.csv", "--summary",
                 summary, "-q", "--time-limit", 5, "--workers", 1, "--explain-time", 0)
    assert result.exit_code == 0, result.stderr
    assert json.loads(summary.read_text(encoding="utf-8"))["warnings"] == []
    assert "warning" not in result.stderr
