"""Rule 7b: never place a student on a project they refused."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from matcher.constraints.base import Constraint, Violation
from matcher.i18n import tr

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import ModelBuilder
    from matcher.problem import Problem
    from matcher.search.kept import Kept
    from matcher.search.linear_face import LinearNeeds


class Refused(Constraint):
    """A student is never on a project listed in their ``refused`` field.

    Model: ``x[s,p]`` is not created for refused pairs (domain pruning).
    """

    name: ClassVar[str] = "refused"
    local: ClassVar[bool] = True

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls()] if any(s.refused for s in problem.students) else []

    def forbidden_pairs(self, problem: Problem) -> Iterable[tuple[int, int]]:
        index = problem.project_index
        for si, s in enumerate(problem.students):
            for pid in s.refused:
                yield si, index[pid]

    def post(self, builder: ModelBuilder) -> None:
        """Nothing to post: :meth:`forbidden_pairs` removed the variables."""

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """Kept by the heuristics' own structure (forbidden pairs)."""
        return True

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        return [
            Violation(rule=self.name, students=(s.id,), project=assignment.get(s.id),
                      message=tr("student {student} is on {project}, which they refused",
                                 student=s.id, project=assignment.get(s.id)))
            for s in problem.students
            if assignment.get(s.id) is not None and assignment.get(s.id) in s.refused
        ]

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Kept by the linear models' own structure (forbidden pairs: no column)."""
        from matcher.search.linear_face import LinearNeeds

        return LinearNeeds()
