"""Rule 4d: rotations, new teams that do not regroup former teammates."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from matcher.assignment import teams, value_counts
from matcher.constraints.base import Constraint, Violation, without_faces
from matcher.constraints.faces import LinearNeeds
from matcher.constraints.parameters import issue
from matcher.i18n import tr
from matcher.model import lsum

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pydantic.fields import FieldInfo

    from matcher.assignment import Assignment
    from matcher.constraints.faces import Kept, LinearModel
    from matcher.model import ModelBuilder
    from matcher.problem import Problem, RecordIssue, Student


class NewTeammatesRule(BaseModel):
    """Parameters of the ``new_teammates`` rule (a new round with new teams).

    Attributes
    ----------
    column:
        The student attribute holding each student's former team (``previous_team`` by
        default), or a list of them, one per earlier round. An empty cell: no former team.
    max_shared:
        At most this many members of any one former team in a new team (1: nobody meets a
        former teammate again).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    column: str | list[str] = Field(
        default="previous_team", description="The student attribute holding each student's "
        "former team, or a list of them, one per earlier round. An empty cell: no former team.")
    max_shared: int = Field(
        default=1, ge=1, description="At most this many members of any one former team in a "
        "new team (1: nobody meets a former teammate again).")

    @property
    def columns(self) -> list[str]:
        """:attr:`column` as a list."""
        return [self.column] if isinstance(self.column, str) else list(self.column)


class NewTeammates(Constraint):
    """At most ``max_shared`` members of any one former team in a new team: with
    ``max_shared = 1`` nobody meets a former teammate again.

    Each student's former team is the value of an attribute (``column``, e.g. a
    ``previous_team`` column of the students' file); students whose cell is empty (newcomers)
    belong to no former team. One instance per column, so that several earlier rounds can be
    kept apart at once. Unlike ``--previous`` (the ``moves`` term, which keeps students on
    their former *project*), this rule separates former *teammates*, wherever they go.

    Model: ``sum_{s : team(s) = t} x[s,p] <= max_shared`` for every new project ``p`` and
    former team ``t`` with more than ``max_shared`` members who may join ``p``.
    """

    name: ClassVar[str] = "new_teammates"
    parameters: ClassVar[Mapping[str, tuple[Any, FieldInfo]]] = {
        "new_teammates": (NewTeammatesRule | None, Field(
            examples=[{"column": "previous_team", "max_shared": 3}],
            default=None, title="New Teammates", description="Rotation: at most ``max_shared`` "
            "members of a former team (a column of the students' file) in one new team; see "
            ":class:`NewTeammatesRule`."))}
    without: ClassVar[Mapping[str, str]] = without_faces({
        "relax": (
            "dropping the rule (the diagnosis's default suggestion) is the relaxation: "
            "max_shared is the organiser's choice"),
        "atoms": "one atom per column (the default) is the diagnosis's unit",
        "hint": "posts over the x alone",
        "precheck": (
            "former teams too large for the ideas show only with the teams' sizes: the "
            "diagnosis finds it"),
        "domain admits": "separates former teammates, ties no student to an idea",
        "ranked_words held_elsewhere student_notes": (
            "its words are the team figures' (holds) and the violations'"),
        "default_weights": "brings no scoring term"})
    local: ClassVar[bool] = True

    def __init__(self, column: str, max_shared: int = 1) -> None:
        self.column, self.max_shared = column, max_shared

    @classmethod
    def parameter_issues(cls, problem: Problem) -> list[RecordIssue]:
        """Columns that no student attribute holds."""
        rule = problem.rules.new_teammates
        if rule is None:
            return []
        attributes = problem.attributes()
        return [issue("new_teammates", tr(
            "unknown column {column!r}: no student attribute holds former teams "
            "(known: {known})", column=column, known=", ".join(sorted(attributes))), column)
            for column in rule.columns if column not in attributes]

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        rule = problem.rules.new_teammates
        if rule is None:
            return []
        return [cls(column, rule.max_shared) for column in rule.columns]

    def post(self, builder: ModelBuilder) -> None:
        for team, holders in builder.problem.groups(self.column).items():
            if len(holders) <= self.max_shared:
                continue
            for pi in range(len(builder.problem.projects)):
                xs = builder.holders(pi, self.column, team)
                if len(xs) > self.max_shared:
                    builder.model.add(lsum(xs) <= self.max_shared)

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """At most ``max_shared`` members of a former team per team, move by move."""
        codes = problem.value_codes(self.column)
        kept.cap(codes, self.max_shared)
        return True

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        out = []
        for pid, members in teams(problem, assignment).items():
            for team, n in value_counts(members, self.column).items():
                if n > self.max_shared:
                    ids = tuple(s.id for s in members if s.value(self.column) == team)
                    out.append(Violation(rule=self.name, project=pid, students=ids, message=tr(
                        "{students} were teammates in former team {team!r} ({column}) and "
                        "are together again on {project}; at most {k} may be",
                        students=", ".join(ids), team=team, column=self.column, project=pid,
                        k=self.max_shared)))
        return out

    def holds(self, problem: Problem, assignment: Assignment, project_id: str, *,
              members: Sequence[Student] | None = None) -> list[str]:
        if members is None:
            members = teams(problem, assignment).get(project_id, [])
        out = []
        for team, n in value_counts(members, self.column).items():
            outside = len(problem.groups(self.column).get(team, ())) - n
            if n >= self.max_shared and outside > 0:
                ids = ", ".join(s.id for s in members if s.value(self.column) == team)
                out.append(tr("{students} (former team {team!r}, {column}) keep out its "
                              "other members ({outside})", students=ids, team=team,
                              column=self.column, outside=outside))
        return out

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Reads the per-team counts of each value of ``column``."""
        return LinearNeeds(attributes=(self.column,))

    def linear_rows(self, model: LinearModel) -> None:
        """``count[p,v] <= max_shared`` for every idea ``p`` and value ``v`` held by more than
        ``max_shared`` students."""
        for value, holders in model.problem.groups(self.column).items():
            if len(holders) <= self.max_shared:
                continue
            for pi in range(len(model.problem.projects)):
                entries = model.count(pi, self.column, value)
                if len(entries) > 0:
                    model.row(entries, -math.inf, float(self.max_shared))

    def describe(self) -> str:
        if self.max_shared == 1:
            return tr("no two former teammates ({column}) in one new team", column=self.column)
        return tr("at most {k} members of a former team ({column}) in one new team",
                  k=self.max_shared, column=self.column)
