"""The low placements of --summary: every one with a reason under a deadline, and the same
reasons from explanations the caller already has (the report's)."""

from __future__ import annotations

import time
from pathlib import Path

from matcher import read_problem, solve
from matcher.explain import explain_all, low_placements
from matcher.explain.within import low_placement_reasons

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples"


def test_low_placement_reasons_under_a_deadline() -> None:
    p = read_problem(SAMPLE / "students.csv", SAMPLE / "projects.csv")
    a = solve(p, time_limit=10, workers=1, seed=1).assignment
    low = low_placements(p, a)
    assert low
    late = low_placement_reasons(p, a, weights=None, deadline=time.monotonic())
    assert [r["student_id"] for r in late] == low
    assert all(r["reason"] == "ranked no project" or r["reason"].startswith("not explained")
               for r in late)
    rows = low_placement_reasons(p, a, weights=None, total_time=60)
    assert not any(r["reason"].startswith("not explained") for r in rows)
    everyone = explain_all(p, a, total_time=60, workers=1)
    again = low_placement_reasons(p, a, weights=None, explanations=everyone)
    assert [r["student_id"] for r in again] == low
    assert all(r["reason"] for r in again)
