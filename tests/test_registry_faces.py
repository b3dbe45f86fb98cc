"""Every rule and term of the registry reaches every search path, or says why not.

A rule has a face for the CP-SAT model (``post``), the check (``violations``), the LP
relaxation and the exact MIP (``linear_needs``/``linear_rows``), the warm start and the LNS
(``keep``), the diagnosis (``atoms``, with a generic default, and ``relax``) and the
explanation words (``holds``, with ``binding`` defaulting to the violation's words); a term has
one for CP-SAT (``expression``), the check (``value``) and the linear models, warm start and LNS
(``decompose``, or ``pairs``). A face left at its default must be listed in the class's
``without`` with a reason. Adding a rule or a term without deciding each path fails here.
"""

from __future__ import annotations

import inspect

import pytest

from matcher.constraints.base import Constraint
from matcher.constraints.new_teammates import NewTeammatesRule
from matcher.problem import Problem, Project, Student
from matcher.registry import RULES, TERMS, make_constraints
from matcher.rules import Rules
from matcher.scoring.base import ScoringTerm
from matcher.scoring.decomposition import Generic
from matcher.search.linear_face import LinearNeeds

#: rule paths: the name in ``without`` -> the face method
RULE_FACES = {"linear": "linear_needs", "keep": "keep", "relax": "relax", "holds": "holds"}
#: term paths
TERM_FACES = {"decompose": ("decompose", "pairs")}


def _overrides(cls: type, base: type, method: str) -> bool:
    return getattr(cls, method) is not getattr(base, method)


def every_rule_problem() -> Problem:
    """A tiny problem that calls for an instance of every rule of the registry."""
    students = [Student(id=f"S{i}", discipline=f"d{i % 3}", institution=f"u{i % 2}",
                        preferences=("P1", "P2"), refused=("P3",) if i == 5 else (),
                        avoid=("S4",) if i == 3 else (),
                        attributes={"previous_team": f"t{i % 2}"})
                for i in range(1, 7)]
    projects = [Project(id="P1", min_size=1, max_size=4, proposers=("S1",)),
                Project(id="P2", min_size=1, max_size=4),
                Project(id="P3", min_size=1, max_size=4, optional=True)]
    rules = Rules(max_per_value={"discipline": 2}, min_distinct={"institution": 1},
                  no_isolated={"institution": []}, keep_together=[["S1", "S2"]],
                  keep_apart=[["S1", "S3"]], top_k=2, fixed={"S6": "P2"},
                  min_term={"preference": 0},
                  new_teammates=NewTeammatesRule(column="previous_team", max_shared=3))
    return Problem(students=students, projects=projects, rules=rules)


@pytest.mark.parametrize("name", list(RULES))
def test_every_rule_has_every_face_or_says_why(name: str) -> None:
    cls = RULES[name]
    assert not inspect.isabstract(cls), f"{name}: post (CP-SAT) or violations (check) missing"
    assert set(cls.without) <= set(RULE_FACES), f"{name}: unknown path in without"
    for path, method in RULE_FACES.items():
        has = _overrides(cls, Constraint, method)
        reason = cls.without.get(path, "")
        assert has or reason.strip(), (
            f"rule {name!r} has no {method} face ({path}) and no reason in `without`")


@pytest.mark.parametrize("name", list(TERMS))
def test_every_term_has_a_decomposition_or_says_why(name: str) -> None:
    cls = TERMS[name]
    assert not inspect.isabstract(cls), f"{name}: expression (CP-SAT) or value (check) missing"
    assert set(cls.without) <= set(TERM_FACES), f"{name}: unknown path in without"
    for path, methods in TERM_FACES.items():
        has = any(_overrides(cls, ScoringTerm, m) for m in methods)
        assert has or cls.without.get(path, "").strip(), (
            f"term {name!r} has no {' or '.join(methods)} face ({path}) and no reason")


def test_the_registry_problem_calls_for_every_rule() -> None:
    assert {c.name for c in make_constraints(every_rule_problem())} == set(RULES)


def test_a_rule_without_rows_gives_its_stated_reason() -> None:
    problem = every_rule_problem()
    for c in make_constraints(problem):
        needs = c.linear_needs(problem)
        if isinstance(needs, str):
            assert needs == c.without["linear"], c.name
        else:
            assert isinstance(needs, LinearNeeds), c.name
        assert c.atoms(problem) or c.name == "assignment", c.name  # the diagnosis's atoms


def test_a_term_without_decomposition_gives_its_stated_reason() -> None:
    from matcher.registry import make_term

    problem = every_rule_problem()
    for kind, cls in TERMS.items():
        term = make_term(f"{kind}.discipline" if cls.needs_attribute else kind)
        d = term.decompose(problem)
        if isinstance(d, Generic):
            assert d.reason == cls.without["decompose"], kind
