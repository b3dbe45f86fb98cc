"""The faces shared by the rules that only forbid (student, idea) pairs (``refused``,
``top_k``): the linear models keep them by their structure (a forbidden pair has no column),
and the diagnosis relaxes them one student at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from matcher.constraints.base import Constraint
from matcher.constraints.faces import LinearNeeds

if TYPE_CHECKING:
    from collections.abc import Callable

    from matcher.constraints.atom import Atom
    from matcher.model import ModelBuilder
    from matcher.problem import Problem


class ForbiddingRule(Constraint):
    """A rule whose whole content is its :meth:`forbidden_pairs`; a subclass writes
    ``_atom_text`` (the words of one student's atom) and sets :attr:`atom_priority`."""

    #: The diagnosis's order among atoms (lower first).
    atom_priority: ClassVar[int]

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Kept by the linear models' own structure (forbidden pairs: no column)."""
        return LinearNeeds()

    def atoms(self, problem: Problem) -> list[Atom]:
        """One atom per student: the ideas this rule forbids them."""
        from matcher.constraints.atom import Atom

        by_student: dict[int, list[int]] = {}
        for si, pi in self.forbidden_pairs(problem):
            by_student.setdefault(si, []).append(pi)
        return [Atom(self.name, problem.students[si].id, self._atom_text(problem, si, pis),
                     _post_forbidden(si, pis), constraint=self, priority=self.atom_priority)
                for si, pis in by_student.items()]

    def _atom_text(self, problem: Problem, si: int, pis: list[int]) -> str:
        raise NotImplementedError


def _post_forbidden(si: int, pis: list[int]) -> Callable[[ModelBuilder], None]:
    def post(b: ModelBuilder) -> None:
        for pi in pis:
            b.model.add(b.var(si, pi) == 0)
    return post
