"""Worst-off fairness on diversity: the lowest number of distinct values in any open team."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from matcher.assignment import open_teams, value_counts
from matcher.model import lsum
from matcher.scoring.base import ScoringTerm
from matcher.scoring.incremental import Histogram, Incremental

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import LinearExpr, ModelBuilder
    from matcher.problem import Problem


class MinCoverage(ScoringTerm):
    """Worst-off team: the lowest number of distinct values of the attribute in an open team
    (0 when no team is open).

    Model: with ``U`` the number of values in the cohort, ``cov'[p] = cov[p] + U (1 - open[p])``
    (a closed team never counts as the minimum), ``z == min_p cov'[p]``, ``any == max_p open[p]``
    and the term is ``z - U (1 - any)``. Exact on every solution; no big-M.
    """

    kind: ClassVar[str] = "min_coverage"
    without: ClassVar[Mapping[str, str]] = {
        "hint": (
            "not yet: its auxiliary variables (min_coverage, any_open) are left out of the "
            "hint, and CP-SAT repairs them (a partial hint)"),
        "decompose": ("the fewest distinct values of any open team (a max-min): not a sum "
                      "over teams")}
    needs_attribute: ClassVar[bool] = True

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        assert self.attribute is not None
        m = builder.model
        values = list(builder.values(self.attribute))
        n_p = len(builder.problem.projects)
        if n_p == 0:
            return 0
        u = len(values)
        covs = [
            lsum(builder.present(pi, self.attribute, v) for v in values)
            + u * (1 - builder.open[pi])
            for pi in range(n_p)
        ]
        z = m.new_int_var(0, u, f"min_coverage[{self.attribute}]")
        m.add_min_equality(z, covs)
        any_open = m.new_bool_var("any_open")
        m.add_max_equality(any_open, builder.open)
        return z - u * (1 - any_open)

    def incremental(self, problem: Problem) -> MinCoverageHistogram:
        """Per-team counts of each value and a histogram of the open teams' distinct values
        (:class:`MinCoverageHistogram`)."""
        assert self.attribute is not None
        return MinCoverageHistogram(problem.value_codes(self.attribute),
                                    len(problem.groups(self.attribute)))

    def upper_bound(self, problem: Problem) -> int:
        """The most the fewest-values open team can hold, over the number ``T`` of open
        teams.

        Model: with ``T`` open teams, the smallest holds at most ``floor(n / T)`` students
        and at most the ``T``-th largest maximum size; a value held by ``c_v`` students is in
        at most ``min(c_v, T)`` teams, so the teams' distinct values sum to at most
        ``sum_v min(c_v, T)`` and the smallest is at most that over ``T``. The bound is the
        largest, over every ``T`` whose largest teams can hold the cohort (any ``T`` with
        ``allow_unassigned``), of the smallest of these and ``V``, the values in the cohort.
        """
        assert self.attribute is not None
        counts = [len(m) for m in problem.groups(self.attribute).values()]
        sizes = sorted((p.max_size for p in problem.projects), reverse=True)
        n = len(problem.students)
        best, room = 0, 0
        for t, cap in enumerate(sizes[:max(n, 1)], start=1):
            room += cap
            if room < n and not problem.rules.allow_unassigned:
                continue
            best = max(best, min(len(counts), cap, n // t,
                                 sum(min(c, t) for c in counts) // t))
        return best

    def lower_bound(self, problem: Problem) -> int:
        """0."""
        return 0

    def value(self, problem: Problem, assignment: Assignment) -> int:
        assert self.attribute is not None
        return min((len(value_counts(m, self.attribute))
                    for m in open_teams(problem, assignment).values()), default=0)


class MinCoverageHistogram(Incremental):
    """The ``min_coverage`` term move by move: per team, the members and the count of each
    value; a histogram of the distinct values of the open (non-empty) teams, whose smallest
    entry is the term (0 when no team is open)."""

    def __init__(self, codes: list[int], n_values: int) -> None:
        self.codes, self.n_values = codes, n_values

    def reset(self, team: list[int], n_p: int) -> None:
        self.size = [0] * n_p
        self.count: list[dict[int, int]] = [{} for _ in range(n_p)]
        self.distinct = [0] * n_p
        for s, p in enumerate(team):
            if p >= 0:
                self._join(s, p)
        self.hist = Histogram(self.n_values)
        for p in range(n_p):
            if self.size[p]:
                self.hist.add(self.distinct[p])

    def _join(self, s: int, p: int) -> None:
        self.size[p] += 1
        v = self.codes[s]
        if v >= 0:
            c = self.count[p]
            c[v] = c.get(v, 0) + 1
            if c[v] == 1:
                self.distinct[p] += 1

    def _leave(self, s: int, p: int) -> None:
        self.size[p] -= 1
        v = self.codes[s]
        if v >= 0:
            c = self.count[p]
            c[v] -= 1
            if c[v] == 0:
                self.distinct[p] -= 1

    def add(self, s: int, p: int) -> None:
        if self.size[p]:
            self.hist.add(self.distinct[p], -1)
        self._join(s, p)
        self.hist.add(self.distinct[p])

    def remove(self, s: int, p: int) -> None:
        self.hist.add(self.distinct[p], -1)
        self._leave(s, p)
        if self.size[p]:
            self.hist.add(self.distinct[p])

    def value(self) -> int:
        return self.hist.minimum()

    def _changes(self, p: int, before: tuple[int, int], after: tuple[int, int]
                 ) -> list[tuple[int, int]]:
        """Histogram changes of team ``p`` going from (size, distinct) ``before`` to
        ``after``."""
        out = []
        if before[0]:
            out.append((before[1], -1))
        if after[0]:
            out.append((after[1], 1))
        return out

    def _after(self, p: int, out: int, into: int) -> tuple[int, int]:
        """(size, distinct) of ``p`` once ``out`` leaves it and ``into`` joins it (-1: none)."""
        size, distinct = self.size[p], self.distinct[p]
        c = self.count[p]
        vo = self.codes[out] if out >= 0 else -1
        vi = self.codes[into] if into >= 0 else -1
        if out >= 0:
            size -= 1
        if into >= 0:
            size += 1
        if vo != vi:
            if vo >= 0 and c.get(vo, 0) == 1:
                distinct -= 1
            if vi >= 0 and c.get(vi, 0) == 0:
                distinct += 1
        return size, distinct

    def move_delta(self, s: int, p: int, q: int) -> int:
        changes = (self._changes(p, (self.size[p], self.distinct[p]), self._after(p, s, -1))
                   + self._changes(q, (self.size[q], self.distinct[q]), self._after(q, -1, s)))
        return self.hist.minimum_with(changes) - self.value()

    def swap_delta(self, s: int, t: int, p: int, q: int) -> int:
        changes = (self._changes(p, (self.size[p], self.distinct[p]), self._after(p, s, t))
                   + self._changes(q, (self.size[q], self.distinct[q]), self._after(q, t, s)))
        return self.hist.minimum_with(changes) - self.value()
