"""Penalty for students left without a team (with ``rules.allow_unassigned``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from matcher.model import lsum
from matcher.scoring.base import ScoringTerm

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import LinearExpr, ModelBuilder
    from matcher.problem import Problem


class Unassigned(ScoringTerm):
    """Students left out, counted negatively: ``-(number of students without a team)``.

    Model: ``sum_s (sum_p x[s,p]) - n``.
    """

    kind: ClassVar[str] = "unassigned"
    without: ClassVar[Mapping[str, str]] = {
        "decompose": ("students without a team: the LP relaxation and the exact MIP place every "
                      "student (the assignment rule's linear face)")}
    local: ClassVar[bool] = True

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        n = len(builder.problem.students)
        return lsum(builder.assigned(si) for si in range(n)) - n

    def value(self, problem: Problem, assignment: Assignment) -> int:
        return -sum(1 for s in problem.students
                    if assignment.get(s.id) not in problem.project_index)
