"""The explanations and the report get the time the search left unused, not only their
share (``--explain-time`` is a floor): a cohort solved early is explained in full."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import PROJECTS, STUDENTS, cli

from matcher.cli import clock


def _plan(limit: float = 30.0, explain_time: float | None = 3.0) -> clock.TimePlan:
    clock.begin()
    return clock.plan_time(limit, 50, explain_time=explain_time)


def test_the_window_grows_with_unused_search_time() -> None:
    plan = _plan()
    end_of_search = plan.clock.start + plan.clock.spent() + plan.search
    early, late = plan.clock.start + 2.0, end_of_search
    # teams written early: the window runs to the deadline (less the write reserve)
    assert plan.explain_until(early) == plan.clock.deadline - plan.write
    assert plan.explain_until(early) - early > plan.explain
    assert plan.explain_until(early) - early > plan.explain_until(late) - late
    # on time or late, --explain-time still holds (past the deadline if need be)
    assert plan.explain_until(late) - late >= plan.explain - 1e-9
    past = plan.clock.deadline + 1.0
    assert plan.explain_until(past) == past + plan.explain


def test_explain_time_zero_still_skips_the_explanations() -> None:
    plan = _plan(explain_time=0.0)
    t = plan.clock.start + 1.0
    assert plan.explain_until(t) == t


@pytest.mark.slow
def test_a_tiny_cohort_with_time_to_spare_is_explained_in_full(tmp_path: Path) -> None:
    teams, summary, report = tmp_path / "t.csv", tmp_path / "s.json", tmp_path / "r.html"
    # an --explain-time far too short for the report and every reason, but a limit that
    # leaves plenty once the (tiny) cohort is solved
    r = cli("solve", STUDENTS, PROJECTS, "-o", teams, "--summary", summary, "--report",
            report, "--workers", 1, "-t", 40, "--explain-time", 0.01, "--quiet")
    assert r.exit_code == 0, r.stderr
    assert teams.exists() and report.exists()
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["low_placements"]
    assert data["low_placement_reasons"] == "done"
    assert all(x["reason"] and not x["reason"].startswith("not explained")
               for x in data["low_placements"])
    html = report.read_text(encoding="utf-8")
    assert "did not fit in the time for explanations" not in html
