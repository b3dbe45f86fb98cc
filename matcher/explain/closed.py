"""Why a project stayed closed, by arithmetic on the rules (no solver)."""

from __future__ import annotations

from collections.abc import Sequence

from matcher.assignment import Assignment
from matcher.i18n import tr
from matcher.problem import Problem


def fans(problem: Problem, project_id: str) -> list[str]:
    """The students who may join ``project_id`` and ranked it (within ``top_k`` when set):
    ranked, not refused, not fixed elsewhere."""
    rules = problem.rules
    out = []
    for s in problem.students:
        if project_id not in s.preferences or project_id in s.refused:
            continue
        if rules.top_k and project_id not in s.preferences[: rules.top_k]:
            continue
        if rules.fixed.get(s.id, project_id) != project_id:
            continue
        out.append(s.id)
    return out


def closed_reasons(problem: Problem, assignment: Assignment, project_id: str, *,
                   ranked_by: Sequence[str] | None = None) -> list[str]:
    """Why a project stayed closed, by arithmetic on the rules (no solver).

    ``ranked_by``: the project's :func:`fans`, when the caller has them (they take a pass
    over the cohort).
    """
    p = problem.projects[problem.project_index[project_id]]
    rules = problem.rules
    out = [tr("{project} stayed closed (it is optional)", project=project_id)]
    who = list(ranked_by) if ranked_by is not None else fans(problem, project_id)
    if len(who) < p.min_size:
        if rules.top_k:
            out.append(tr("only {count} students ranked it within their top {k}, and it needs "
                          "at least {low}", count=len(who), k=rules.top_k, low=p.min_size))
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
        fixed = rules.fixed.get(sid)
        if fixed is not None and fixed != project_id:
            out.append(tr("its proposer {student} is fixed on {project}", student=sid,
                          project=fixed))
        elif sid in mandatory and mandatory[sid] != project_id:
            out.append(tr("its proposer {student} must be on {project}, which must open",
                          student=sid, project=mandatory[sid]))
        elif assignment.get(sid) and assignment.get(sid) != project_id:
            out.append(tr("opening it would take its proposer {student} away from {project}",
                          student=sid, project=assignment.get(sid)))
    return out
