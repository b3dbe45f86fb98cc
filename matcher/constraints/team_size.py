"""Rule 2: team sizes, and ideas that must open."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from matcher.assignment import teams
from matcher.constraints.base import Constraint, Violation
from matcher.i18n import tr

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import ModelBuilder
    from matcher.problem import Problem
    from matcher.search.kept import Kept
    from matcher.search.linear_face import LinearNeeds


class TeamSize(Constraint):
    """An open project has between ``min_size`` and ``max_size`` members; a project that is
    not optional is open. (A closed project has no members by the definition of ``open``.)

    Model: ``min_size * open[p] <= sum_s x[s,p] <= max_size * open[p]``, and ``open[p] == 1``
    for every project that is not optional.
    """

    name: ClassVar[str] = "team_size"
    local: ClassVar[bool] = True

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls()]

    def post(self, builder: ModelBuilder) -> None:
        for pi, p in enumerate(builder.problem.projects):
            size, is_open = builder.size(pi), builder.open[pi]
            builder.model.add(size >= p.min_size * is_open)
            builder.model.add(size <= p.max_size * is_open)
            if not p.optional:
                builder.model.add(is_open == 1)

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """Kept by the heuristics' own structure (team sizes)."""
        return True

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        out = []
        by_id = {p.id: p for p in problem.projects}
        for pid, members in teams(problem, assignment).items():
            p = by_id[pid]
            n = len(members)
            ids = tuple(s.id for s in members)
            if n == 0 and not p.optional:
                out.append(Violation(rule=self.name, project=pid,
                                     message=tr("project {project} must open but has no "
                                                "members", project=pid)))
            elif n and not p.min_size <= n <= p.max_size:
                out.append(Violation(rule=self.name, project=pid, students=ids,
                                     message=tr("project {project} has {count} members, "
                                                "outside {min_size}..{max_size}", project=pid,
                                                count=n, min_size=p.min_size,
                                                max_size=p.max_size)))
        return out

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Kept by the linear models' own structure (size rows per idea)."""
        from matcher.search.linear_face import LinearNeeds

        return LinearNeeds()
