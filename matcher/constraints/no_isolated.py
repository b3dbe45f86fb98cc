"""Rule 5: no isolated minority."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from matcher.assignment import teams, value_counts
from matcher.constraints.base import Constraint, Violation
from matcher.i18n import tr
from matcher.model import lsum

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import ModelBuilder
    from matcher.problem import Problem, Value
    from matcher.search.kept import Kept


class NoIsolatedMinority(Constraint):
    """A team has 0 or at least 2 members with each listed value of ``attribute`` (all values
    when none is listed), as gruepr and GroupEng offer for gender.

    Model: for each project ``p`` and value ``v``, a boolean ``b``:
    ``count[p,v] >= 2`` if ``b``, ``count[p,v] == 0`` if not ``b``.
    """

    name: ClassVar[str] = "no_isolated"
    local: ClassVar[bool] = True

    def __init__(self, attribute: str, values: list[Value] | None = None) -> None:
        self.attribute = attribute
        self.values = [str(v) for v in values] if values else None

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls(a, vs) for a, vs in problem.rules.no_isolated.items()]

    def _applies(self, value: Value) -> bool:
        return self.values is None or str(value) in self.values

    def post(self, builder: ModelBuilder) -> None:
        m = builder.model
        for value in builder.values(self.attribute):
            if not self._applies(value):
                continue
            for pi, p in enumerate(builder.problem.projects):
                xs = builder.holders(pi, self.attribute, value)
                if not xs:
                    continue
                if len(xs) == 1:
                    m.add(xs[0] == 0)
                    continue
                b = m.new_bool_var(f"pair[{p.id},{self.attribute}={value}]")
                m.add(lsum(xs) >= 2).only_enforce_if(b)
                m.add(lsum(xs) == 0).only_enforce_if(~b)

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """No lone holder of a listed value, move by move: a step that leaves one holder
        alone on a team is refused; the construction repairs its teams
        (:func:`~matcher.search.kept_start.repair_pairs`)."""
        codes = [-1] * len(problem.students)
        for code, (value, members) in enumerate(problem.groups(self.attribute).items()):
            if self._applies(value):
                for si in members:
                    codes[si] = code
        kept.no_lone(codes)
        return True

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        out = []
        for pid, members in teams(problem, assignment).items():
            for value, n in value_counts(members, self.attribute).items():
                if n == 1 and self._applies(value):
                    lone = tuple(s.id for s in members if s.value(self.attribute) == value)
                    out.append(Violation(
                        rule=self.name, project=pid, students=lone,
                        message=tr("student {student} is the only member with {attribute} "
                                   "{value!r} on project {project}", student=lone[0],
                                   attribute=self.attribute, value=value, project=pid)))
        return out

    def describe(self) -> str:
        vals = tr("any value") if self.values is None else ", ".join(self.values)
        return tr("no isolated {attribute} ({values})", attribute=self.attribute, values=vals)
