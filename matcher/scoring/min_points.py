"""Worst-off fairness on preferences: the lowest points earned by any student."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from matcher.scoring.base import ScoringTerm

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import LinearExpr, ModelBuilder
    from matcher.problem import Problem


class MinPoints(ScoringTerm):
    """Worst-off student: the lowest preference points earned by any student (0 if unranked).

    Model: ``z == min_s points(s)`` (``add_min_equality``, exact on every solution).
    """

    kind: ClassVar[str] = "min_points"
    without: ClassVar[Mapping[str, str]] = {
        "decompose": ("the lowest points of any student (a max-min): not a sum over placements")}

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        n = len(builder.problem.students)
        if n == 0:
            return 0
        z = builder.model.new_int_var(0, builder.problem.max_preferences, "min_points")
        builder.model.add_min_equality(z, [builder.points(si) for si in range(n)])
        return z

    def value(self, problem: Problem, assignment: Assignment) -> int:
        return min(
            (problem.points(s, pid) if (pid := assignment.get(s.id)) is not None else 0
             for s in problem.students),
            default=0,
        )
