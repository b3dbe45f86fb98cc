"""Worst-off fairness on diversity: the lowest number of distinct values in any open team."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from matcher.assignment import open_teams, value_counts
from matcher.model import lsum
from matcher.scoring.base import ScoringTerm

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

    def value(self, problem: Problem, assignment: Assignment) -> int:
        assert self.attribute is not None
        return min((len(value_counts(m, self.attribute))
                    for m in open_teams(problem, assignment).values()), default=0)
