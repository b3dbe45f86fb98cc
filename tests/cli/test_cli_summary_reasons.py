"""The --summary JSON lists the students placed low, each with the reason, even with --quiet."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import PROJECTS, STUDENTS, cli


def test_summary_lists_low_placements_with_reasons(tmp_path: Path) -> None:
    teams, summary = tmp_path / "teams.csv", tmp_path / "summary.json"
    r = cli("solve", STUDENTS, PROJECTS, "-o", teams, "--summary", summary, "--quiet",
            "--workers", 2)
    assert r.exit_code == 0, r.stderr
    assert r.stdout == ""
    data = json.loads(summary.read_text(encoding="utf-8"))
    low = {item["student_id"]: item for item in data["low_placements"]}
    placed = {t["project_id"]: t for t in data["teams"]}
    assert placed  # sanity: the summary has teams
    # S025 and S026 ranked nothing: whatever the optimum, they are on an unranked idea
    assert low["S025"]["reason"] == low["S026"]["reason"] == "ranked no project"
    assert low["S025"]["rank"] is None and low["S025"]["project_id"] in placed
    for item in low.values():
        assert item["reason"]
        assert item["rank"] is None or item["rank"] >= 4
    assert all(set(item) == {"student_id", "project_id", "rank", "reason"}
               for item in data["low_placements"])
    assert "moves" not in data  # no --previous: no moves entry
