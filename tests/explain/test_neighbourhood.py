"""A few teams re-solved with the student forced there: a valid formation with the student on
the project, whose objective change is the cost reported; with every team in the
neighbourhood, the cost is the whole-cohort counterfactual's."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import problems

from matcher.check import check, objective
from matcher.explain.local import Formation
from matcher.explain.neighbourhood import choose_teams, resolve, supports_neighbourhood
from matcher.problem import Problem
from matcher.result import Status
from matcher.rules import Rules
from matcher.solve import solve


@st.composite
def solved(draw: st.DrawFn) -> tuple[Problem, dict[str, str | None], str, str]:
    problem = draw(problems(max_students=8, max_projects=4, with_rules=False))
    weights = {"preference": draw(st.integers(0, 3)), "discipline": draw(st.integers(0, 10)),
               "institution": draw(st.integers(0, 5))}
    problem = problem.with_changes(weights=weights)
    res = solve(problem, time_limit=5, workers=1, seed=0, choices_first=False)
    assume(res.has_solution)
    sid = draw(st.sampled_from([s.id for s in problem.students]))
    others = [p.id for p in problem.projects if p.id != res.assignment.get(sid)]
    assume(others)
    return problem, dict(res.assignment), sid, draw(st.sampled_from(others))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(solved(), st.booleans())
def test_neighbourhood_cost_is_exact(case, everyone: bool) -> None:  # noqa: ANN001
    problem, a, sid, pid = case
    f = Formation(problem, a)
    assert supports_neighbourhood(f)
    teams = [p.id for p in problem.projects] if everyone else None
    nb = resolve(f, sid, pid, time_limit=10, teams=teams)
    assert pid in nb.teams and a[sid] in nb.teams
    if nb.status in ("optimal", "feasible"):
        after = {**a, **nb.changes}
        assert after[sid] == pid and check(problem, after) == []
        assert nb.cost == objective(problem, a) - objective(problem, after)
        assert nb.cost_lower is not None and nb.cost_lower <= nb.cost
    if everyone:  # the neighbourhood is the cohort: the whole counterfactual
        forced = solve(problem.with_changes(rules=Rules(fixed={sid: pid})), time_limit=10,
                       workers=1, choices_first=False)
        if forced.status is Status.INFEASIBLE:
            assert nb.status == "infeasible"
        elif forced.status is Status.OPTIMAL and nb.status == "optimal":
            assert nb.cost == objective(problem, a) - forced.objective


def test_choose_teams_starts_with_the_two_teams() -> None:
    from matcher.problem import Project, Student

    students = [Student(id=f"S{i}", preferences=(f"P{i % 3}", f"P{(i + 1) % 3}"))
                for i in range(9)]
    projects = [Project(id=f"P{j}", min_size=1, max_size=4) for j in range(3)]
    p = Problem(students=students, projects=projects)
    a = {f"S{i}": f"P{i % 3}" for i in range(9)}
    f = Formation(p, a)
    teams = choose_teams(f, "S0", "P1", max_teams=2)
    assert teams == ["P1", "P0"]
    assert set(choose_teams(f, "S0", "P1")) == {"P0", "P1", "P2"}
