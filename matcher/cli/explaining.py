"""The commands' calls into :mod:`matcher.explain`, each given a deadline.

Every explanation a command asks for after the teams are written goes through one of these
functions, so that the time each may take is decided in one place. ``deadline`` is a
:func:`time.monotonic` value the explanations share (:func:`matcher.explain.explain_all` does
the cheap layers for everyone first, then the exact ones while time is left). The callers run
them under :func:`matcher.cli.bounded.run_bounded`, which also enforces the deadline from
outside.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

from matcher.assignment import Assignment
from matcher.problem import Problem

#: Seconds at most for one counterfactual solve of a move (``--previous``).
EACH_MAX: float = 5.0


def low_placement_reasons_within(problem: Problem, assignment: Assignment, *,
                                 weights: Mapping[str, int] | None, workers: int,
                                 deadline: float,
                                 explanations: Sequence[Any] | None = None
                                 ) -> list[dict[str, Any]]:
    """:func:`matcher.cli.explain.low_placement_reasons` by ``deadline`` (or read from
    ``explanations`` already made)."""
    from matcher.cli.explain import low_placement_reasons

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
