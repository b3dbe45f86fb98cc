"""Rule 4a: category caps, at most ``k`` members sharing a value per team."""

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
    from collections.abc import Mapping, Sequence

    from pydantic.fields import FieldInfo

    from matcher.assignment import Assignment
    from matcher.constraints.atom import Atom
    from matcher.constraints.faces import Kept, LinearModel
    from matcher.model import ModelBuilder
    from matcher.problem import Problem, RecordIssue, Student


class MaxPerValue(Constraint):
    """At most ``k`` members of a team share one value of ``attribute`` (e.g. at most 2
    students of one discipline).

    Model: ``sum_{s : a(s) = v} x[s,p] <= k`` for every project ``p`` and value ``v`` held by
    more than ``k`` students (the others cannot break it).
    """

    name: ClassVar[str] = "max_per_value"
    without: ClassVar[Mapping[str, str]] = without_faces({
        "atoms": (
            "one atom per attribute (the default) is the diagnosis's unit; relax raises its "
            "cap"),
        "hint": "posts over the x alone",
        "precheck": "a cap too tight shows only with the teams' sizes: the diagnosis finds it",
        "domain admits": "caps a team's count of a value, ties no student to an idea",
        "ranked_words held_elsewhere student_notes": (
            "its words are the team figures' (holds) and the violations'"),
        "default_weights": "brings no scoring term"})
    parameters: ClassVar[Mapping[str, tuple[Any, FieldInfo]]] = {
        "max_per_value": (dict[str, int], Field(
            examples=[{"discipline": 2}],
            default_factory=dict, description="``{attribute: k}``: at most ``k`` members of a "
            "team share one value of ``attribute``.",
            json_schema_extra={"additionalProperties": {"minimum": 1, "type": "integer"}}))}
    local: ClassVar[bool] = True

    def __init__(self, attribute: str, k: int) -> None:
        self.attribute, self.k = attribute, k

    @classmethod
    def parameter_issues(cls, problem: Problem) -> list[RecordIssue]:
        """Unknown attributes, caps below 1."""
        return attribute_issues(problem, "max_per_value", problem.rules.max_per_value,
                                at_least_one=True)

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls(a, k) for a, k in problem.rules.max_per_value.items()]

    def post(self, builder: ModelBuilder) -> None:
        for value, holders in builder.problem.groups(self.attribute).items():
            if len(holders) <= self.k:
                continue
            for pi in range(len(builder.problem.projects)):
                xs = builder.holders(pi, self.attribute, value)
                if len(xs) > self.k:
                    builder.model.add(lsum(xs) <= self.k)

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """At most ``k`` holders of a value per team, move by move (a cap per value; the
        students with no value are not capped)."""
        codes = [-1] * len(problem.students)
        for code, members in enumerate(problem.groups(self.attribute).values()):
            for si in members:
                codes[si] = code
        kept.cap(codes, self.k)
        return True

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        out = []
        for pid, members in teams(problem, assignment).items():
            for value, n in value_counts(members, self.attribute).items():
                if n > self.k:
                    ids = tuple(s.id for s in members if s.value(self.attribute) == value)
                    out.append(Violation(
                        rule=self.name, project=pid, students=ids,
                        message=tr("project {project} has {count} members with {attribute} "
                                   "{value!r}, more than {k}", project=pid, count=n,
                                   attribute=self.attribute, value=value, k=self.k)))
        return out

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Reads the per-team counts of each value of ``attribute``."""
        return LinearNeeds(attributes=(self.attribute,))

    def linear_rows(self, model: LinearModel) -> None:
        """``count[p,v] <= k`` for every idea ``p`` and value ``v`` held by more than
        ``k`` students."""
        for value, holders in model.problem.groups(self.attribute).items():
            if len(holders) <= self.k:
                continue
            for pi in range(len(model.problem.projects)):
                entries = model.count(pi, self.attribute, value)
                if len(entries) > 0:
                    model.row(entries, -math.inf, float(self.k))

    def relax(self, problem: Problem, atom: Atom, witness: Assignment | None
              ) -> tuple[str, Problem] | None:
        """Raise the cap to the largest count in ``witness`` (at least by one)."""
        rules = problem.rules
        new = self.k + 1
        if witness:
            counts = [c for m in teams(problem, witness).values()
                      for c in value_counts(m, self.attribute).values()]
            new = max(max(counts, default=self.k + 1), self.k + 1)
        caps = {**rules.max_per_value, self.attribute: new}
        return (tr("allow {new} members per {attribute} value in a team (max_per_value was "
                   "{old})", new=new, attribute=self.attribute, old=self.k),
                problem.with_changes(rules=rules.model_copy(update={"max_per_value": caps})))

    def holds(self, problem: Problem, assignment: Assignment, project_id: str, *,
              members: Sequence[Student] | None = None) -> list[str]:
        """A value at the cap: nobody else holding it can join."""
        if members is None:
            members = teams(problem, assignment).get(project_id, [])
        if not members:
            return []
        return [tr("{count} members with {attribute} {value}: at the cap of {cap}", count=c,
                   attribute=self.attribute, value=value, cap=self.k)
                for value, c in value_counts(list(members), self.attribute).items()
                if c >= self.k]

    def describe(self) -> str:
        return tr("at most {k} members per {attribute} in a team", k=self.k,
                  attribute=self.attribute)
