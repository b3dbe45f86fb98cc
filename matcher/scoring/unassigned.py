"""Penalty for students left without a team (with ``rules.allow_unassigned``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from matcher.model import lsum
from matcher.scoring.base import ScoringTerm
from matcher.scoring.incremental import Incremental

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import LinearExpr, ModelBuilder
    from matcher.problem import Problem


class Unassigned(ScoringTerm):
    """Students left out, counted negatively: ``-(number of students without a team)``.

    Model: ``sum_s (sum_p x[s,p]) - n``.
    """

    kind: ClassVar[str] = "unassigned"
    team_sum: ClassVar[bool] = True
    linear: ClassVar[bool] = True
    without: ClassVar[Mapping[str, str]] = {
        "hint": "a sum over the x alone: no auxiliary variable to hint",
        "decompose": ("students without a team: the LP relaxation and the exact MIP place every "
                      "student (the assignment rule's linear face)")}
    local: ClassVar[bool] = True

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        n = len(builder.problem.students)
        return lsum(builder.assigned(si) for si in range(n)) - n

    def incremental(self, problem: Problem) -> PlacedCount:
        """:class:`PlacedCount`: a move or a swap between teams places nobody new."""
        return PlacedCount(len(problem.students))

    def upper_bound(self, problem: Problem) -> int:
        """Everyone placed: 0."""
        return 0

    def lower_bound(self, problem: Problem) -> int:
        """Nobody placed: ``-n``."""
        return -len(problem.students)

    def value(self, problem: Problem, assignment: Assignment) -> int:
        return -sum(1 for s in problem.students
                    if assignment.get(s.id) not in problem.project_index)


class PlacedCount(Incremental):
    """The ``unassigned`` term move by move: ``-(n - placed)``; moves and swaps between teams
    change nothing."""

    def __init__(self, n: int) -> None:
        self.n = n

    def reset(self, team: list[int], n_p: int) -> None:
        self.placed = sum(1 for p in team if p >= 0)

    def add(self, s: int, p: int) -> None:
        self.placed += 1

    def remove(self, s: int, p: int) -> None:
        self.placed -= 1

    def value(self) -> int:
        return self.placed - self.n

    def move_delta(self, s: int, p: int, q: int) -> int:
        return 0

    def swap_delta(self, s: int, t: int, p: int, q: int) -> int:
        return 0
