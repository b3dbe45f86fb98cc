"""Why a project stayed closed, by arithmetic on the rules (no solver)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from matcher.assignment import Assignment
from matcher.constraints.base import Constraint
from matcher.i18n import tr
from matcher.problem import Problem
from matcher.registry import RULES


def admitting_rules() -> list[type[Constraint]]:
    """The rules of the registry that may keep a student off an idea
    (:meth:`Constraint.admits <matcher.constraints.base.Constraint.admits>` implemented:
    refusals, ``top_k``, fixed placements)."""
    return [cls for cls in RULES.values()
            if getattr(cls.admits, "__func__", None) is not Constraint.admits.__func__]


def fans(problem: Problem, project_id: str) -> list[str]:
    """The students who may join ``project_id`` and ranked it: ranked, and admitted by every
    rule (not refused, within ``top_k`` when set, not fixed elsewhere)."""
    rules = admitting_rules()
    return [s.id for s in problem.students if project_id in s.preferences
            and all(r.admits(problem, s, project_id) for r in rules)]


def _first_words(words: Iterable[str | None]) -> str | None:
    return next((w for w in words if w), None)


def closed_reasons(problem: Problem, assignment: Assignment, project_id: str, *,
                   ranked_by: Sequence[str] | None = None) -> list[str]:
    """Why a project stayed closed, by arithmetic on the rules (no solver).

    ``ranked_by``: the project's :func:`fans`, when the caller has them (they take a pass
    over the cohort).
    """
    p = problem.projects[problem.project_index[project_id]]
    out = [tr("{project} stayed closed (it is optional)", project=project_id)]
    who = list(ranked_by) if ranked_by is not None else fans(problem, project_id)
    if len(who) < p.min_size:
        ranked = _first_words(cls.ranked_words(problem, len(who), p.min_size)
                              for cls in RULES.values())
        if ranked:
            out.append(ranked)
        elif len(who) == 1:
            out.append(tr("only 1 student ranked it, and it needs at least {low}",
                          low=p.min_size))
        else:
            out.append(tr("only {count} students ranked it, and it needs at least {low}",
                          count=len(who), low=p.min_size))
    else:
        out.append(tr("{count} students ranked it; it needs at least {low}", count=len(who),
                      low=p.min_size))
    mandatory = {sid: q.id for q in problem.projects if not q.optional for sid in q.proposers}
    for sid in p.proposers:
        held = _first_words(cls.held_elsewhere(problem, sid, project_id)
                            for cls in RULES.values())
        if held:
            out.append(held)
        elif sid in mandatory and mandatory[sid] != project_id:
            out.append(tr("its proposer {student} must be on {project}, which must open",
                          student=sid, project=mandatory[sid]))
        elif assignment.get(sid) and assignment.get(sid) != project_id:
            out.append(tr("opening it would take its proposer {student} away from {project}",
                          student=sid, project=assignment.get(sid)))
    return out
