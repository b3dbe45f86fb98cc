"""Rule 7a: place students only within their top ``k`` choices."""

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


class TopK(Constraint):
    """A student who ranked projects is placed only on one of their ``k`` favourites.
    Students who ranked nothing are not restricted.

    Model: ``x[s,p]`` is not created for the other projects (domain pruning).
    """

    name: ClassVar[str] = "top_k"
    local: ClassVar[bool] = True

    def __init__(self, k: int) -> None:
        self.k = k

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls(problem.rules.top_k)] if problem.rules.top_k else []

    def _allowed(self, prefs: tuple[str, ...]) -> set[str] | None:
        return set(prefs[: self.k]) if prefs else None

    def forbidden_pairs(self, problem: Problem) -> Iterable[tuple[int, int]]:
        for si, s in enumerate(problem.students):
            allowed = self._allowed(s.preferences)
            if allowed is None:
                continue
            for pi, p in enumerate(problem.projects):
                if p.id not in allowed:
                    yield si, pi

    def post(self, builder: ModelBuilder) -> None:
        """Nothing to post: :meth:`forbidden_pairs` removed the variables."""

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """Kept by the heuristics' own structure (forbidden pairs)."""
        return True

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        out = []
        for s in problem.students:
            pid = assignment.get(s.id)
            allowed = self._allowed(s.preferences)
            if pid is not None and allowed is not None and pid not in allowed:
                out.append(Violation(rule=self.name, students=(s.id,), project=pid,
                                     message=tr("student {student} is on {project}, not "
                                                "among their top {k} choices", student=s.id,
                                                project=pid, k=self.k)))
        return out

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Kept by the linear models' own structure (forbidden pairs: no column)."""
        from matcher.search.linear_face import LinearNeeds

        return LinearNeeds()

    def describe(self) -> str:
        return tr("only top {k} choices", k=self.k)
