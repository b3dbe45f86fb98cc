"""What the points of a sweep prove about each other: a bound from their bounds.

The optimal value of a weighted objective, as a function of the weights,

    V(w) = max over every formation a that breaks no rule of  sum_k w_k t_k(a),

is a maximum of functions linear in ``w`` (one per formation; the rules do not depend on the
weights). So it is convex and positively homogeneous, hence *sublinear*: for any weights
``w_1 .. w_m`` and any ``lambda_j >= 0``,

    V(sum_j lambda_j w_j) <= sum_j lambda_j V(w_j)

(the formation that is best for the combination scores at most ``V(w_j)`` under each ``w_j``).
This holds whatever the signs of the term values, and for nonnegative (not only convex)
combinations. With a proven upper bound ``U_j >= V(w_j)`` at each solved point, the best bound
this gives at ``w`` is the linear program

    min sum_j lambda_j U_j   subject to   sum_j lambda_j w_j = w,  lambda >= 0.

:func:`combined_bound` solves it with HiGHS, then *re-derives* the bound exactly: it keeps the
points HiGHS used, solves ``sum_j lambda_j w_j = w`` on them in rational arithmetic, and returns
a bound only when that system has a unique nonnegative solution. Floating point never reaches
the returned number: it is the floor (``V`` is an integer: integer weights times integer term
values) of an exact rational ``sum_j lambda_j U_j``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

#: ``lambda_j`` below this (from HiGHS) leaves point ``j`` out of the exact re-derivation.
SUPPORT_TOLERANCE: float = 1e-9


def combined_bound(target: Sequence[int],
                   known: Sequence[tuple[Sequence[int], int]]) -> int | None:
    """A proven upper bound on ``V(target)`` from proven bounds at other weights, or ``None``.

    Parameters
    ----------
    target:
        The weights ``w`` (one integer per term, in a fixed term order).
    known:
        ``(w_j, U_j)`` pairs: weights in the same term order and a proven upper bound
        ``U_j >= V(w_j)``.

    Returns
    -------
    int or None
        ``floor(sum_j lambda_j U_j)`` for the best nonnegative combination ``sum_j lambda_j w_j
        = target`` (see the module docstring), or ``None`` when ``target`` is no such
        combination (or the exact re-derivation fails).

    Model: ``min sum_j lambda_j U_j  s.t.  sum_j lambda_j w_j = target, lambda >= 0``.

    Examples
    --------
    >>> combined_bound([2, 1], [([1, 0], 10), ([3, 2], 40), ([1, 1], 15)])  # (1,0) + (1,1)
    25
    >>> combined_bound([0, 1], [([1, 0], 10), ([1, 1], 15)]) is None  # needs -1 x (1, 0)
    True
    """
    if not any(target):
        return 0  # V(0) = 0: every formation scores 0
    if not known:
        return None
    lam = _lp_combination(target, known)
    if lam is None:
        return None
    support = [j for j, v in enumerate(lam) if v > SUPPORT_TOLERANCE]
    exact = _exact_solution([list(known[j][0]) for j in support], list(target))
    if exact is None or any(v < 0 for v in exact):
        return None
    total = sum((v * known[j][1] for v, j in zip(exact, support, strict=True)), Fraction(0))
    return math.floor(total)


def _lp_combination(target: Sequence[int],
                    known: Sequence[tuple[Sequence[int], int]]) -> list[float] | None:
    """HiGHS's optimal ``lambda`` of the module's LP, or ``None`` when it has none."""
    import highspy

    from matcher.search.highs import HighsRunError, LinearProgram, quiet_highs, run_highs

    lp = LinearProgram()
    for _, bound in known:
        lp.col(float(bound), 0.0, math.inf)
    for k, value in enumerate(target):
        lp.row([(j, float(w[k])) for j, (w, _) in enumerate(known) if w[k]], value, value)
    h = quiet_highs()
    # one thread, as every HiGHS solve of the engine, run in a thread of its own
    # (matcher.search.highs.run_highs: HiGHS sizes a scheduler per calling thread at its first
    # run, and a run asking another count there fails; tests/test_sweep_bound.py)
    h.setOptionValue("threads", 1)
    h.passModel(lp.to_highs(maximize=False))
    try:
        run_highs(h)
    except HighsRunError:
        return None
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return list(h.getSolution().col_value)


def _exact_solution(columns: list[list[int]], target: list[int]) -> list[Fraction] | None:
    """The unique ``x`` with ``sum_j x_j columns[j] = target``, in rationals, or ``None`` when
    there is none or more than one."""
    n = len(columns)
    if n == 0:
        return None
    rows = [[Fraction(columns[j][k]) for j in range(n)] + [Fraction(target[k])]
            for k in range(len(target))]
    r = 0
    for c in range(n):
        p = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if p is None:
            return None  # a dependent column: the combination is not unique
        rows[r], rows[p] = rows[p], rows[r]
        pivot = rows[r][c]
        rows[r] = [v / pivot for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r], strict=True)]
        r += 1
    if any(row[n] != 0 for row in rows[r:]):
        return None  # inconsistent: target is not a combination of these columns
    return [rows[i][n] for i in range(n)]
