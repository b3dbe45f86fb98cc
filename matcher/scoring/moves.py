"""Stability when re-matching: students moved away from a previous formation."""

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
    team_sum: ClassVar[bool] = True
    without: ClassVar[Mapping[str, str]] = {
        "hint": "a sum over the x alone: no auxiliary variable to hint"}
    linear: ClassVar[bool] = True
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

    def incremental(self, problem: Problem) -> StayCount:
        """:class:`StayCount`: each student's previous idea."""
        prev = [-1] * len(problem.students)
        before = stayers(problem)
        for sid, pid in before.items():
            prev[problem.student_index[sid]] = problem.project_index.get(pid, -1)
        return StayCount(prev, len(before))

    def upper_bound(self, problem: Problem) -> int:
        """Nobody moved: 0."""
        return 0

    def lower_bound(self, problem: Problem) -> int:
        """Everyone moved: ``-|previous|``."""
        return -len(stayers(problem))

    def decompose(self, problem: Problem) -> Decomposition:
        """1 per (student, previous idea) pair, minus the number of previous placements."""
        from matcher.scoring.decomposition import PerPlacement

        before = stayers(problem)
        pindex, sindex = problem.project_index, problem.student_index
        return PerPlacement({(sindex[sid], pindex[pid]): 1 for sid, pid in before.items()
                             if pid in pindex}, offset=-len(before))

    def value(self, problem: Problem, assignment: Assignment) -> int:
        return -sum(1 for sid, pid in stayers(problem).items() if assignment.get(sid) != pid)


class StayCount(Incremental):
    """The ``moves`` term move by move: ``stayed - |previous|``, ``stayed`` the students on
    their previous idea."""

    def __init__(self, prev: list[int], previous: int) -> None:
        self.prev, self.previous = prev, previous

    def reset(self, team: list[int], n_p: int) -> None:
        self.stayed = sum(1 for s, p in enumerate(team) if p >= 0 and p == self.prev[s])

    def add(self, s: int, p: int) -> None:
        self.stayed += p == self.prev[s]

    def remove(self, s: int, p: int) -> None:
        self.stayed -= p == self.prev[s]

    def value(self) -> int:
        return self.stayed - self.previous

    def move_delta(self, s: int, p: int, q: int) -> int:
        v = self.prev[s]
        return int(q == v) - int(p == v)

    def swap_delta(self, s: int, t: int, p: int, q: int) -> int:
        return self.move_delta(s, p, q) + self.move_delta(t, q, p)
