"""Stability when re-matching: students moved away from a previous formation."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from matcher.model import lsum
from matcher.scoring.base import ScoringTerm

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import LinearExpr, ModelBuilder
    from matcher.problem import Problem
    from matcher.scoring.decomposition import Decomposition


def stayers(problem: Problem) -> dict[str, str]:
    """The previous placements that still matter: student id -> project id, for the students
    of ``problem.previous`` who are still in the cohort (those who dropped out are left out).

    A previous project that no longer exists stays in the mapping: its students must move.
    """
    return {sid: pid for sid, pid in problem.previous.items()
            if sid in problem.student_index and pid}


class Moves(ScoringTerm):
    """Moves, counted negatively: ``-(number of students of the previous formation who are no
    longer on their previous project)``; students who joined since cost nothing.

    Model: ``sum_{s in prev} x[s, prev(s)] - |prev|`` (a pruned pair, or a project that no
    longer exists, counts as 0: that student must move).
    """

    kind: ClassVar[str] = "moves"
    local: ClassVar[bool] = True

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        problem = builder.problem
        before = stayers(problem)
        kept = []
        for sid, pid in before.items():
            pi = problem.project_index.get(pid)
            if pi is not None:
                kept.append(builder.var(problem.student_index[sid], pi))
        return lsum(kept) - len(before)

    def value(self, problem: Problem, assignment: Assignment) -> int:
        return -sum(1 for sid, pid in stayers(problem).items() if assignment.get(sid) != pid)

    def decompose(self, problem: Problem) -> Decomposition:
        """1 per (student, previous idea) pair, minus the number of previous placements."""
        from matcher.scoring.decomposition import PerPlacement

        before = stayers(problem)
        pindex, sindex = problem.project_index, problem.student_index
        return PerPlacement({(sindex[sid], pindex[pid]): 1 for sid, pid in before.items()
                             if pid in pindex}, offset=-len(before))
