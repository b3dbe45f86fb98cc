"""Changes judged on the teams they touch agree with the whole-cohort faces: the objective
change with ``objective`` and the new violations with ``check``, for every rule and term."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import assignments, problems

from matcher.check import check, objective
from matcher.constraints.base import Constraint
from matcher.explain.local import Formation
from matcher.problem import Problem
from matcher.registry import RULES, TERMS, make_constraints
from matcher.rules import Rules
from matcher.scoring.base import ScoringTerm


def _key(v):  # noqa: ANN001, ANN202
    return v.rule, v.project, frozenset(v.students)


@st.composite
def changed(draw: st.DrawFn, with_previous: bool = False
            ) -> tuple[Problem, dict[str, str | None], dict[str, str | None]]:
    """A problem, an assignment, and 1-3 students put elsewhere (a move, a swap, or more)."""
    problem = draw(problems(max_students=7, max_projects=3))
    if with_previous:
        previous = draw(assignments(problem))
        problem = problem.with_changes(previous={k: v for k, v in previous.items() if v},
                                       weights={**problem.weights, "moves": 3})
    a = draw(assignments(problem))
    ids = [s.id for s in problem.students]
    targets = [None] + [p.id for p in problem.projects]
    who = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
    changes = {sid: draw(st.sampled_from(targets)) for sid in who}
    if len(who) == 2 and draw(st.booleans()):  # a swap
        changes = {who[0]: a[who[1]], who[1]: a[who[0]]}
    return problem, a, changes


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed(), st.booleans())
def test_delta_is_the_objective_change(case, with_previous: bool) -> None:  # noqa: ANN001
    problem, a, changes = case
    f = Formation(problem, a)
    after = {**a, **changes}
    expected = objective(problem, after) - objective(problem, a)
    assert f.delta(changes) == expected
    assert f.local_delta(changes) == expected


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed(with_previous=True))
def test_delta_with_moves_term(case) -> None:  # noqa: ANN001
    problem, a, changes = case
    f = Formation(problem, a)
    assert f.delta(changes) == objective(problem, {**a, **changes}) - objective(problem, a)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed())
def test_broken_is_the_new_violations(case) -> None:  # noqa: ANN001
    problem, a, changes = case
    f = Formation(problem, a)
    after = {**a, **changes}
    expected = []  # per rule instance: the violations of after that before does not have
    for rule in make_constraints(problem):
        old = {_key(v) for v in rule.violations(problem, a)}
        expected += [_key(v) for v in rule.violations(problem, after) if _key(v) not in old]
    assert sorted(map(repr, (_key(v) for v in f.broken(changes)))) == sorted(
        map(repr, expected))
    if not f.broken(changes):
        assert {_key(v) for v in check(problem, after)} <= {_key(v) for v in check(problem, a)}


def test_min_term_is_judged_on_the_whole_cohort() -> None:
    """A rule that is not local (a floor on a term) is checked on the cohort, not on the two
    teams: moving A off their first choice breaks the floor on preference points."""
    from matcher.problem import Project, Student

    students = [Student(id=f"S{i}", preferences=("P1", "P2")) for i in range(4)]
    projects = [Project(id="P1", max_size=4), Project(id="P2", max_size=4, optional=True)]
    p = Problem(students=students, projects=projects, rules=Rules(min_term={"preference": 8}))
    a = {s.id: "P1" for s in students}
    f = Formation(p, a)
    assert [v.rule for v in f.broken({"S0": "P2"})] == ["min_term"]


def test_every_plug_in_says_whether_it_is_local() -> None:
    """Each rule and term states ``local`` in its own file (the default, False, is safe: the
    whole cohort is checked); the rules and terms known to read only what they are shown say
    True, so that explanations stay cheap."""
    for cls in RULES.values():
        assert isinstance(cls.local, bool), cls
    for cls in TERMS.values():
        assert isinstance(cls.local, bool), cls
    assert Constraint.local is False and ScoringTerm.local is False
    # counts over the whole cohort: a term's floor, the unranked students, the open ideas
    assert {n for n, c in RULES.items() if not c.local} == {"min_term", "max_unranked", "open"}
    assert {n for n, c in TERMS.items() if c.local} >= {"preference", "coverage"}
