"""The commands' calls into :mod:`matcher.explain`, each given a number of seconds.

Every explanation a command asks for after the teams are written goes through one of these
functions, so that the time each may take is decided in one place: ``seconds`` is the whole
allowance; each counterfactual solve gets a slice of it. The callers run them under
:func:`matcher.cli.bounded.run_bounded`, which also enforces the allowance from outside.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matcher.assignment import Assignment
from matcher.problem import Problem

#: Seconds at most for one counterfactual solve, and the share of the allowance one may take.
EACH_MAX, EACH_SHARE = 5.0, 0.25


def _each(seconds: float) -> float:
    return max(0.05, min(EACH_MAX, EACH_SHARE * seconds))


def low_placement_reasons_within(problem: Problem, assignment: Assignment, *,
                                 weights: Mapping[str, int] | None, workers: int,
                                 seconds: float) -> list[dict[str, Any]]:
    """:func:`matcher.cli.explain.low_placement_reasons` within about ``seconds``."""
    from matcher.cli.explain import low_placement_reasons

    return low_placement_reasons(problem, assignment, weights=weights,
                                 time_limit=_each(seconds), workers=workers,
                                 total_time=seconds)


def explanations_within(problem: Problem, assignment: Assignment, *,
                        weights: Mapping[str, int] | None, workers: int,
                        seconds: float) -> list:
    """:func:`matcher.explain.explain_all` (every student, for the report) within about
    ``seconds``."""
    from matcher.explain import explain_all

    return explain_all(problem, assignment, weights=weights, time_limit=_each(seconds),
                       total_time=seconds, workers=workers)


def explain_within(problem: Problem, assignment: Assignment, student: str, *,
                   weights: Mapping[str, int] | None, workers: int, seconds: float) -> Any:
    """:func:`matcher.explain.explain` of one student within about ``seconds``: each of the
    ideas they ranked above their own gets an equal slice."""
    from matcher.explain import explain

    s = problem.students[problem.student_index[student]]
    pid = assignment.get(student)
    rank = s.rank_of(pid) if pid else None
    higher = (rank - 1) if rank else len(s.preferences)
    each = max(0.05, seconds / max(1, higher))
    return explain(problem, assignment, student, weights=weights, time_limit=each,
                   workers=workers)


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
