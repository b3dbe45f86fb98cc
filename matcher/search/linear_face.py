"""The linear face of rules and terms: how they enter the LP relaxation
(:mod:`matcher.search.relaxation`) and the exact aggregated MIP
(:mod:`matcher.search.exact_mip`).

Both models keep a column ``x[s,p]`` for some (student, idea) pairs and count the other
placements in aggregate: the MIP per *type* of interchangeable students (one value of every
counted attribute), the LP per attribute value. A rule enters them in two steps:

1. :meth:`~matcher.constraints.base.Constraint.linear_needs` says what its rows read
   (:class:`LinearNeeds`): the students it names, who leave the aggregate and get a column
   on every idea they may join, and the attributes whose per-team counts it reads, which the
   aggregate then keeps apart by value. A string instead says why the rule has no rows.
2. :meth:`~matcher.constraints.base.Constraint.linear_rows` adds the rows through a
   :class:`LinearModel`, the same calls for both models.

A term enters them through its :meth:`~matcher.scoring.base.ScoringTerm.decompose` face
(:mod:`matcher.scoring.decomposition`); :func:`objective_parts` gathers the objective.

Model (the interface, for a rule's rows): ``x(s, p)`` the column of a named student on
``p`` (``None``: ``s`` cannot join ``p``), ``count(p, a, v)`` the entries summing to the
number of members of ``p`` holding value ``v`` of ``a``, ``present(p, a, v)`` a column
``has <= count``, ``has <= open[p]`` (``None`` when nobody can hold ``v`` on ``p``),
``open(p)``, ``aux_col`` (integer in the MIP, with its value on an assignment) and ``row``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from matcher.constraints.base import Constraint
    from matcher.problem import Problem, Value


@dataclass(frozen=True)
class LinearNeeds:
    """What a rule's linear rows read: ``students`` (indices) it names, modelled one by one
    (they leave the aggregated types), and ``attributes`` whose per-team counts it reads.
    Empty needs: the rule is kept by the models' own structure (team sizes, proposers,
    forbidden pairs) or its rows read only what every model has."""

    students: frozenset[int] = frozenset()
    attributes: tuple[str, ...] = ()


class LinearModel(Protocol):
    """The calls a rule's :meth:`~matcher.constraints.base.Constraint.linear_rows` makes
    (module docstring), answered by the LP relaxation and by the exact MIP alike."""

    problem: Problem
    #: True in the exact MIP (columns integer, rows exact), False in the LP relaxation
    exact: bool

    def x(self, si: int, pi: int) -> int | None:
        """Column of named student ``si`` on idea ``pi``; ``None``: ``si`` cannot join it."""
        ...

    def count(self, pi: int, attribute: str, value: Value) -> list[tuple[int, float]]:
        """Entries whose sum is the number of members of ``pi`` holding ``value``."""
        ...

    def present(self, pi: int, attribute: str, value: Value) -> int | None:
        """A column at most 1 only if ``value`` is present on ``pi`` (``None``: never)."""
        ...

    def open(self, pi: int) -> int:
        """Column of ``open[pi]``."""
        ...

    def aux_col(self, cost: float, low: float, high: float,
                value: Callable[[Mapping[int, list[int]]], float]) -> int:
        """A new auxiliary column (integer in the exact MIP) whose value on an assignment is
        ``value(teams)`` (``teams``: idea index -> member indices), so that every valid
        assignment maps to a point of the model."""
        ...

    def row(self, entries: Sequence[tuple[int, float]], low: float, high: float) -> None:
        """``low <= sum v x[j] <= high``."""
        ...


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
    from matcher.registry import make_constraints

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
    from matcher.registry import effective_weights

    key = tuple(sorted(effective_weights(problem, weights).items()))
    cache = problem.__dict__.setdefault("_linear_faces_cache", {})
    if key not in cache:
        cache[key] = _objective_parts(problem, weights)
    return cache[key]


def _objective_parts(problem: Problem, weights: Mapping[str, int] | None) -> ObjectiveParts:
    from matcher.registry import make_terms
    from matcher.scoring.decomposition import DistinctValues, MemberPairs, PerPlacement

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
