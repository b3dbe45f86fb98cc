"""Results every phase of the pipeline may return: teams in hand with a proven bound, and the
reason of a time limit too short to search (the cheap bound of last resort is
:func:`~matcher.search.bounds.cheap_bound`)."""

from __future__ import annotations

from matcher.check import score
from matcher.i18n import tr
from matcher.result import Result, Status
from matcher.search.compiled import CompiledProblem
from matcher.search.progress import relative_gap


def teams_result(c: CompiledProblem, teams: dict[str, str | None], value: int, bound: int,
                 common: dict) -> Result:
    """``teams`` (valid, of objective ``value``) as the answer, with ``bound`` (proven; raised
    to ``value`` if below): OPTIMAL when they meet, else FEASIBLE."""
    bound = max(bound, value)
    values = score(c.problem, teams, c.weights)
    result = Result(status=Status.OPTIMAL if bound <= value else Status.FEASIBLE,
                    objective=value, best_bound=bound, gap=relative_gap(value, bound),
                    assignment=teams, terms=values, **common)
    result._solver_terms = dict(values)
    return result.attach(c.problem)


def too_short(time_limit: float | None, elapsed: float) -> str:
    """The reason of an UNKNOWN result whose time limit ended before any search."""
    return tr("the time limit ({limit:g} s) ended while the model was being built "
              "({elapsed:.1f} s): no search was run; give a longer time limit",
              limit=float(time_limit or 0.0), elapsed=elapsed)
