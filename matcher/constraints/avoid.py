"""Rule 6c: students who asked, in their ``avoid`` column, not to share a team."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from matcher.constraints.base import Constraint, Violation
from matcher.constraints.keep_apart import KeepApart
from matcher.i18n import tr
from matcher.teammates import avoid_pairs

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

    from pydantic.fields import FieldInfo

    from matcher.assignment import Assignment
    from matcher.constraints.atom import Atom
    from matcher.problem import Problem, RecordIssue, Student


class Avoid(KeepApart):
    """Two students never on the same team, because one of them (or both) listed the other
    in their ``avoid`` column. One instance per pair, whoever asked.

    Model: as :class:`~matcher.constraints.keep_apart.KeepApart` for the group ``{a, b}``:
    ``x[a,p] + x[b,p] <= 1`` for every project ``p`` both may join.
    """

    name: ClassVar[str] = "avoid"
    #: Read from the students' ``avoid`` column: no ``[rules]`` field of its own (not
    #: :class:`~matcher.constraints.keep_apart.KeepApart`'s).
    parameters: ClassVar[Mapping[str, tuple[Any, FieldInfo]]] = {}
    without: ClassVar[Mapping[str, str]] = {
        **KeepApart.without,
        "parameters": "read from the students' avoid column, whose ids Problem checks"}

    def __init__(self, pair: tuple[str, str], asked_by: tuple[str, ...]) -> None:
        super().__init__(list(pair))
        self.asked_by = tuple(asked_by)

    @classmethod
    def parameter_issues(cls, problem: Problem) -> list[RecordIssue]:
        """None: :class:`~matcher.problem.Problem` checks the ``avoid`` column's ids."""
        return []

    @classmethod
    def precheck(cls, problem: Problem) -> list[str]:
        """None of its own (:class:`~matcher.constraints.keep_apart.KeepApart`'s reads the
        ``keep_apart`` groups, not the pairs asked in the ``avoid`` column)."""
        return []

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls(pair, asked) for pair, asked in avoid_pairs(problem).items()]

    def _reason(self) -> str:
        a, b = self.group
        if len(self.asked_by) > 1:
            return tr("{a} and {b} each listed the other in their avoid column", a=a, b=b)
        asker = self.asked_by[0]
        other = b if asker == a else a
        return tr("{asker} listed {other} in their avoid column", asker=asker, other=other)

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        a, b = self.group
        pid = assignment.get(a)
        if pid is None or assignment.get(b) != pid:
            return []
        return [Violation(rule=self.name, project=pid, students=(a, b), message=tr(
            "{a} and {b} are together on {project}, but {reason}", a=a, b=b, project=pid,
            reason=self._reason()))]

    def holds(self, problem: Problem, assignment: Assignment, project_id: str, *,
              members: Sequence[Student] | None = None) -> list[str]:
        a, b = self.group
        inside = [sid for sid in (a, b) if assignment.get(sid) == project_id]
        if len(inside) != 1:
            return []
        other = b if inside[0] == a else a
        return [tr("{inside} keeps {other} out ({reason})", inside=inside[0], other=other,
                   reason=self._reason())]

    def atoms(self, problem: Problem) -> list[Atom]:
        """One atom per pair, in :meth:`describe`'s words (the generic atom)."""
        return Constraint.atoms(self, problem)

    def relax(self, problem: Problem, atom: Atom, witness: Assignment | None
              ) -> tuple[str, Problem] | None:
        """None: the diagnosis proposes dropping the rule."""
        return None

    def describe(self) -> str:
        a, b = self.group
        return tr("{a} and {b} on different teams ({reason})", a=a, b=b, reason=self._reason())
