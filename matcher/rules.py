"""Which hard rules apply, with which parameters (the ``[rules]`` section of a config).

Each field names a rule plug-in of :data:`matcher.registry.RULES`; the always-on rules
(``assignment``, ``team_size``, ``proposers``, ``refused``) need no parameters here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from matcher.i18n import tr
from matcher.issues import RecordIssue

if TYPE_CHECKING:
    from matcher.problem import Problem

#: How :meth:`Rules.issues` checks the term names of ``min_term`` (unknown term, unknown
#: attribute). Only :mod:`matcher.registry` knows the scoring terms, and the rules sit below it
#: in the layers (problem -> plug-ins -> registry), so the registry hands its check down when it
#: loads (:func:`check_term_names_with`) instead of the rules reaching up to it. ``import
#: matcher`` loads the registry, so the check is in place before any problem is built.
_term_issues: Callable[[Problem, Mapping[str, int]], list[RecordIssue]] | None = None


def check_term_names_with(check: Callable[[Problem, Mapping[str, int]], list[RecordIssue]]
                          ) -> None:
    """Make :meth:`Rules.issues` check the ``min_term`` names with ``check`` (called once,
    by :mod:`matcher.registry`)."""
    global _term_issues
    _term_issues = check


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

    column: str | list[str] = "previous_team"
    max_shared: int = Field(default=1, ge=1)

    @property
    def columns(self) -> list[str]:
        """:attr:`column` as a list."""
        return [self.column] if isinstance(self.column, str) else list(self.column)


class Rules(BaseModel):
    """Parameters of the configurable hard rules.

    Attributes
    ----------
    allow_unassigned:
        Students may stay without a team; each one left out costs the ``unassigned`` term.
    max_per_value:
        ``{attribute: k}``: at most ``k`` members of a team share one value of ``attribute``.
    min_distinct:
        ``{attribute: k}``: every open team has at least ``k`` distinct values of ``attribute``.
    no_isolated:
        ``{attribute: [values]}``: a team has 0 or at least 2 members with each listed value
        (an empty list means every value of the attribute).
    keep_together:
        Groups of student ids that must share a team.
    keep_apart:
        Groups of student ids no two of whom may share a team.
    top_k:
        Place a student only on one of their ``top_k`` favourite projects (students who rank
        nothing are not restricted).
    fixed:
        ``{student id: project id}``: placements decided in advance.
    min_term:
        ``{term name: k}``: the raw value of the scoring term is at least ``k`` (the epsilon
        constraint of :mod:`matcher.pareto`; e.g. ``{preference = 120}``).
    new_teammates:
        Rotation: at most ``max_shared`` members of a former team (a column of the students'
        file) in one new team; see :class:`NewTeammatesRule`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    allow_unassigned: bool = False
    max_per_value: dict[str, int] = Field(default_factory=dict)
    min_distinct: dict[str, int] = Field(default_factory=dict)
    no_isolated: dict[str, list[str]] = Field(default_factory=dict)
    keep_together: list[list[str]] = Field(default_factory=list)
    keep_apart: list[list[str]] = Field(default_factory=list)
    top_k: int | None = Field(default=None, ge=1)
    fixed: dict[str, str] = Field(default_factory=dict)
    min_term: dict[str, int] = Field(default_factory=dict)
    new_teammates: NewTeammatesRule | None = None

    def issues(self, problem: Problem) -> list[RecordIssue]:
        """Problems with the rules themselves (unknown ids or attributes, bad numbers)."""
        out: list[RecordIssue] = []
        students = problem.student_index
        projects = problem.project_index
        attributes = problem.attributes()
        for field in ("max_per_value", "min_distinct", "no_isolated"):
            for attr, k in getattr(self, field).items():
                if attr not in attributes:
                    out.append(RecordIssue("rules", None, field,
                                           tr("unknown attribute {attribute!r} (known: {known})",
                                              attribute=attr,
                                              known=", ".join(sorted(attributes))), attr))
                if field != "no_isolated" and k < 1:
                    out.append(RecordIssue("rules", None, field,
                                           tr("{rule}.{attribute} must be at least 1, got {k}",
                                              rule=field, attribute=attr, k=k), k))
        for field in ("keep_together", "keep_apart"):
            for group in getattr(self, field):
                if len(group) < 2:
                    out.append(RecordIssue("rules", None, field,
                                           tr("a {rule} group needs at least two students, "
                                              "got {group}", rule=field, group=group), group))
                for sid in group:
                    if sid not in students:
                        out.append(RecordIssue("rules", None, field,
                                               tr("unknown student {student!r}", student=sid),
                                               sid))
        for sid, pid in self.fixed.items():
            if sid not in students:
                out.append(RecordIssue("rules", None, "fixed",
                                       tr("unknown student {student!r}", student=sid), sid))
            if pid not in projects:
                out.append(RecordIssue("rules", None, "fixed",
                                       tr("unknown project {project!r}", project=pid), pid))
        if self.new_teammates is not None:
            for column in self.new_teammates.columns:
                if column not in attributes:
                    out.append(RecordIssue("rules", None, "new_teammates", tr(
                        "unknown column {column!r}: no student attribute holds former teams "
                        "(known: {known})", column=column, known=", ".join(sorted(attributes))),
                        column))
        if self.min_term:
            if _term_issues is None:
                raise RuntimeError("matcher.registry is not loaded: the min_term names cannot "
                                   "be checked (import matcher first)")
            for issue in _term_issues(problem, self.min_term):
                out.append(RecordIssue("rules", None, "min_term", issue.message, issue.value))
        return out
