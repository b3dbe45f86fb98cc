"""Distinct-value coverage of an attribute (the default ``discipline`` and ``institution``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from matcher.assignment import open_teams, value_counts
from matcher.model import lsum
from matcher.scoring.base import ScoringTerm
from matcher.scoring.incremental import Incremental

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import LinearExpr, ModelBuilder
    from matcher.problem import Problem
    from matcher.scoring.decomposition import Decomposition


class Coverage(ScoringTerm):
    """Distinct values: for each open team, the number of distinct values of the attribute.

    Model: ``sum_{p,v} has[p,v]`` with ``has`` the exact presence indicators
    (``x[s,p] <= has[p,v] <= sum_{s : a(s)=v} x[s,p]``), plus the redundant cut
    ``sum_v has[p,v] <= sum_s x[s,p]`` per team.
    """

    kind: ClassVar[str] = "coverage"
    team_sum: ClassVar[bool] = True
    without: ClassVar[Mapping[str, str]] = {
        "hint": "a sum of the builder's presence indicators, which add_hint hints"}
    local: ClassVar[bool] = True
    needs_attribute: ClassVar[bool] = True

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        assert self.attribute is not None
        values = list(builder.values(self.attribute))
        per_team = []
        for pi in range(len(builder.problem.projects)):
            distinct = lsum(builder.present(pi, self.attribute, v) for v in values)
            # Redundant cut: a team has no more distinct values than members. Implied by the
            # linking constraints over the integers, it tightens the LP relaxation. A team no
            # student may join has no variable: the cut is then ``0 <= 0``, which CP-SAT would
            # turn into a constant variable, so it is left out.
            if builder.by_project[pi]:
                builder.model.add(distinct <= builder.size(pi))
            per_team.append(distinct)
        return lsum(per_team)

    def incremental(self, problem: Problem) -> CoverageCounts:
        """Per-team counts of each value (:class:`CoverageCounts`)."""
        assert self.attribute is not None
        codes = problem.value_codes(self.attribute)
        return CoverageCounts(codes)

    def upper_bound(self, problem: Problem) -> int:
        """``min(n, sum_p min(max_p, V), sum_v min(n_v, P))`` (see
        :func:`~matcher.search.domain.simple_bound`)."""
        assert self.attribute is not None
        groups = problem.groups(self.attribute)
        per_team = min(len(problem.students),
                       sum(min(p.max_size, len(groups)) for p in problem.projects))
        return min(per_team, sum(min(len(m), len(problem.projects)) for m in groups.values()))

    def lower_bound(self, problem: Problem) -> int:
        """0."""
        return 0

    def decompose(self, problem: Problem) -> Decomposition:
        """Distinct values of the attribute per open team."""
        from matcher.scoring.decomposition import DistinctValues

        assert self.attribute is not None
        return DistinctValues(self.attribute)

    def value(self, problem: Problem, assignment: Assignment) -> int:
        assert self.attribute is not None
        return sum(len(value_counts(m, self.attribute))
                   for m in open_teams(problem, assignment).values())


class CoverageCounts(Incremental):
    """The coverage term move by move: per team, the count of each value; a value counts
    once per team holding it."""

    def __init__(self, codes: list[int]) -> None:
        self.codes = codes

    def reset(self, team: list[int], n_p: int) -> None:
        self.count: list[dict[int, int]] = [{} for _ in range(n_p)]
        for s, p in enumerate(team):
            if p >= 0:
                self.add(s, p)

    def add(self, s: int, p: int) -> None:
        v = self.codes[s]
        if v >= 0:
            self.count[p][v] = self.count[p].get(v, 0) + 1

    def remove(self, s: int, p: int) -> None:
        v = self.codes[s]
        if v >= 0:
            self.count[p][v] -= 1

    def value(self) -> int:
        return sum(1 for c in self.count for k in c.values() if k > 0)

    def move_delta(self, s: int, p: int, q: int) -> int:
        v = self.codes[s]
        if v < 0:
            return 0
        return int(self.count[q].get(v, 0) == 0) - int(self.count[p].get(v, 0) == 1)

    def swap_delta(self, s: int, t: int, p: int, q: int) -> int:
        if self.codes[s] == self.codes[t]:
            return 0
        return Incremental.swap_delta(self, s, t, p, q)
