"""Rule 5: no isolated minority."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field

from matcher.assignment import teams, value_counts
from matcher.constraints.base import Constraint, Violation, without_faces
from matcher.constraints.faces import LinearNeeds
from matcher.constraints.parameters import attribute_issues
from matcher.i18n import tr
from matcher.model import lsum

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from pydantic.fields import FieldInfo

    from matcher.assignment import Assignment
    from matcher.constraints.atom import Atom
    from matcher.constraints.faces import Kept, LinearModel
    from matcher.model import ModelBuilder
    from matcher.problem import Problem, RecordIssue, Student, Value


class NoIsolatedMinority(Constraint):
    """A team has 0 or at least 2 members with each listed value of ``attribute`` (all values
    when none is listed), as gruepr and GroupEng offer for gender.

    Model: for each project ``p`` and value ``v``, a boolean ``b``:
    ``count[p,v] >= 2`` if ``b``, ``count[p,v] == 0`` if not ``b``.
    """

    name: ClassVar[str] = "no_isolated"
    without: ClassVar[Mapping[str, str]] = without_faces({
        "atoms": "one atom per attribute (the default) is the diagnosis's unit",
        "precheck": (
            "a lone holder is avoidable whenever two holders may share a team: the diagnosis "
            "finds the rest"),
        "domain admits": "pairs holders of a value within teams, ties no student to an idea",
        "ranked_words held_elsewhere student_notes": (
            "its words are the team figures' (holds) and the violations'"),
        "default_weights": "brings no scoring term"})
    parameters: ClassVar[Mapping[str, tuple[Any, FieldInfo]]] = {
        "no_isolated": (dict[str, list[str]], Field(
            examples=[{"institution": []}],
            default_factory=dict, description="``{attribute: [values]}``: a team has 0 or at "
            "least 2 members with each listed value (an empty list means every value of the "
            "attribute)."))}
    local: ClassVar[bool] = True

    def __init__(self, attribute: str, values: list[Value] | None = None) -> None:
        self.attribute = attribute
        self.values = [str(v) for v in values] if values else None

    @classmethod
    def parameter_issues(cls, problem: Problem) -> list[RecordIssue]:
        """Unknown attributes."""
        return attribute_issues(problem, "no_isolated", problem.rules.no_isolated,
                                at_least_one=False)

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls(a, vs) for a, vs in problem.rules.no_isolated.items()]

    def _applies(self, value: Value) -> bool:
        return self.values is None or str(value) in self.values

    def post(self, builder: ModelBuilder) -> None:
        m = builder.model
        self._helpers: list[tuple[object, str, Value]] = []
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
                self._helpers.append((b, p.id, value))

    def hint(self, builder: ModelBuilder, assignment: Assignment) -> None:
        """``b[p,v]`` hinted true when at least two members of ``p`` hold ``v``."""
        problem = builder.problem
        for b, pid, value in getattr(self, "_helpers", ()):
            holders = problem.groups(self.attribute).get(value, ())
            n = sum(1 for si in holders if assignment.get(problem.students[si].id) == pid)
            builder.model.add_hint(b, n >= 2)

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """No lone holder of a listed value, move by move: a step that leaves one holder
        alone on a team is refused; the construction repairs its teams
        (:func:`~matcher.search.heuristics.kept_repairs.repair_pairs`)."""
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

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Reads the per-team counts of each value of ``attribute``."""
        return LinearNeeds(attributes=(self.attribute,))

    def linear_rows(self, model: LinearModel) -> None:
        """For every idea ``p`` and listed value ``v``, a column ``z`` (integer in the MIP):
        ``2 z <= count[p,v] <= max_size_p z`` (0 or at least 2 holders)."""
        for value in model.problem.groups(self.attribute):
            if not self._applies(value):
                continue
            for pi, p in enumerate(model.problem.projects):
                entries = model.count(pi, self.attribute, value)
                if not entries:
                    continue
                z = model.aux_col(0.0, 0.0, 1.0, _two_or_more(model.problem, self.attribute,
                                                               value, pi))
                model.row(entries + [(z, -2.0)], 0.0, math.inf)
                model.row(entries + [(z, -float(p.max_size))], -math.inf, 0.0)

    def relax(self, problem: Problem, atom: Atom, witness: Assignment | None
              ) -> tuple[str, Problem] | None:
        """Drop the rule on this attribute."""
        rules = problem.rules
        rest = {a: v for a, v in rules.no_isolated.items() if a != self.attribute}
        return (tr("drop the no_isolated rule on {attribute}", attribute=self.attribute),
                problem.with_changes(rules=rules.model_copy(update={"no_isolated": rest})))

    def holds(self, problem: Problem, assignment: Assignment, project_id: str, *,
              members: Sequence[Student] | None = None) -> list[str]:
        """Two holders of a value: neither can leave alone."""
        if members is None:
            members = teams(problem, assignment).get(project_id, [])
        if not members:
            return []
        return [tr("two members with {attribute} {value}: neither can leave alone",
                   attribute=self.attribute, value=value)
                for value, c in value_counts(list(members), self.attribute).items()
                if c == 2 and self._applies(value)]

    def describe(self) -> str:
        vals = tr("any value") if self.values is None else ", ".join(self.values)
        return tr("no isolated {attribute} ({values})", attribute=self.attribute, values=vals)


def _two_or_more(problem: Problem, attribute: str, value: Value, pi: int
                 ) -> Callable[[Mapping[int, list[int]]], float]:
    """The value of ``z`` on an assignment: 1 when team ``pi`` has two holders or more."""
    def value_on(teams: Mapping[int, list[int]]) -> float:
        held = sum(1 for si in teams.get(pi, ()) if problem.students[si].value(attribute) == value)
        return float(held >= 2)
    return value_on
