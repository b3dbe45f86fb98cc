"""Worst-off fairness on preferences: the lowest points earned by any student."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from matcher.scoring.base import ScoringTerm
from matcher.scoring.incremental import Histogram, Incremental

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import LinearExpr, ModelBuilder
    from matcher.problem import Problem


def varying(problem: Problem) -> list[int]:
    """The students whose points can vary: those who ranked at least one project.

    A student who ranked nothing earns 0 in every placement (unassigned too): counting them
    would pin the minimum at 0 whatever the teams, and the term would only drag the search.
    """
    return [si for si, s in enumerate(problem.students) if s.preferences]


class MinPoints(ScoringTerm):
    """Worst-off student: the lowest preference points earned by any student who ranked
    something (0 if such a student is unranked or unassigned; 0 if nobody ranked anything).

    Model: ``z == min_{s in V} points(s)`` over ``V``, the students who ranked at least one
    project (:func:`varying`; ``add_min_equality``, exact on every solution). Students who
    ranked nothing earn 0 in every placement and are left out.
    """

    kind: ClassVar[str] = "min_points"
    without: ClassVar[Mapping[str, str]] = {
        "hint": (
            "not yet: its auxiliary variables (min_points) are left out of the hint, and "
            "CP-SAT repairs them (a partial hint)"),
        "decompose": ("the lowest points of any student (a max-min): not a sum over placements")}

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        students = varying(builder.problem)
        if not students:
            return 0
        z = builder.model.new_int_var(0, builder.problem.max_preferences, "min_points")
        builder.model.add_min_equality(z, [builder.points(si) for si in students])
        return z

    def incremental(self, problem: Problem) -> MinPointsHistogram:
        """A histogram of the students' points (:class:`MinPointsHistogram`): not a sum over
        teams, but a move changes two students' points only."""
        pindex = problem.project_index
        points = [{pindex[pid]: problem.points(s, pid) for pid in s.preferences}
                  for s in problem.students]
        return MinPointsHistogram(points, problem.max_preferences,
                                  set(varying(problem)))

    def upper_bound(self, problem: Problem) -> int:
        """The worst-off student's best: ``min_{s in V} max_p points(s, p)`` (0 if nobody
        ranked anything)."""
        students = problem.students
        return min((max(problem.points(students[si], pid) for pid in students[si].preferences)
                    for si in varying(problem)), default=0)

    def lower_bound(self, problem: Problem) -> int:
        """0."""
        return 0

    def value(self, problem: Problem, assignment: Assignment) -> int:
        students = problem.students
        return min(
            (problem.points(s, pid) if (pid := assignment.get(s.id)) is not None else 0
             for s in (students[si] for si in varying(problem))),
            default=0,
        )


class MinPointsHistogram(Incremental):
    """The ``min_points`` term move by move: how many students earn each number of points
    (``0..K``) among the students who can vary (``varies``); the term is the smallest number
    held. A student outside ``varies`` is never counted and their moves change nothing."""

    def __init__(self, points: list[dict[int, int]], k: int, varies: set[int]) -> None:
        self.points, self.k, self.varies = points, k, varies

    def reset(self, team: list[int], n_p: int) -> None:
        self.hist = Histogram(self.k)
        for s, p in enumerate(team):
            if s in self.varies:
                self.hist.add(self.points[s].get(p, 0) if p >= 0 else 0)

    def add(self, s: int, p: int) -> None:
        if s in self.varies:
            self.hist.add(0, -1)
            self.hist.add(self.points[s].get(p, 0))

    def remove(self, s: int, p: int) -> None:
        if s in self.varies:
            self.hist.add(self.points[s].get(p, 0), -1)
            self.hist.add(0)

    def value(self) -> int:
        return self.hist.minimum()

    def move_delta(self, s: int, p: int, q: int) -> int:
        if s not in self.varies:
            return 0
        pts = self.points[s]
        return self.hist.minimum_with([(pts.get(p, 0), -1), (pts.get(q, 0), 1)]) - self.value()

    def swap_delta(self, s: int, t: int, p: int, q: int) -> int:
        ps, pt = self.points[s], self.points[t]
        changes = []
        if s in self.varies:
            changes += [(ps.get(p, 0), -1), (ps.get(q, 0), 1)]
        if t in self.varies:
            changes += [(pt.get(q, 0), -1), (pt.get(p, 0), 1)]
        return self.hist.minimum_with(changes) - self.value()
