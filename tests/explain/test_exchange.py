"""The best single move or swap: its cost is the objective change, it keeps the rules, no
better move or swap does, and when none keeps the rules, the rules named really break."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import problems

from matcher.check import check, objective
from matcher.explain.exchange import best_exchange
from matcher.explain.local import Formation
from matcher.problem import Problem, Project, Student
from matcher.solve import solve


@st.composite
def solved(draw: st.DrawFn, with_rules: bool = True
           ) -> tuple[Problem, dict[str, str | None], str, str]:
    """A problem, a valid formation of it, a student and another project."""
    problem = draw(problems(max_students=7, max_projects=3, with_rules=with_rules))
    res = solve(problem, time_limit=5, workers=1, seed=0)
    assume(res.has_solution)
    sid = draw(st.sampled_from([s.id for s in problem.students]))
    others = [p.id for p in problem.projects if p.id != res.assignment.get(sid)]
    assume(others)
    return problem, dict(res.assignment), sid, draw(st.sampled_from(others))


def _candidates(f: Formation, sid: str, pid: str) -> list[dict[str, str | None]]:
    q = f.project_of(sid)
    return [{sid: pid}] + [{sid: pid, t: q} for t in f.members[pid] if t != sid]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(solved())
def test_best_exchange_is_exact_and_best(case) -> None:  # noqa: ANN001
    problem, a, sid, pid = case
    f = Formation(problem, a)
    ex = best_exchange(f, sid, pid)
    base = objective(problem, a)
    valid = [c for c in _candidates(f, sid, pid) if not check(problem, {**a, **c})]
    if ex.found:
        assert ex.changes is not None and ex.cost is not None
        after = {**a, **ex.changes}
        assert after[sid] == pid and check(problem, after) == []
        assert ex.cost == base - objective(problem, after)
        if ex.companions:  # no move or swap keeps the rules; the tied students went too
            assert valid == [] and set(ex.changes) == {sid, *ex.companions}
        else:
            assert ex.cost == min(base - objective(problem, {**a, **c}) for c in valid)
    else:
        assert valid == []
        for changes in _candidates(f, sid, pid):  # every rule named breaks in every one
            broken = {(v.rule, v.project, frozenset(v.students))
                      for v in check(problem, {**a, **changes})}
            for v in ex.common:
                assert (v.rule, v.project, frozenset(v.students)) in broken


def test_proposer_of_a_mandatory_idea_cannot_move() -> None:
    """A proposes P1, which must open: every move or swap putting A on P2 breaks the
    proposers rule on P1, and that is the violation named."""
    students = [Student(id="A", preferences=("P2", "P1")), Student(id="B", preferences=("P2",)),
                Student(id="C", preferences=("P1",)), Student(id="D", preferences=("P2",))]
    projects = [Project(id="P1", min_size=1, max_size=3, proposers=("A",)),
                Project(id="P2", min_size=1, max_size=2)]
    p = Problem(students=students, projects=projects)
    a = {"A": "P1", "C": "P1", "B": "P2", "D": "P2"}
    ex = best_exchange(Formation(p, a), "A", "P2")
    assert not ex.found
    assert [(v.rule, v.project, v.students) for v in ex.common] == [("proposers", "P1", ("A",))]


def test_students_kept_together_move_together() -> None:
    """A and B must stay together: A alone cannot go to P2, A with B can, at a cost."""
    from matcher.rules import Rules

    students = [Student(id="A", preferences=("P2", "P1")), Student(id="B", preferences=("P1",)),
                Student(id="C", preferences=("P1",))]
    projects = [Project(id="P1", min_size=1, max_size=3), Project(id="P2", min_size=1,
                                                                    max_size=3, optional=True)]
    p = Problem(students=students, projects=projects,
                rules=Rules(keep_together=[["A", "B"]]))
    a = {"A": "P1", "B": "P1", "C": "P1"}
    ex = best_exchange(Formation(p, a), "A", "P2")
    assert ex.found and ex.companions == ["B"] and ex.changes == {"A": "P2", "B": "P2"}
    assert ex.cost == objective(p, a) - objective(p, {**a, **ex.changes})
