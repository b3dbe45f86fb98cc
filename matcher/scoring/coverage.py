"""Distinct-value coverage of an attribute (the default ``discipline`` and ``institution``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from matcher.assignment import open_teams, value_counts
from matcher.model import lsum
from matcher.scoring.base import ScoringTerm

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
    local: ClassVar[bool] = True
    needs_attribute: ClassVar[bool] = True

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        assert self.attribute is not None
        values = list(builder.values(self.attribute))
        per_team = []
        for pi in range(len(builder.problem.projects)):
            distinct = lsum(builder.present(pi, self.attribute, v) for v in values)
            # Redundant cut: a team has no more distinct values than members. Implied by the
            # linking constraints over the integers, it tightens the LP relaxation.
            builder.model.add(distinct <= builder.size(pi))
            per_team.append(distinct)
        return lsum(per_team)

    def value(self, problem: Problem, assignment: Assignment) -> int:
        assert self.attribute is not None
        return sum(len(value_counts(m, self.attribute))
                   for m in open_teams(problem, assignment).values())

    def decompose(self, problem: Problem) -> Decomposition:
        """Distinct values of the attribute per open team."""
        from matcher.scoring.decomposition import DistinctValues

        assert self.attribute is not None
        return DistinctValues(self.attribute)
