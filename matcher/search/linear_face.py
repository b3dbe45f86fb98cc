"""The linear face of rules and terms gathered for the LP relaxation
(:mod:`matcher.search.relaxation`) and the exact aggregated MIP
(:mod:`matcher.search.exact_mip`).

The vocabulary a rule declares its linear face with
(:class:`~matcher.constraints.faces.LinearNeeds`, :class:`~matcher.constraints.faces.LinearModel`)
lives beside the rules' base class, in
:mod:`matcher.constraints.faces`, which also states the model. Here: every rule of a problem
through that face (:func:`rule_faces`), and every term through its
:meth:`~matcher.scoring.base.ScoringTerm.decompose` face (:mod:`matcher.scoring.decomposition`):
:func:`objective_parts` gathers the objective.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from matcher.registry import effective_weights, make_constraints, make_terms
from matcher.scoring.decomposition import DistinctValues, MemberPairs, PerPlacement

if TYPE_CHECKING:
    from matcher.constraints.base import Constraint
    from matcher.problem import Problem


@dataclass
class RuleFaces:
    """The rules of a problem as the linear models see them: those with rows
    (``modelled``), what they read (``students``, ``attributes``), and the reason of every
    rule without rows (``missing``: rule name -> reason)."""

    modelled: list[Constraint] = field(default_factory=list)
    students: set[int] = field(default_factory=set)
    attributes: list[str] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)


def rule_faces(problem: Problem) -> RuleFaces:
    """Every rule instance of ``problem`` through its linear face (computed once per
    problem: a problem is frozen)."""
    cache = problem.__dict__.setdefault("_linear_faces_cache", {})
    if "rules" not in cache:
        cache["rules"] = _rule_faces(problem)
    return cache["rules"]


def _rule_faces(problem: Problem) -> RuleFaces:
    out = RuleFaces()
    for c in make_constraints(problem):
        needs = c.linear_needs(problem)
        if isinstance(needs, str):
            out.missing.setdefault(c.name, needs)
            continue
        out.modelled.append(c)
        out.students |= needs.students
        for a in needs.attributes:
            if a not in out.attributes:
                out.attributes.append(a)
    return out


@dataclass
class ObjectiveParts:
    """The weighted objective as the linear models read it: ``gains[s,p]`` per placement,
    ``offset``, ``distinct`` (attribute -> weight of its distinct values per team),
    ``pairs`` ((i, j) -> weighted coefficient of the pairs of members), and ``missing``
    (term name -> reason) for the terms with no linear decomposition or whose sign the
    caller cannot take."""

    gains: dict[tuple[int, int], int] = field(default_factory=dict)
    offset: int = 0
    distinct: dict[str, int] = field(default_factory=dict)
    pairs: dict[tuple[int, int], int] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)


def objective_parts(problem: Problem, weights: Mapping[str, int] | None = None
                    ) -> ObjectiveParts:
    """The weighted objective of ``problem`` through every term's
    :meth:`~matcher.scoring.base.ScoringTerm.decompose` face.

    A distinct-values term with a negative weight is ``missing`` (a relaxation's presence
    indicators are upper bounds only); so is every :class:`Generic` term. Computed once per
    problem and weights (a problem is frozen); callers must not change the result."""
    key = tuple(sorted(effective_weights(problem, weights).items()))
    cache = problem.__dict__.setdefault("_linear_faces_cache", {})
    if key not in cache:
        cache[key] = _objective_parts(problem, weights)
    return cache[key]


def _objective_parts(problem: Problem, weights: Mapping[str, int] | None) -> ObjectiveParts:
    out = ObjectiveParts()
    for term, w in make_terms(problem, weights):
        if w == 0:
            continue
        d = term.decompose(problem)
        if isinstance(d, PerPlacement):
            for key, c in d.values.items():
                if c:
                    out.gains[key] = out.gains.get(key, 0) + w * c
            out.offset += w * d.offset
        elif isinstance(d, DistinctValues):
            if w > 0:
                out.distinct[d.attribute] = out.distinct.get(d.attribute, 0) + w
            else:
                out.missing[term.name] = (f"the term {term.name!r} has a negative weight: "
                                          "presence indicators only bound it from above")
        elif isinstance(d, MemberPairs):
            for key, c in d.coefficients.items():
                out.pairs[key] = out.pairs.get(key, 0) + w * c
        else:
            out.missing[term.name] = d.reason
    out.gains = {k: c for k, c in out.gains.items() if c}
    out.pairs = {k: c for k, c in out.pairs.items() if c}
    return out
