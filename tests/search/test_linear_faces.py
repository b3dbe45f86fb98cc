"""Two faces of every rule's and term's linear face (:mod:`matcher.search.linear_face`).

On tiny random problems with every rule the linear models read (``max_per_value``,
``min_distinct``, ``no_isolated``, ``keep_together``, ``keep_apart``, ``avoid``,
``new_teammates``, ``top_k``, ``max_unranked``, ``fixed``, refusals, proposers):

- the exact MIP's rows admit every valid assignment at its exact objective (the point of a
  valid assignment satisfies every row and bound, and its MIP objective equals
  :func:`matcher.check.objective`), and that point realises back to a valid assignment;
- the exact MIP's optimum equals brute force, and its answer passes :func:`matcher.check`;
- the LP relaxation with the rules' rows bounds the brute-force optimum from above;
- every pair a rule forbids is forbidden by that rule's check.
"""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import assignments, problems
from test_brute_force import brute_force

from matcher.check import check, objective
from matcher.problem import Problem
from matcher.registry import make_constraints
from matcher.rules import Rules
from matcher.search.exact_mip import _Model, exact_mip_reason, solve_exact_mip
from matcher.search.relaxation import lp_bound, supports_lp_bound

pytest.importorskip("highspy")


#: The rules the linear models read, each drawn alone or all together (``None``); every rule
#: of the registry with rows of its own must be here
#: (:func:`test_every_rule_with_rows_is_drawn`).
RULE_KINDS = ("max_per_value", "min_distinct", "no_isolated", "keep_together", "keep_apart",
              "avoid", "top_k", "fixed", "new_teammates", "max_unranked", "open")


def test_every_rule_with_rows_is_drawn() -> None:
    from matcher.constraints.base import Constraint
    from matcher.registry import RULES

    with_rows = [name for name, cls in RULES.items()
                 if cls.linear_rows is not Constraint.linear_rows]
    assert set(with_rows) <= set(RULE_KINDS), (
        f"rules with LP/MIP rows not drawn by ruled_problems: {set(with_rows) - set(RULE_KINDS)}")


@st.composite
def ruled_problems(draw: st.DrawFn, only: str | None = None, max_students: int = 6
                   ) -> Problem:
    """Problems with random rules (``only`` that kind, else a few of every kind; every
    student placed, no ``min_term``; refusals and proposers from the students' and ideas'
    columns) and an objective the exact MIP reads: preference points, coverage terms of
    positive weight, sometimes ``moves``."""
    problem = draw(problems(max_students=max_students, max_projects=3, with_rules=False,
                            links=only in (None, "avoid")))
    sids = [s.id for s in problem.students]
    pids = [p.id for p in problem.projects]
    attrs = st.sampled_from([a for a in ("discipline", "institution", "gender")
                             if a in problem.attributes()])
    group = st.lists(st.sampled_from(sids), min_size=2, max_size=3, unique=True)
    size = 1 if only is None else 2
    draws = {
        "max_per_value": lambda: draw(st.dictionaries(attrs, st.integers(1, 3),
                                                      max_size=size)),
        "min_distinct": lambda: draw(st.dictionaries(attrs, st.integers(1, 3),
                                                     max_size=size)),
        "no_isolated": lambda: draw(st.dictionaries(attrs, st.just([]), max_size=size)),
        "keep_together": lambda: draw(st.lists(group, max_size=size)) if len(sids) > 1 else [],
        "keep_apart": lambda: draw(st.lists(group, max_size=size)) if len(sids) > 1 else [],
        "top_k": lambda: draw(st.none() | st.integers(1, 3)),
        "max_unranked": lambda: draw(st.none() | st.integers(0, 3)),
        "open": lambda: draw(st.none() | st.builds(
            lambda low, span: {"min": low, "max": None if span is None else low + span},
            st.integers(0, 2), st.none() | st.integers(0, 2))),
        "fixed": lambda: draw(st.dictionaries(st.sampled_from(sids), st.sampled_from(pids),
                                              max_size=size)),
    }
    rules: dict = {k: f() for k, f in draws.items() if only in (None, k)}
    if (only in (None, "new_teammates") and draw(st.booleans())
            and any(s.value("previous_team") is not None for s in problem.students)):
        rules["new_teammates"] = {"max_shared": draw(st.integers(1, 2))}
    weights = {"preference": draw(st.integers(0, 5)), "discipline": draw(st.integers(0, 10)),
               "institution": draw(st.integers(0, 10)), "wishes": 0}
    changes: dict = {"weights": weights, "rules": Rules(**rules)}
    if draw(st.booleans()):
        changes["previous"] = draw(st.dictionaries(st.sampled_from(sids),
                                                   st.sampled_from(pids), max_size=len(sids)))
        weights["moves"] = draw(st.integers(1, 20))
    return problem.with_changes(**changes)


def valid_assignments(problem: Problem) -> list[dict[str, str | None]]:
    """Every assignment that keeps every rule (every student placed)."""
    rules = make_constraints(problem)
    ids = [s.id for s in problem.students]
    out = []
    for combo in product([p.id for p in problem.projects], repeat=len(ids)):
        assignment = dict(zip(ids, combo, strict=True))
        if not any(rule.violations(problem, assignment) for rule in rules):
            out.append(assignment)
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ruled_problems(), st.randoms(use_true_random=False))
def test_the_mip_rows_admit_every_valid_assignment_at_its_objective(problem, rng):
    assert exact_mip_reason(problem) is None, exact_mip_reason(problem)
    valid = valid_assignments(problem)
    if not valid:  # no formation: the MIP has no point either
        assert solve_exact_mip(problem).assignment is None
        return
    model = _Model(problem, problem.weights)
    for assignment in rng.sample(valid, min(4, len(valid))):
        x = model.point(assignment)
        act = model.matrix() @ x
        assert np.all(act >= np.array(model.rlo) - 1e-9)
        assert np.all(act <= np.array(model.rhi) + 1e-9)
        assert np.all(x >= np.array(model.lo)) and np.all(x <= np.array(model.hi))
        value = objective(problem, assignment)
        assert float(np.dot(model.cost, x)) + model.offset == pytest.approx(value)
        again = model.realise(x)
        assert again is not None and check(problem, again) == []
        assert objective(problem, again) >= value


@pytest.mark.parametrize("kind", [*RULE_KINDS, None])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_mip_optimum_with_each_rule_equals_brute_force(kind, data):
    problem = data.draw(ruled_problems(only=kind))
    best, _ = brute_force(problem)
    result = solve_exact_mip(problem)
    if best is None:
        assert result.assignment is None
        return
    assert result.optimal, result
    assert result.objective == best == result.bound
    assert check(problem, result.assignment) == []


@pytest.mark.parametrize("kind", [*RULE_KINDS, None])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), dense=st.booleans())
def test_the_lp_bound_with_the_rules_rows_is_at_least_the_optimum(kind, data, dense):
    problem = data.draw(ruled_problems(only=kind))
    assert supports_lp_bound(problem)
    best, _ = brute_force(problem)
    relaxed = lp_bound(problem, dense=dense)
    if best is not None and relaxed.bound is not None:
        assert relaxed.bound >= best


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_every_forbidden_pair_is_forbidden_by_the_check(data):
    problem = data.draw(problems(max_students=6, max_projects=3, with_rules=True))
    for rule in make_constraints(problem):
        for si, pi in rule.forbidden_pairs(problem):
            assignment = data.draw(assignments(problem))
            assignment[problem.students[si].id] = problem.projects[pi].id
            assert rule.violations(problem, assignment), (rule.name, si, pi)


def test_a_rule_without_rows_says_why_the_mip_is_off():
    problem = Problem(students=[{"id": "a", "discipline": "X", "institution": "U"},
                                {"id": "b", "discipline": "Y", "institution": "U"}],
                      projects=[{"id": "P", "min_size": 1, "max_size": 2}],
                      rules=Rules(min_term={"preference": 0}))
    reason = exact_mip_reason(problem)
    assert reason is not None and "min_term" in reason
    assert supports_lp_bound(problem)  # the LP leaves the rule out: a relaxation still
