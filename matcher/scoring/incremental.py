"""A term scored move by move: the face the local search (annealing, local search, LNS) uses.

An :class:`Incremental` keeps what a term needs per team (counts, sums, a gain matrix...) as
students join and leave teams, and prices a move of one student or a swap of two without
recomputing the term. Every term has one through
:meth:`~matcher.scoring.base.ScoringTerm.incremental`:

- a term whose value is a constant plus a sum over teams of a function of the team's members
  (:attr:`~matcher.scoring.base.ScoringTerm.team_sum`) gets :class:`TeamSum` by default: the
  change of a move is the change of :meth:`~matcher.scoring.base.ScoringTerm.value` on the two
  teams it touches (the rest of the cohort left without a team, a constant that cancels);
- any other term (``min_points``, ``min_coverage`` are minima over students or teams) gets
  :class:`Recompute`: the value recomputed on the whole assignment, correct for any term;
- the terms of the engine override the face with a constant-time one (per-team counts, sums,
  the MDGP gain matrix for ``pairwise``, histograms for the minima).

Indices: students and projects by their position in the problem; ``team[s]`` the project of
student ``s`` (every student placed: the local search moves students between teams).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from matcher.problem import Problem
    from matcher.scoring.base import ScoringTerm


class Incremental:
    """A term's value kept up to date as students move (module docstring).

    Subclasses hold the precomputed data of the problem in ``__init__`` and the per-team state
    in :meth:`reset`; :meth:`start` copies the first and builds the second, so that one
    prototype serves every search state. ``team`` is shared with the caller: when
    :meth:`add` or :meth:`remove` is called, ``team[s]`` may already name the new team.
    """

    def start(self, team: list[int], n_p: int) -> Incremental:
        """A new instance following ``team`` (built from scratch)."""
        out = copy.copy(self)
        out.reset(team, n_p)
        return out

    def reset(self, team: list[int], n_p: int) -> None:
        """Rebuild the per-team state from ``team`` (``n_p`` projects)."""
        self.members: list[list[int]] = [[] for _ in range(n_p)]
        for s, p in enumerate(team):
            if p >= 0:
                self.members[p].append(s)

    def add(self, s: int, p: int) -> None:
        """Student ``s`` joins team ``p``."""
        self.members[p].append(s)

    def remove(self, s: int, p: int) -> None:
        """Student ``s`` leaves team ``p``."""
        self.members[p].remove(s)

    def value(self) -> int:
        """The term's value on the current teams."""
        raise NotImplementedError

    def pair_matrix(self) -> np.ndarray | None:
        """``d`` when the term is ``sum d[i, j]`` over the pairs of teammates (the LNS then
        models it exactly among the students it frees); ``None`` (the default) otherwise."""
        return None

    def move_delta(self, s: int, p: int, q: int) -> int:
        """Change of the value when ``s`` goes from team ``p`` to team ``q``."""
        raise NotImplementedError

    def swap_delta(self, s: int, t: int, p: int, q: int) -> int:
        """Change of the value when ``s`` (on ``p``) and ``t`` (on ``q``) trade teams. The
        default prices it as two moves, the first applied in between."""
        d = self.move_delta(s, p, q)
        self.remove(s, p)
        self.add(s, q)
        try:
            d += self.move_delta(t, q, p)
        finally:
            self.remove(s, q)
            self.add(s, p)
        return d


class TeamSum(Incremental):
    """Generic face of a term that is a constant plus a sum over teams: the change of a step
    is the change of ``term.value`` on the assignment of the two touched teams only (every
    other student without a team: the same constant before and after). Costs two calls of
    ``value`` per step: correct for every such term, fast for none."""

    def __init__(self, term: ScoringTerm, problem: Problem) -> None:
        self.term, self.problem = term, problem
        self.sids = [s.id for s in problem.students]
        self.pids = [p.id for p in problem.projects]

    def _on(self, teams: dict[int, list[int]]) -> int:
        assignment: dict[str, str | None] = {sid: None for sid in self.sids}
        for p, ms in teams.items():
            for s in ms:
                assignment[self.sids[s]] = self.pids[p]
        return self.term.value(self.problem, assignment)

    def value(self) -> int:
        return self._on(dict(enumerate(self.members)))

    def move_delta(self, s: int, p: int, q: int) -> int:
        mp, mq = self.members[p], self.members[q]
        before = self._on({p: mp, q: mq})
        return self._on({p: [x for x in mp if x != s], q: [*mq, s]}) - before

    def swap_delta(self, s: int, t: int, p: int, q: int) -> int:
        mp, mq = self.members[p], self.members[q]
        before = self._on({p: mp, q: mq})
        return self._on({p: [x for x in mp if x != s] + [t],
                         q: [x for x in mq if x != t] + [s]}) - before


class Recompute(Incremental):
    """Generic face of any term: the value recomputed on the whole assignment before and
    after the step (for terms that are no sum over teams, such as a minimum). Correct for
    every term; costs two passes over the cohort per step."""

    def __init__(self, term: ScoringTerm, problem: Problem) -> None:
        self.term, self.problem = term, problem
        self.sids = [s.id for s in problem.students]
        self.pids = [p.id for p in problem.projects]

    def reset(self, team: list[int], n_p: int) -> None:
        super().reset(team, n_p)
        self.where = [-1] * len(self.sids)
        for p, ms in enumerate(self.members):
            for s in ms:
                self.where[s] = p

    def add(self, s: int, p: int) -> None:
        super().add(s, p)
        self.where[s] = p

    def remove(self, s: int, p: int) -> None:
        super().remove(s, p)
        self.where[s] = -1

    def _value(self, where: list[int]) -> int:
        assignment = {sid: (self.pids[p] if p >= 0 else None)
                      for sid, p in zip(self.sids, where, strict=True)}
        return self.term.value(self.problem, assignment)

    def value(self) -> int:
        return self._value(self.where)

    def move_delta(self, s: int, p: int, q: int) -> int:
        after = list(self.where)
        after[s] = q
        return self._value(after) - self._value(self.where)

    def swap_delta(self, s: int, t: int, p: int, q: int) -> int:
        after = list(self.where)
        after[s], after[t] = q, p
        return self._value(after) - self._value(self.where)


class Histogram:
    """Counts of small non-negative integers, with their minimum: the minimum of a multiset
    kept up to date in ``O(range)`` per change (the minima terms' faces)."""

    def __init__(self, size: int) -> None:
        self.count = [0] * (size + 1)
        self.total = 0

    def add(self, v: int, k: int = 1) -> None:
        """``k`` more copies of ``v`` (negative ``k``: fewer)."""
        self.count[v] += k
        self.total += k

    def minimum(self, default: int = 0) -> int:
        """The smallest value held (``default`` when empty)."""
        for v, c in enumerate(self.count):
            if c > 0:
                return v
        return default

    def minimum_with(self, changes: list[tuple[int, int]], default: int = 0) -> int:
        """The minimum once ``changes`` (``(value, +-copies)``) are applied, without applying
        them."""
        for v, k in changes:
            self.count[v] += k
        try:
            return self.minimum(default)
        finally:
            for v, k in changes:
                self.count[v] -= k


def most_pairs(sizes: list[int], n: int) -> int:
    """The most pairs of teammates ``n`` students can form on teams of at most ``sizes``
    members: ``sum_p C(m_p, 2)`` with the largest teams filled first (this vector majorises
    every other with ``m_p <= sizes[p]`` and ``sum m_p <= n``, and ``C(m, 2)`` is convex)."""
    total, left = 0, n
    for cap in sorted(sizes, reverse=True):
        m = min(cap, left)
        total += m * (m - 1) // 2
        left -= m
        if left <= 0:
            break
    return total


def fewest_alike_pairs(group_sizes: list[int], teams: int) -> int:
    """The fewest pairs of teammates sharing a value when the holders of each value (``group
    sizes``) are spread over at most ``teams`` teams: each group split as evenly as possible
    (``C(c, 2)`` is convex, so the even split has the fewest pairs)."""
    total = 0
    t = max(1, teams)
    for n_v in group_sizes:
        q, r = divmod(n_v, t)
        total += r * (q + 1) * q // 2 + (t - r) * q * (q - 1) // 2
    return total


def turan_pairs(m: int, values: int) -> int:
    """The most pairs of ``m`` teammates whose values differ when there are ``values``
    values: the values held as evenly as possible (the Turan number ``t(m, values)``)."""
    if values <= 1:
        return 0
    q, r = divmod(m, values)
    return (m * m - r * (q + 1) ** 2 - (values - r) * q * q) // 2


def most_differing_pairs(sizes: list[int], n: int, values: int) -> int:
    """The most pairs of teammates with different values that ``n`` students holding
    ``values`` values can form on teams of at most ``sizes`` members: the largest teams filled
    first (``t(m, values)`` grows by ``m - floor(m / values)`` from ``m`` to ``m + 1``, a
    non-decreasing step: convex, so the filling that majorises every other is best)."""
    total, left = 0, n
    for cap in sorted(sizes, reverse=True):
        m = min(cap, left)
        total += turan_pairs(m, values)
        left -= m
        if left <= 0:
            break
    return total
