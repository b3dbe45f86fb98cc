"""The students' choices against what the search traded them for: unranked students and the
proven minimum, the price of diversity, the optional ideas opened and who fills them.

Computed from the problem, a plain assignment and (when given) the :class:`~matcher.result.Result`
of the search, for the summary JSON (:func:`choices_summary`), and in words for the terminal
and the report (:func:`choices_lines`).
"""

from __future__ import annotations

from typing import Any

from matcher.assignment import Assignment, open_teams
from matcher.constraints.max_unranked import unranked_students
from matcher.i18n import tr
from matcher.problem import Problem
from matcher.result import Result


def choices_summary(problem: Problem, assignment: Assignment,
                    result: Result | None = None) -> dict[str, Any]:
    """``choices_first`` (whether the search put choices first), ``unranked`` (students on
    an idea they did not rank, ids in ``unranked_students``), ``unranked_minimum`` (a proven
    lower bound over every formation, choices first only) and ``minimum_proven``,
    ``price_of_diversity`` (students moved down and ranks lost against the preference-only
    optimum, when computed), ``optional_opened`` / ``optional_ideas`` and, per optional idea
    opened, the members who did not rank it (``filled_off_choices``)."""
    ids = unranked_students(problem, assignment)
    open_ = open_teams(problem, assignment)
    optional = [p for p in problem.projects if p.optional]
    opened = [p.id for p in optional if p.id in open_]
    filled = {pid: [s.id for s in open_[pid] if s.preferences and pid not in s.preferences]
              for pid in opened}
    minimum = result.unranked_minimum if result is not None else None
    price = result.diversity_price if result is not None else None
    return {
        "choices_first": bool(result is not None and result.choices_first),
        "unranked": len(ids),
        "unranked_students": ids,
        "unranked_minimum": minimum,
        "minimum_proven": minimum is not None and minimum == len(ids),
        "price_of_diversity": price.model_dump() if price is not None else None,
        "optional_ideas": len(optional),
        "optional_opened": len(opened),
        "filled_off_choices": {pid: members for pid, members in filled.items() if members},
    }


def choices_lines(summary: dict[str, Any]) -> list[str]:
    """:func:`choices_summary` in words, a line each (the terminal, the report)."""
    n, minimum = summary["unranked"], summary["unranked_minimum"]
    if summary["minimum_proven"]:
        lines = [tr("{count} students on an idea they did not rank: the proven minimum",
                    count=n)]
    elif minimum is not None:
        lines = [tr("{count} students on an idea they did not rank (every formation has at "
                    "least {minimum})", count=n, minimum=minimum)]
    else:
        lines = [tr("{count} students on an idea they did not rank", count=n)]
    price = summary["price_of_diversity"]
    if price is not None:
        lines.append(tr("price of diversity: {students} students moved down, {ranks} ranks in "
                        "total, against the preference-only optimum{proven}",
                        students=price["students_moved_down"], ranks=price["ranks_lost"],
                        proven="" if price["proven"] else tr(" (not proven optimal)")))
    if summary["optional_ideas"]:
        filled = summary["filled_off_choices"]
        moved = sum(len(m) for m in filled.values())
        line = tr("{opened} of {optional} optional ideas opened", opened=summary[
            "optional_opened"], optional=summary["optional_ideas"])
        if moved:
            line += tr("; {count} students moved off their choices to fill them ({detail})",
                       count=moved, detail="; ".join(
                           f"{pid}: {', '.join(ids)}" for pid, ids in filled.items()))
        lines.append(line)
    return lines
