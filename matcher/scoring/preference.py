"""Preference points earned by the students."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from matcher.model import lsum
from matcher.scoring.base import ScoringTerm

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import LinearExpr, ModelBuilder
    from matcher.problem import Problem
    from matcher.scoring.decomposition import Decomposition


class Preference(ScoringTerm):
    """Preference points: ``K - r + 1`` for a student on their rank-``r`` project.

    ``K`` is the length of the longest preference list in the cohort; an unranked project (or
    no team) earns 0.

    Model: ``sum_{s,p} points(s,p) * x[s,p]``.
    """

    kind: ClassVar[str] = "preference"
    team_sum: ClassVar[bool] = True
    without: ClassVar[Mapping[str, str]] = {
        "hint": "a sum over the x alone: no auxiliary variable to hint",
        "incremental": (
            "the generic TeamSum pricing: its points are per placement, so the two touched "
            "teams' change is the move's")}
    linear: ClassVar[bool] = True
    local: ClassVar[bool] = True

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        return lsum(builder.points(si) for si in range(len(builder.problem.students)))

    def upper_bound(self, problem: Problem) -> int:
        """Everyone on their favourite idea: ``sum_s max_p points(s, p)``."""
        return sum(max((problem.points(s, pid) for pid in s.preferences), default=0)
                   for s in problem.students)

    def lower_bound(self, problem: Problem) -> int:
        """0."""
        return 0

    def value(self, problem: Problem, assignment: Assignment) -> int:
        return sum(
            problem.points(s, pid)
            for s in problem.students
            if (pid := assignment.get(s.id)) is not None
        )

    def decompose(self, problem: Problem) -> Decomposition:
        """Points per ranked (student, idea) pair."""
        from matcher.scoring.decomposition import PerPlacement

        pindex, k = problem.project_index, problem.max_preferences
        values: dict[tuple[int, int], int] = {}
        for si, s in enumerate(problem.students):
            for r, pid in enumerate(s.preferences):  # points(s, pid) = K - rank + 1
                pi = pindex.get(pid)
                if pi is not None:
                    values.setdefault((si, pi), k - r)
        return PerPlacement(values)
