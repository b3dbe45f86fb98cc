"""Rule 4b: at least ``k`` distinct values of an attribute per open team."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field

from matcher.assignment import open_teams, teams, value_counts
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


class MinDistinct(Constraint):
    """Every open team has at least ``k`` distinct values of ``attribute`` (e.g. at least 3
    disciplines).

    Model: ``sum_v has[p,v] >= k * open[p]`` with the exact presence indicators ``has[p,v]``
    of :meth:`~matcher.model.ModelBuilder.present`.
    """

    name: ClassVar[str] = "min_distinct"
    without: ClassVar[Mapping[str, str]] = without_faces({
        "atoms": (
            "one atom per attribute (the default) is the diagnosis's unit; relax lowers its "
            "minimum"),
        "hint": (
            "posts over the x and the builder's own variables (open, present), which the "
            "search hints"),
        "precheck": (
            "a minimum out of reach shows only with the teams' sizes: the diagnosis finds it"),
        "domain admits": "asks distinct values of a team, ties no student to an idea",
        "ranked_words held_elsewhere student_notes": (
            "its words are the team figures' (holds) and the violations'"),
        "default_weights": "brings no scoring term"})
    parameters: ClassVar[Mapping[str, tuple[Any, FieldInfo]]] = {
        "min_distinct": (dict[str, int], Field(
            examples=[{"institution": 1}],
            default_factory=dict, description="``{attribute: k}``: every open team has at "
            "least ``k`` distinct values of ``attribute``.",
            json_schema_extra={"additionalProperties": {"minimum": 1, "type": "integer"}}))}
    local: ClassVar[bool] = True

    def __init__(self, attribute: str, k: int) -> None:
        self.attribute, self.k = attribute, k

    @classmethod
    def parameter_issues(cls, problem: Problem) -> list[RecordIssue]:
        """Unknown attributes, minimums below 1."""
        return attribute_issues(problem, "min_distinct", problem.rules.min_distinct,
                                at_least_one=True)

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls(a, k) for a, k in problem.rules.min_distinct.items()]

    def post(self, builder: ModelBuilder) -> None:
        values = list(builder.values(self.attribute))
        for pi in range(len(builder.problem.projects)):
            present = lsum(builder.present(pi, self.attribute, v) for v in values)
            builder.model.add(present >= self.k * builder.open[pi])

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """At least ``k`` distinct values in every open team, move by move (a floor; the
        students with no value add none)."""
        codes = [-1] * len(problem.students)
        for code, members in enumerate(problem.groups(self.attribute).values()):
            for si in members:
                codes[si] = code
        kept.floor(codes, self.k)
        return True

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        out = []
        for pid, members in open_teams(problem, assignment).items():
            n = len(value_counts(members, self.attribute))
            if n < self.k:
                out.append(Violation(
                    rule=self.name, project=pid, students=tuple(s.id for s in members),
                    message=tr("project {project} has {count} distinct {attribute} values, "
                               "fewer than {k}", project=pid, count=n,
                               attribute=self.attribute, k=self.k)))
        return out

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Reads the presence of each value of ``attribute`` per team."""
        return LinearNeeds(attributes=(self.attribute,))

    def linear_rows(self, model: LinearModel) -> None:
        """``sum_v has[a,v,p] >= k open[p]`` for every idea ``p`` (``has`` at most the count
        of holders of ``v`` on ``p``: an open team with fewer values has no feasible point)."""
        values = list(model.problem.groups(self.attribute))
        for pi in range(len(model.problem.projects)):
            present = [model.present(pi, self.attribute, v) for v in values]
            entries = [(j, 1.0) for j in present if j is not None]
            model.row(entries + [(model.open(pi), -float(self.k))], 0.0, math.inf)

    def relax(self, problem: Problem, atom: Atom, witness: Assignment | None
              ) -> tuple[str, Problem] | None:
        """Lower the floor by one (drop the rule at 1)."""
        rules = problem.rules
        if self.k <= 1:
            rest = {a: v for a, v in rules.min_distinct.items() if a != self.attribute}
            return (tr("drop the min_distinct rule on {attribute}", attribute=self.attribute),
                    problem.with_changes(rules=rules.model_copy(update={"min_distinct": rest})))
        floors = {**rules.min_distinct, self.attribute: self.k - 1}
        return (tr("lower min_distinct for {attribute} from {old} to {new}",
                   attribute=self.attribute, old=self.k, new=self.k - 1),
                problem.with_changes(rules=rules.model_copy(update={"min_distinct": floors})))

    def holds(self, problem: Problem, assignment: Assignment, project_id: str, *,
              members: Sequence[Student] | None = None) -> list[str]:
        """At the minimum of distinct values."""
        if members is None:
            members = teams(problem, assignment).get(project_id, [])
        if not members:
            return []
        d = len(value_counts(list(members), self.attribute))
        if d > self.k:
            return []
        return [tr("{count} distinct {attribute} values: the minimum is {low}", count=d,
                   attribute=self.attribute, low=self.k)]

    def describe(self) -> str:
        return tr("at least {k} distinct {attribute} values per team", k=self.k,
                  attribute=self.attribute)
