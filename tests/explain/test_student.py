"""explain in layers: rules named with their records, costs that are what the wording says,
no whole-cohort model on a large cohort, and one deadline for many students."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import problems

import matcher.model
from matcher import read_problem
from matcher.check import check, objective
from matcher.explain import SMALL_COHORT, Formation, explain, explain_all, low_placements
from matcher.explain.student import quick_alternative
from matcher.problem import Problem, Project, Student
from matcher.sample import generate_cohort, write_cohort
from matcher.search.heuristics.construction import heuristic_teams
from matcher.solve import solve


def _proposer_problem(extra: int = 0) -> tuple[Problem, dict[str, str | None]]:
    """S00011 proposed P0034, which must open; they ranked P0023 first."""
    students = [Student(id="S00011", preferences=("P0023", "P0034")),
                Student(id="A", preferences=("P0023",)), Student(id="B", preferences=("P0034",))]
    students += [Student(id=f"X{i}", preferences=("P0099",)) for i in range(extra)]
    projects = [Project(id="P0023", min_size=1, max_size=2),
                Project(id="P0034", min_size=1, max_size=3, proposers=("S00011",)),
                Project(id="P0099", min_size=1, max_size=max(1, extra))]
    a: dict[str, str | None] = {"S00011": "P0034", "A": "P0023", "B": "P0034"}
    a.update({f"X{i}": "P0099" for i in range(extra)})
    return Problem(students=students, projects=projects), a


@pytest.mark.parametrize("extra", [0, SMALL_COHORT + 1])
def test_proposer_of_a_mandatory_idea_names_the_rule(extra: int) -> None:
    p, a = _proposer_problem(extra)
    e = explain(p, a, "S00011", time_limit=10, workers=1)
    (alt,) = e.alternatives
    assert alt.rules == ["S00011 proposed P0034, which must open"]
    assert alt.brief().startswith("P0023 (choice 1): S00011 proposed P0034, which must open")
    assert alt.feasible is not True and alt.cost is None


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems(max_students=7, max_projects=3), st.data())
def test_a_rule_named_really_breaks(problem: Problem, data: st.DataObject) -> None:
    res = solve(problem, time_limit=5, workers=1, seed=0)
    assume(res.has_solution)
    a = dict(res.assignment)
    sid = data.draw(st.sampled_from([s.id for s in problem.students]))
    others = [p.id for p in problem.projects if p.id != a.get(sid)]
    assume(others)
    pid = data.draw(st.sampled_from(others))
    alt = quick_alternative(Formation(problem, a), sid, pid)
    if alt.kind == "rule":
        assert alt.rules and check(problem, {**a, sid: pid})
    elif alt.kind == "exchange":
        after = {**a, **alt.placements}
        assert after[sid] == pid and not check(problem, after)
        assert alt.cost == objective(problem, a) - objective(problem, after)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Problem, dict[str, str | None]]:
    """A sampled cohort larger than SMALL_COHORT, formed by the warm start."""
    d: Path = tmp_path_factory.mktemp("cohort")
    students, projects = generate_cohort(SMALL_COHORT + 100, 40, seed=3)
    s, p = write_cohort(students, projects, d)
    problem = read_problem(s, p)
    a = heuristic_teams(problem, time_limit=2, seed=1)
    assert a is not None
    return problem, a


@pytest.mark.slow
def test_large_cohort_explained_without_a_whole_cohort_model(large, monkeypatch) -> None:  # noqa: ANN001
    problem, a = large

    def forbidden(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("a model of the whole cohort was built")

    monkeypatch.setattr(sys.modules["matcher.solve"], "solve", forbidden)
    monkeypatch.setattr(matcher.model.ModelBuilder, "__init__", forbidden)
    sid = low_placements(problem, a)[0]
    e = explain(problem, a, sid, time_limit=20)
    assert e.alternatives and all(alt.kind != "unexplained" for alt in e.alternatives)
    base = objective(problem, a)
    for alt in e.alternatives:
        assert alt.summary
        if alt.placements:
            after = {**a, **alt.placements}
            assert after[sid] == alt.project and check(problem, after) == []
            assert alt.cost == base - objective(problem, after)
        if alt.kind == "neighbourhood" and alt.proven:
            assert "re-solving these" in alt.summary and "teams" in alt.summary


@pytest.mark.slow
def test_explain_all_shares_one_deadline(large) -> None:  # noqa: ANN001
    problem, a = large
    # students who ranked ideas (one who ranked none has no alternative by design)
    ranked = {s.id for s in problem.students if s.preferences}
    low = [sid for sid in low_placements(problem, a) if sid in ranked][:5]
    none = explain_all(problem, a, students=low, total_time=0)
    assert [e.student for e in none] == low
    assert all(e.alternatives == [] and e.notes for e in none)
    some = explain_all(problem, a, students=low, total_time=30)
    assert [e.student for e in some] == low
    assert all(e.alternatives and e.explained for e in some)


def test_alternative_for_any_project(large) -> None:  # noqa: ANN001
    """Why not this project, ranked or not (re-matching asks it for a previous team)."""
    from matcher.explain import alternative

    problem, a = large
    sid = problem.students[0].id
    pid = next(p.id for p in problem.projects
               if p.id != a[sid] and any(a[t] == p.id for t in a))
    alt = alternative(problem, a, sid, pid, time_limit=5)
    assert alt.project == pid and alt.kind in ("rule", "exchange", "neighbourhood")
    if alt.placements:
        after = {**a, **alt.placements}
        assert check(problem, after) == [] and after[sid] == pid
        assert alt.cost == objective(problem, a) - objective(problem, after)


def test_full_project_whose_members_are_fixed() -> None:
    """P1 is full and both its members are fixed on it: moving S breaks its size, every swap
    breaks a fixed placement; both are named."""
    from matcher.rules import Rules

    students = [Student(id="S", preferences=("P1", "P2")), Student(id="F1", preferences=("P1",)),
                Student(id="F2", preferences=("P1",)), Student(id="T", preferences=("P2",))]
    projects = [Project(id="P1", min_size=1, max_size=2), Project(id="P2", min_size=1,
                                                                    max_size=3)]
    p = Problem(students=students, projects=projects,
                rules=Rules(fixed={"F1": "P1", "F2": "P1"}))
    a = {"S": "P2", "T": "P2", "F1": "P1", "F2": "P1"}
    alt = quick_alternative(Formation(p, a), "S", "P1")
    assert alt.kind == "rule" and not alt.placements
    assert "project P1 has 3 members, outside 1..2" in alt.summary
    assert "must be on P1" in alt.summary
    assert check(p, {**a, "S": "P1"}) and check(p, {**a, "S": "P1", "F1": "P2"})
