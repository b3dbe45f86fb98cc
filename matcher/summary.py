"""Summaries of a formation: the headline figures, one record per team, the JSON summaries.

Everything here is computed from the problem and a plain assignment (student id -> project
id), never from a solver, so that ``matcher solve``, ``matcher check`` and the server show the
same figures for the same teams. The figures themselves (:class:`Figures`, :func:`figures`) are
defined once, in :mod:`matcher.figures`, for every output: summaries, reports, sweeps and
Pareto fronts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from matcher.assignment import Assignment, open_teams
from matcher.choices import choices_summary
from matcher.constraints.base import Violation
from matcher.figures import figures
from matcher.problem import Problem
from matcher.result import Result


def team_summaries(problem: Problem, assignment: Assignment) -> list[dict[str, Any]]:
    """One dict per open team: the idea, its members (with the rank each gave it) and its
    figures (size, distinct disciplines and institutions, first choices, mean rank)."""
    out = []
    for pid, members in open_teams(problem, assignment).items():
        project = problem.projects[problem.project_index[pid]]
        ranks = [s.rank_of(pid) for s in members]
        known = [r for r in ranks if r is not None]
        out.append({
            "project_id": pid,
            "title": project.title,
            "size": len(members),
            "min_size": project.min_size,
            "max_size": project.max_size,
            "distinct_disciplines": len({m.discipline for m in members if m.discipline}),
            "distinct_institutions": len({m.institution for m in members if m.institution}),
            "first_choices": sum(r == 1 for r in known),
            "mean_rank": sum(known) / len(known) if known else None,
            "points": sum(problem.points(s, pid) for s in members),
            "members": [{"student_id": s.id, "name": s.name, "discipline": s.discipline,
                         "institution": s.institution, "rank": r}
                        for s, r in zip(members, ranks, strict=True)],
        })
    return out


def unassigned_ids(problem: Problem, assignment: Assignment) -> list[str]:
    """Students on no (known) project."""
    return [s.id for s in problem.students if assignment.get(s.id) not in problem.project_index]



def result_summary(problem: Problem, result: Result) -> dict[str, Any]:
    """The ``--summary`` JSON of ``solve``: status, objective, bound, gap, time, the
    search's warnings (internal inconsistencies it undid, :attr:`Result.warnings`), weights,
    term values, headline figures, and every team with its members and figures."""
    return {
        "status": result.status.value,
        "objective": result.objective,
        "best_bound": result.best_bound,
        "gap": result.gap,
        "wall_time_s": round(result.wall_time_s, 3),
        "interrupted": result.interrupted,
        "time_limit_s": result.time_limit_s,
        "workers": result.workers,
        "seed": result.seed,
        "warnings": list(result.warnings),
        "weights": dict(result.weights),
        "terms": dict(result.terms),
        "figures": figures(problem, result.assignment).as_dict(),
        "teams": team_summaries(problem, result.assignment),
        "unassigned": unassigned_ids(problem, result.assignment),
        "choices": choices_summary(problem, result.assignment, result),
    }


def check_summary(problem: Problem, assignment: Assignment, violations: list[Violation],
                  weights: Mapping[str, int], terms: Mapping[str, int],
                  objective: int) -> dict[str, Any]:
    """The ``--summary`` JSON of ``check``: validity, every broken rule, the scores, the
    figures and the teams."""
    return {
        "status": "VALID" if not violations else "INVALID",
        "valid": not violations,
        "violations": [v.model_dump(mode="json") for v in violations],
        "objective": objective,
        "weights": dict(weights),
        "terms": dict(terms),
        "figures": figures(problem, assignment).as_dict(),
        "teams": team_summaries(problem, assignment),
        "unassigned": unassigned_ids(problem, assignment),
        "choices": choices_summary(problem, assignment),
    }


def solve_summary(problem: Problem, result: Result, *, time_limit: float,
                  low_placements: Sequence[Mapping[str, Any]], reasons: str,
                  moves: Sequence[Any] = ()) -> dict[str, Any]:
    """The ``--summary`` JSON of ``matcher solve``: :func:`result_summary`, with
    ``time_limit_s`` the command's wall clock (``time_limit``) and ``search_time_limit_s``
    the part the search had, then the low placements (``{student_id, project_id, rank,
    reason}`` each), how far their reasons got (``reasons``: ``pending``, ``done``, ``time``,
    ``interrupted``, ``error`` or ``skipped``) and, in a re-match (``problem.previous``), every
    :class:`~matcher.rematch.Move`."""
    data = result_summary(problem, result)
    data["search_time_limit_s"] = data["time_limit_s"]
    data["time_limit_s"] = time_limit
    data["low_placements"] = list(low_placements)
    data["low_placement_reasons"] = reasons
    if problem.previous:
        data["moves"] = [m.model_dump() for m in moves]
    return data
