"""Checks shared by the rules' parameters (:meth:`Constraint.parameter_issues
<matcher.constraints.base.Constraint.parameter_issues>`): ids and attributes the ``[rules]``
section names must exist in the problem."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matcher.i18n import tr
from matcher.problem import Problem, RecordIssue


def issue(field: str, message: str, value: object) -> RecordIssue:
    """An issue of the ``rules`` collection, about its field ``field``."""
    return RecordIssue("rules", None, field, message, value)


def attribute_issues(problem: Problem, field: str, by_attribute: Mapping[str, object], *,
                     at_least_one: bool) -> list[RecordIssue]:
    """``{attribute: k}`` of the rule ``field``: unknown attributes, and (``at_least_one``)
    numbers below 1."""
    out: list[RecordIssue] = []
    attributes = problem.attributes()
    for attr, k in by_attribute.items():
        if attr not in attributes:
            out.append(issue(field, tr("unknown attribute {attribute!r} (known: {known})",
                                       attribute=attr, known=", ".join(sorted(attributes))),
                             attr))
        if at_least_one and k < 1:  # type: ignore[operator]
            out.append(issue(field, tr("{rule}.{attribute} must be at least 1, got {k}",
                                       rule=field, attribute=attr, k=k), k))
    return out


def group_issues(problem: Problem, field: str, groups: Sequence[Sequence[str]]
                 ) -> list[RecordIssue]:
    """Groups of student ids of the rule ``field``: fewer than two, or unknown students."""
    out: list[RecordIssue] = []
    students = problem.student_index
    for group in groups:
        if len(group) < 2:
            out.append(issue(field, tr("a {rule} group needs at least two students, "
                                       "got {group}", rule=field, group=group), group))
        for sid in group:
            if sid not in students:
                out.append(issue(field, tr("unknown student {student!r}", student=sid), sid))
    return out
