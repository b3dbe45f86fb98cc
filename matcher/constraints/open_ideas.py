"""Rule: how many optional ideas open, between ``min`` and ``max`` (the organisers' decision:
coaches, rooms), rather than as many as the diversity terms would like."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from matcher.assignment import open_teams
from matcher.constraints.base import Constraint, Violation, without_faces
from matcher.constraints.faces import LinearNeeds
from matcher.i18n import tr
from matcher.model import lsum

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

    from matcher.assignment import Assignment
    from matcher.constraints.atom import Atom
    from matcher.constraints.faces import LinearModel
    from matcher.model import ModelBuilder
    from matcher.problem import Problem, RecordIssue


class OpenRange(BaseModel):
    """``[rules] open = { min = A, max = B }``: between ``A`` and ``B`` optional ideas open
    (``max`` unset: no upper limit)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min: int = Field(default=0, ge=0, description="At least this many optional ideas open.")
    max: int | None = Field(default=None, ge=0,
                            description="At most this many optional ideas open.")


class OpenIdeas(Constraint):
    """Between ``low`` and ``high`` optional ideas open (mandatory ideas always open).

    Model: ``low <= sum_{p optional} open[p] <= high``.
    """

    name: ClassVar[str] = "open"
    parameters: ClassVar[Mapping[str, tuple[Any, FieldInfo]]] = {
        "open": (OpenRange | None, Field(
            default=None, title="Open", examples=[{"min": 0, "max": 1}],
            description="How many optional ideas open: { min = A, max = B }."))}
    without: ClassVar[Mapping[str, str]] = without_faces({
        "keep": ("a count over every idea, which the heuristics' moves do not track yet: a "
                 "problem with it goes to CP-SAT and the exact MIP"),
        "hint": "a sum over the open indicators alone: no auxiliary variable to hint",
        "domain": "ties no student to an idea",
        "holds": ("a count over every idea, not a team held in place: an explanation says "
                  "it through the violation's words (binding)"),
        "admits": "lets any student join any idea",
        "ranked_words held_elsewhere student_notes": (
            "its words about a closed idea are the violation's, and it holds nobody"),
        "atoms": "one atom, the whole count (the default)",
        "default_weights": "brings no scoring term"})

    def __init__(self, low: int, high: int | None) -> None:
        self.low, self.high = low, high

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        r = problem.rules.open
        return [cls(r.min, r.max)] if r is not None else []

    @classmethod
    def parameter_issues(cls, problem: Problem) -> list[RecordIssue]:
        """``min`` above ``max``."""
        from matcher.constraints.parameters import issue

        r = problem.rules.open
        if r is not None and r.max is not None and r.min > r.max:
            return [issue("open", tr("open: min ({low}) is above max ({high})",
                                          low=r.min, high=r.max), {"min": r.min, "max": r.max})]
        return []

    @classmethod
    def precheck(cls, problem: Problem) -> list[str]:
        """More optional ideas asked to open than there are."""
        r = problem.rules.open
        optional = sum(p.optional for p in problem.projects)
        if r is not None and r.min > optional:
            return [tr("open asks for at least {low} optional ideas, there are {count}",
                       low=r.min, count=optional)]
        return []

    def post(self, builder: ModelBuilder) -> None:
        opens = [builder.open[pi] for pi, p in enumerate(builder.problem.projects) if p.optional]
        total = lsum(opens)
        if self.low > 0:
            builder.model.add(total >= self.low)
        if self.high is not None and self.high < len(opens):
            builder.model.add(total <= self.high)

    def count(self, problem: Problem, assignment: Assignment) -> list[str]:
        """The optional ideas open in ``assignment``."""
        teams = open_teams(problem, assignment)
        return [p.id for p in problem.projects if p.optional and p.id in teams]

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        opened = self.count(problem, assignment)
        if self.low <= len(opened) and (self.high is None or len(opened) <= self.high):
            return []
        high = "∞" if self.high is None else self.high
        return [Violation(rule=self.name, message=tr(
            "{count} optional ideas open ({ideas}), not between {low} and {high}",
            count=len(opened), ideas=", ".join(opened) or "-", low=self.low, high=high))]

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Reads the open columns only; exact when every optional idea needs a member
        (``min_size >= 1``: its open column then means a member)."""
        if self.low > 0 and any(p.optional and p.min_size < 1 for p in problem.projects):
            return ("an optional idea of min_size 0 may be open and empty in the linear "
                    "models: their open columns do not count open teams")
        return LinearNeeds()

    def linear_rows(self, model: LinearModel) -> None:
        """``low <= sum open[p] <= high`` over the optional ideas."""
        entries = [(model.open(pi), 1.0) for pi, p in enumerate(model.problem.projects)
                   if p.optional]
        high = math.inf if self.high is None else float(self.high)
        if entries or self.low > 0:  # no optional idea and low > 0: an empty, infeasible row
            model.row(entries, float(self.low), high)

    def relax(self, problem: Problem, atom: Atom, witness: Assignment | None
              ) -> tuple[str, Problem] | None:
        """Widen the range to the count in ``witness`` (or by one)."""
        low, high = self.low, self.high
        n = len(self.count(problem, witness)) if witness else None
        if n is None:
            low, high = max(0, low - 1), None if high is None else high + 1
        else:
            low, high = min(low, n), None if high is None else max(high, n)
        rules = problem.rules
        return (tr("let {low} to {high} optional ideas open", low=low,
                   high="∞" if high is None else high),
                problem.with_changes(rules=rules.model_copy(
                    update={"open": OpenRange(min=low, max=high)})))

    def describe(self) -> str:
        high = "∞" if self.high is None else self.high
        return tr("{low} to {high} optional ideas open", low=self.low, high=high)
