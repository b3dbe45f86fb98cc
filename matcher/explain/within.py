"""The explanations asked for after the teams are written, each given a deadline.

Every explanation ``matcher solve``, ``check`` and ``explain`` ask for once the teams are
written goes through one of these functions, so that the time each may take is decided in one
place. ``deadline`` is a :func:`time.monotonic` value the explanations share
(:func:`matcher.explain.explain_all` does the cheap layers for everyone first, then the exact
ones while time is left). The commands run them in a child process bounded in time, which
also enforces the deadline from outside.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

from matcher.assignment import Assignment
from matcher.i18n import tr
from matcher.problem import Problem

#: Seconds at most for one counterfactual solve of a move (``--previous``).
EACH_MAX: float = 5.0


def low_placement_reasons_within(problem: Problem, assignment: Assignment, *,
                                 weights: Mapping[str, int] | None, workers: int,
                                 deadline: float,
                                 explanations: Sequence[Any] | None = None
                                 ) -> list[dict[str, Any]]:
    """:func:`low_placement_reasons` by ``deadline`` (or read from ``explanations`` already
    made)."""
    return low_placement_reasons(problem, assignment, weights=weights, workers=workers,
                                 deadline=deadline, explanations=explanations)


def explanations_within(problem: Problem, assignment: Assignment, *,
                        weights: Mapping[str, int] | None, workers: int,
                        deadline: float) -> list:
    """:func:`matcher.explain.explain_all` of every student (for the report and the low
    placements at once) by ``deadline``."""
    from matcher.explain import explain_all

    return explain_all(problem, assignment, weights=weights, workers=workers,
                       deadline=deadline, figures=False)


def explain_within(problem: Problem, assignment: Assignment, student: str, *,
                   weights: Mapping[str, int] | None, workers: int, seconds: float) -> Any:
    """:func:`matcher.explain.explain` of one student within ``seconds``."""
    from matcher.explain import explain

    return explain(problem, assignment, student, weights=weights, time_limit=seconds,
                   workers=workers, deadline=time.monotonic() + seconds)


def moves_within(problem: Problem, assignment: Assignment, *,
                 weights: Mapping[str, int] | None, workers: int, seconds: float,
                 explain_moves: bool = True) -> list:
    """:func:`matcher.rematch.moves` (who moved since the previous formation, and why) within
    about ``seconds``; ``explain_moves=False`` gives them without counterfactuals (instant)."""
    from matcher.rematch import moves

    cheap = moves(problem, assignment, weights=weights, explain_moves=False)
    if not explain_moves or not cheap:
        return cheap
    each = max(0.05, min(EACH_MAX, seconds / len(cheap)))
    return moves(problem, assignment, weights=weights, time_limit=each, workers=workers)


def not_explained(student_id: str) -> str:
    """The reason given when time ran out before a student was explained."""
    return tr("not explained (time): run matcher explain --student {student}",
              student=student_id)


def pending_low_placements(problem: Problem, assignment: Assignment) -> list[dict[str, Any]]:
    """The students on their 4th choice or worse, unranked or without a team, in cohort order,
    as :func:`low_placement_reasons` gives them but before any explanation:
    ``{student_id, project_id, rank, reason}`` with ``reason`` ``None``, or "ranked no
    project" for a student who ranked none (nothing to explain by solving)."""
    from matcher.explain import low_placements

    out = []
    for sid in low_placements(problem, assignment):
        s = problem.students[problem.student_index[sid]]
        pid = assignment.get(sid)
        out.append({"student_id": sid, "project_id": pid,
                    "rank": s.rank_of(pid) if pid else None,
                    "reason": None if s.preferences else tr("ranked no project")})
    return out


def explanation_budget(time_limit: float | None) -> float:
    """Seconds given to the explanations of low placements after a solve of ``time_limit``
    seconds, when the caller gives no deadline: a tenth of it, between 1 and 30 seconds."""
    return min(30.0, max(1.0, 0.1 * (time_limit if time_limit is not None else 60.0)))


def low_placement_reasons(problem: Problem, assignment: Assignment, *,
                          weights: Mapping[str, int] | None,
                          time_limit: float | None = None, workers: int | None = None,
                          total_time: float | None = None,
                          deadline: float | None = None,
                          explanations: Sequence[Any] | None = None
                          ) -> list[dict[str, Any]]:
    """The students on their 4th choice or worse, unranked or without a team, each with the
    reason: ``{student_id, project_id, rank, reason}`` in cohort order.

    Every project ranked higher is answered (:func:`matcher.explain.explain_all`): why it
    stayed closed, the rule that forbids it, or what the best exchange and a few teams
    re-solved exactly cost. The budget is ``deadline`` (a :func:`time.monotonic` value)
    and/or ``total_time`` seconds from now; without either, :func:`explanation_budget` of
    ``time_limit``. A student the budget did not reach reads "not explained (time)".
    ``explanations``: the students' explanations when the caller already has them (from
    :func:`~matcher.explain.explain_all` for the report), to be read instead of computed.
    """
    from matcher.explain import explain_all, low_placements

    if total_time is None and deadline is None:
        total_time = explanation_budget(time_limit)
    low = low_placements(problem, assignment)
    if explanations is not None:
        known = {e.student: e for e in explanations}
        explanations = [known[sid] for sid in low]
    else:
        explanations = explain_all(problem, assignment, weights=weights, students=low,
                                   total_time=total_time, deadline=deadline,
                                   workers=workers, time_limit=time_limit, figures=False)
    out = []
    for sid, e in zip(low, explanations, strict=True):
        s = problem.students[problem.student_index[sid]]
        pid = assignment.get(sid)
        if not s.preferences:
            reason = tr("ranked no project")
        elif e.alternatives or not e.notes:
            reason = e.reason()
        else:
            reason = not_explained(sid)
        out.append({"student_id": sid, "project_id": pid,
                    "rank": s.rank_of(pid) if pid else None, "reason": reason})
    return out
