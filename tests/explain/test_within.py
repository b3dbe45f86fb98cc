"""The explanations after the teams (:mod:`matcher.explain.within`): the low placements of
--summary, every one with a reason under a deadline, and the same reasons from explanations
the caller already has (the report's)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from matcher import read_problem, solve
from matcher.explain import explain_all, low_placements
from matcher.explain.within import low_placement_reasons, not_explained, pending_low_placements

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.mark.slow
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


def test_pending_low_placements_are_the_low_placements_before_any_explanation() -> None:
    p = read_problem(SAMPLE / "students.csv", SAMPLE / "projects.csv")
    a = solve(p, time_limit=10, workers=1, seed=1).assignment
    a = {**a, p.students[0].id: None}  # one without a team, whatever the solve gave
    pending = pending_low_placements(p, a)
    assert [r["student_id"] for r in pending] == low_placements(p, a)
    first = next(r for r in pending if r["student_id"] == p.students[0].id)
    assert first == {"student_id": p.students[0].id, "project_id": None, "rank": None,
                     "reason": None}
    for r in pending:
        s = p.students[p.student_index[r["student_id"]]]
        assert r["reason"] == (None if s.preferences else "ranked no project")
        assert r["rank"] == (s.rank_of(r["project_id"]) if r["project_id"] else None)


def test_not_explained_names_the_command_that_explains() -> None:
    assert not_explained("S7") == "not explained (time): run matcher explain --student S7"
