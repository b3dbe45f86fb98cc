"""Every rule and term of the registry reaches every path of the engine, or says why not.

A rule has a face for the CP-SAT model (``post``) and the check (``violations``), both
abstract, and one for each path of :data:`RULE_FACES`: the LP relaxation and the exact MIP
(``linear_needs``, ``linear_rows``), the warm start and the LNS (``keep``), a complete hint
(``hint``), the diagnosis (``atoms``, ``relax``), the arithmetic before solving
(``precheck``), the restricted domains (``close_domain``), the explanations (``holds``,
``admits``, ``ranked_words``, ``held_elsewhere``, ``student_notes``), the objective's default
weights (``default_weights``) and the ``[rules]`` section (``parameters``,
``parameter_issues``). A term has one for CP-SAT (``expression``) and the check (``value``),
both abstract, and one for each path of :data:`TERM_FACES`. A face left at its base class's
default must be named in the class's ``without`` with a reason: adding a rule or a term
without deciding each path fails here, naming the face.

Three faces have a default that is right for every rule and are not asked for:
``binding`` (the violation's own words), ``forbidden_pairs`` (none: the rule is still posted)
and ``describe`` (the rule's name).
"""

from __future__ import annotations

import inspect

import pytest

from matcher.constraints.base import Constraint
from matcher.constraints.faces import LinearNeeds
from matcher.problem import Problem, Project, Student
from matcher.registry import RULES, TERMS, make_constraints
from matcher.rules import Rules
from matcher.scoring.base import ScoringTerm
from matcher.scoring.decomposition import Generic

#: rule paths: the name in ``without`` -> the face method (``parameters``: the class attribute)
RULE_FACES = {
    "linear": "linear_needs", "linear_rows": "linear_rows", "keep": "keep", "hint": "hint",
    "atoms": "atoms", "relax": "relax", "precheck": "precheck", "domain": "close_domain",
    "holds": "holds", "admits": "admits", "ranked_words": "ranked_words",
    "held_elsewhere": "held_elsewhere", "student_notes": "student_notes",
    "default_weights": "default_weights", "parameters": "parameters",
    "parameter_issues": "parameter_issues"}
#: term paths: the name in ``without`` -> the face methods (any one of them)
TERM_FACES = {"decompose": ("decompose", "pairs"), "incremental": ("incremental",),
              "upper_bound": ("upper_bound",), "lower_bound": ("lower_bound",),
              "hint": ("hint",)}


def _overrides(cls: type, base: type, method: str) -> bool:
    if method == "parameters":
        return bool(cls.parameters)  # type: ignore[attr-defined]
    mine, theirs = getattr(cls, method), getattr(base, method)
    return getattr(mine, "__func__", mine) is not getattr(theirs, "__func__", theirs)


def missing_rule_faces(cls: type[Constraint]) -> list[str]:
    """The faces ``cls`` neither implements nor names in ``without`` with a reason."""
    return [f"{method} ({path})" for path, method in RULE_FACES.items()
            if not _overrides(cls, Constraint, method) and not cls.without.get(path, "").strip()]


def every_rule_problem() -> Problem:
    """A tiny problem that calls for an instance of every rule of the registry: each rule's
    parameters at their first example (:attr:`Constraint.parameters`)."""
    students = [Student(id=f"S{i}", discipline=f"d{i % 3}", institution=f"u{i % 2}",
                        preferences=("P1", "P2"), refused=("P3",) if i == 5 else (),
                        avoid=("S4",) if i == 3 else (),
                        attributes={"previous_team": f"t{i % 2}"})
                for i in range(1, 7)]
    projects = [Project(id="P1", min_size=1, max_size=4, proposers=("S1",)),
                Project(id="P2", min_size=1, max_size=4),
                Project(id="P3", min_size=1, max_size=4, optional=True)]
    rules = Rules(**{field: info.examples[0] for cls in RULES.values()
                     for field, (_, info) in cls.parameters.items() if info.examples})
    return Problem(students=students, projects=projects, rules=rules)


@pytest.mark.parametrize("name", list(RULES))
def test_every_rule_has_every_face_or_says_why(name: str) -> None:
    cls = RULES[name]
    assert not inspect.isabstract(cls), f"{name}: post (CP-SAT) or violations (check) missing"
    assert set(cls.without) <= set(RULE_FACES), (
        f"{name}: unknown path in without: {set(cls.without) - set(RULE_FACES)}")
    missing = missing_rule_faces(cls)
    assert not missing, f"rule {name!r} has no {', '.join(missing)} face and no reason in without"


def test_a_rule_that_forgets_a_face_is_named() -> None:
    from matcher.constraints.keep_apart import KeepApart

    class Careless(KeepApart):
        name = "careless"
        without = {k: v for k, v in KeepApart.without.items() if k != "domain"}

    assert missing_rule_faces(Careless) == ["close_domain (domain)"]


@pytest.mark.parametrize("name", list(RULES))
def test_every_rule_parameter_has_a_description_and_an_example(name: str) -> None:
    for field, (_, info) in RULES[name].parameters.items():
        assert info.description, f"{name}.{field}: no description for the rule form"
        assert info.examples or info.default is not None, f"{name}.{field}: no example"


@pytest.mark.parametrize("name", list(TERMS))
def test_every_term_has_every_face_or_says_why(name: str) -> None:
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


def test_the_rules_schema_describes_every_parameter() -> None:
    """The page builds its rule form from this schema: every field has a title, a
    description and a type, and the rules' minimums."""
    schema = Rules.model_json_schema()
    fields = [f for cls in RULES.values() for f in cls.parameters]
    assert list(schema["properties"]) == fields
    for field, spec in schema["properties"].items():
        assert spec.get("title") and spec.get("description"), field
        assert "type" in spec or "anyOf" in spec, field
    assert schema["properties"]["top_k"]["anyOf"][0]["minimum"] == 1
    assert schema["properties"]["max_per_value"]["additionalProperties"]["minimum"] == 1
    assert schema["properties"]["keep_apart"]["items"]["minItems"] == 2
    new_teammates = schema["$defs"]["NewTeammatesRule"]["properties"]
    assert new_teammates["max_shared"]["minimum"] == 1
