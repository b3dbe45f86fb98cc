"""The words a rule uses to declare its faces beyond CP-SAT and the plain check: the
vocabulary of :class:`~matcher.constraints.base.Constraint`'s ``linear_needs``,
``linear_rows`` and ``keep`` faces.

Beside the base class, below the plug-ins that speak it and the search that implements it:
the LP relaxation and the exact MIP answer :class:`LinearModel`
(:mod:`matcher.search.relaxation`, :mod:`matcher.search.exact_mip`, gathered by
:mod:`matcher.search.linear_face`); the heuristics keep what a :class:`Kept` lists
(:mod:`matcher.search.heuristics`).

The linear face
---------------
Both linear models keep a column ``x[s,p]`` for some (student, idea) pairs and count the other
placements in aggregate: the MIP per *type* of interchangeable students (one value of every
counted attribute), the LP per attribute value. A rule enters them in two steps:

1. :meth:`~matcher.constraints.base.Constraint.linear_needs` says what its rows read
   (:class:`LinearNeeds`): the students it names, who leave the aggregate and get a column
   on every idea they may join, and the attributes whose per-team counts it reads, which the
   aggregate then keeps apart by value. A string instead says why the rule has no rows.
2. :meth:`~matcher.constraints.base.Constraint.linear_rows` adds the rows through a
   :class:`LinearModel`, the same calls for both models.

Model (the interface, for a rule's rows): ``x(s, p)`` the column of a named student on
``p`` (``None``: ``s`` cannot join ``p``), ``count(p, a, v)`` the entries summing to the
number of members of ``p`` holding value ``v`` of ``a``, ``present(p, a, v)`` a column
``has <= count``, ``has <= open[p]`` (``None`` when nobody can hold ``v`` on ``p``),
``open(p)``, ``aux_col`` (integer in the MIP, with its value on an assignment) and ``row``.

The keep face
-------------
A rule teaches the heuristics (warm start, LNS) what they must keep besides team sizes and
forbidden pairs through :meth:`~matcher.constraints.base.Constraint.keep`, filling a
:class:`Kept`: pairs of students never on one team (``avoid``, ``keep_apart``), caps on the
members of a group in one team (``new_teammates``, ``max_per_value``), floors on the distinct
values of an open team (``min_distinct``), values never held by one member alone
(``no_isolated``) and groups of students on one team (``keep_together``). A move or swap that
would break one is refused (:meth:`matcher.search.heuristics.state.State.fits`); the
construction reaches them (:mod:`matcher.search.heuristics.kept_repairs`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
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
class Kept:
    """Rules kept move by move, as student indices.

    ``apart``: unordered pairs ``(i, j)`` never on the same team; ``caps``: ``(codes, k)``
    with ``codes[s]`` the group of student ``s`` (-1: none), at most ``k`` members of a group
    in one team; ``floors``: ``(codes, k)``, at least ``k`` distinct codes (-1 not counted)
    in every open team; ``together``: groups of students always on one team; ``pairs``:
    ``codes`` lists, each code (-1: none) held by 0 or at least 2 members of every team.
    """

    apart: list[tuple[int, int]] = field(default_factory=list)
    caps: list[tuple[list[int], int]] = field(default_factory=list)
    floors: list[tuple[list[int], int]] = field(default_factory=list)
    together: list[list[int]] = field(default_factory=list)
    pairs: list[list[int]] = field(default_factory=list)

    def keep_apart(self, i: int, j: int) -> None:
        """Students ``i`` and ``j`` never on the same team."""
        if i != j:
            self.apart.append((min(i, j), max(i, j)))

    def cap(self, codes: list[int], k: int) -> None:
        """At most ``k`` students of one group (``codes[s]``, -1: none) in a team."""
        self.caps.append((list(codes), k))

    def floor(self, codes: list[int], k: int) -> None:
        """At least ``k`` distinct codes (``codes[s]``, -1: none) in every open team."""
        self.floors.append((list(codes), k))

    def no_lone(self, codes: list[int]) -> None:
        """Every code (``codes[s]``, -1: none) held by 0 or at least 2 members of a team."""
        self.pairs.append(list(codes))

    def keep_together(self, group: list[int]) -> None:
        """The students of ``group`` always on one team."""
        if len(set(group)) > 1:
            self.together.append(sorted(set(group)))
