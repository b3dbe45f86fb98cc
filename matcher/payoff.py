"""The payoff table: each term's range over a cohort, so that weights mean something across
terms.

A weight multiplies a term's raw value, and the terms count different things (points,
distinct values, pairs, scaled deviations): ``blau.gender = 5`` says little until one knows
how far ``blau.gender`` can move. The payoff table optimises each term alone, up and down,
under the problem's rules, and gives its range; :func:`normalised_values` then scales any
formation's values to ``0..1`` within those ranges.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from matcher.problem import Problem
from matcher.registry import effective_weights, make_terms
from matcher.result import Status
from matcher.solve import solve

if TYPE_CHECKING:  # pandas loads on the first table, not on import matcher
    import pandas as pd

#: the columns of :func:`payoff_table` before the payoff matrix's ``at_max:<term>`` columns
COLUMNS = ("term", "min", "max", "min_status", "max_status", "min_bound", "max_bound")


def payoff_table(problem: Problem, terms: Sequence[str] | None = None, *,
                 time_limit: float = 20.0, workers: int | None = None,
                 seed: int | None = 0) -> pd.DataFrame:
    """Each term's least and greatest value over the formations the rules accept.

    Model: for each term ``t``, two solves with every other term at weight 0: ``max t``
    (weight 1) and ``max -t`` (weight -1), the plain weighted sum (not choices first: the
    range is over every formation the rules accept). ``max`` and ``min`` are the values reached;
    ``max_bound`` is a proven upper bound on the greatest value and ``min_bound`` a proven
    lower bound on the least (equal to ``max`` / ``min`` when the status is ``OPTIMAL``). The
    columns ``at_max:<u>`` form the classic payoff matrix: term ``u``'s value in the formation
    that maximises ``t``.

    Parameters
    ----------
    problem:
        The cohort, ideas and rules (its weights only name the default terms).
    terms:
        Term names (``"preference"``, ``"blau.gender"``...); default: the problem's terms of
        non-zero weight.
    time_limit:
        Seconds for the whole table, shared equally by its ``2 * len(terms)`` solves.
    workers, seed:
        As for :func:`matcher.solve`.

    Returns
    -------
    pandas.DataFrame
        One row per term: :data:`COLUMNS` then ``at_max:<term>`` for every term. A value is
        missing (``None``) when its solve found no formation in its time.

    Raises
    ------
    matcher.problem.ProblemValidationError
        An unknown term or attribute, as :func:`matcher.solve` raises it.
    """
    everything = effective_weights(problem)
    names = list(terms) if terms is not None else [t for t, w in everything.items() if w]
    resolved = [t for t, _ in make_terms(problem, {name: 1 for name in names})
                if t.name in effective_weights(problem, {name: 1 for name in names})]
    chosen = {t.name: t for t in resolved
              if t.name in {canonical for canonical in
                            effective_weights(problem, {n: 1 for n in names})}}
    order = list(effective_weights(problem.with_changes(weights={}),
                                   {n: 1 for n in names}))
    order = [n for n in order if n in chosen]
    zero = {name: 0 for name in {**everything, **dict.fromkeys(order)}}
    per_solve = time_limit / max(1, 2 * len(order))
    rows = []
    for name in order:
        row: dict[str, object] = {"term": name}
        for sense, sign in (("max", 1), ("min", -1)):
            result = solve(problem, weights={**zero, name: sign}, time_limit=per_solve,
                           workers=workers, seed=seed, choices_first=False)
            found = result.status in (Status.OPTIMAL, Status.FEASIBLE)
            row[f"{sense}_status"] = str(result.status)
            row[sense] = chosen[name].value(problem, result.assignment) if found else None
            row[f"{sense}_bound"] = (None if result.best_bound is None
                                     else sign * result.best_bound)
            if sense == "max":
                for other in order:
                    row[f"at_max:{other}"] = (chosen[other].value(problem, result.assignment)
                                              if found else None)
        rows.append(row)
    import pandas as pd

    return pd.DataFrame(rows, columns=[*COLUMNS, *(f"at_max:{n}" for n in order)])


def normalised_values(problem: Problem, assignment: Mapping[str, str | None],
                      table: pd.DataFrame) -> dict[str, float | None]:
    """Each term of ``table`` (a :func:`payoff_table`) on ``assignment``, scaled to ``0..1``:
    ``(value - min) / (max - min)`` with the table's range (``None`` when the range is unknown
    or empty: the term cannot vary)."""
    terms = {t.name: t for t, _ in make_terms(problem, dict.fromkeys(table["term"], 1))}
    out: dict[str, float | None] = {}
    for _, row in table.iterrows():
        lo, hi = row["min"], row["max"]
        if lo is None or hi is None or _missing(lo) or _missing(hi) or hi <= lo:
            out[row["term"]] = None
            continue
        value = terms[row["term"]].value(problem, assignment)
        out[row["term"]] = (value - lo) / (hi - lo)
    return out


def _missing(value: object) -> bool:
    """NaN (a float, or pandas' missing value) where a figure was not computed."""
    import pandas as pd

    return bool(pd.isna(value))
