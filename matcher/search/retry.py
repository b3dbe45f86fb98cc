"""What an attempt asks for when its restricted model falls short (:class:`Retry`), and how the
attempts' teams and bounds combine: the retry's progress reported as the whole solve's
(:func:`within`) and its result merged with the teams and bound already in hand
(:func:`merge_attempts`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from matcher.problem import Problem
from matcher.result import Progress, Result, Status
from matcher.search.progress import ProgressCallback, relative_gap


@dataclass
class Retry:
    """What an attempt asks for when its restricted model falls short: another attempt for
    the time left (a loop in the pipeline, not recursion), with this ``hint``, ``lp``
    (``False``: the full model) and ``fillers`` (a wider restriction); ``callback`` replaces
    the caller's progress callback for it, and ``merge`` combines its result with the teams
    and bound already in hand."""

    hint: Mapping[str, str | None] | None
    lp: bool
    fillers: int | None = None
    callback: ProgressCallback | None = None
    merge: Callable[[Result], Result] | None = None


def within(callback: ProgressCallback, obj: int, bound: int) -> ProgressCallback:
    """The progress of a retry on the full model, as the whole solve's: its teams no worse
    than ``obj``, its bound no looser than ``bound`` (both already in hand)."""

    def inner(p: Progress) -> None:
        b = p.best_bound if p.best_bound is not None and p.best_bound < bound else bound
        o = max(p.objective, obj) if p.objective is not None else obj
        callback(p.model_copy(update={"best_bound": b, "objective": o,
                                      "gap": relative_gap(o, b)}))

    return inner


def merge_attempts(problem: Problem, outer: Result, full: Result) -> Result:
    """``outer`` (a restricted model's teams, its proven bound) with the full model's better
    teams and tighter bound."""
    if not (full.has_solution and full.objective is not None
            and full.best_bound is not None):
        return outer
    obj, assignment, values = outer.objective, outer.assignment, outer.terms
    solver_terms = dict(outer._solver_terms)
    assert obj is not None and outer.best_bound is not None
    if full.objective >= obj:
        obj, assignment, values = full.objective, full.assignment, full.terms
        solver_terms = dict(full._solver_terms)
    bound = max(obj, min(outer.best_bound, full.best_bound))
    merged = outer.model_copy(update=dict(
        status=Status.OPTIMAL if bound <= obj else Status.FEASIBLE, objective=obj,
        best_bound=bound, gap=relative_gap(obj, bound), assignment=assignment, terms=values,
        interrupted=outer.interrupted or full.interrupted))
    merged._solver_terms = solver_terms
    return merged.attach(problem)
