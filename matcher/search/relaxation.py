"""A proven upper bound on the objective from an aggregated LP relaxation (solved by HiGHS).

Students placed on a project they did not rank earn no points; for the coverage terms only
their attribute values matter. The relaxation therefore keeps one variable per *ranked* pair
and aggregates the unranked placements by attribute value, which keeps it small (about
``n K + P (V + 1)`` columns for ``n`` students ranking ``K`` ideas, ``P`` ideas and ``V``
attribute values in all, instead of ``n P``).

Model (every variable continuous, each a relaxation of an integer quantity of any solution)::

    x[s,p] in [0,1]   for each ranked pair (s ranks p)
    U[p] in [0,max_p]  members of p who did not rank it
    u[a,v,p] >= 0     of those, how many hold value v of attribute a (v may be "unknown"),
                      at most min(max_p, n_{a,v}) (implied; finite bounds for dual_bound)
    open[p] in [0,1]  (= 1 for a mandatory idea),   has[a,v,p] in [0,1]

    sum_p x[s,p] <= 1                          each student at most once on a ranked idea
    sum_{s,p} x[s,p] + sum_p U[p] = n          every student is placed
    sum_v u[a,v,p] = U[p]                      for each attribute a and project p
    sum_p u[a,v,p] + sum_{s : a(s)=v} sum_p x[s,p] = n_{a,v}
    min_p open[p] <= sum_s x[s,p] + U[p] <= max_p open[p]
    has[a,v,p] <= sum_{s : a(s)=v} x[s,p] + u[a,v,p],   has[a,v,p] <= open[p]
                                               (the last for optional ideas only: else 1)
    x[s,p] >= open[p]                          s a proposer of p (when s ranks p)

    max  w_pref sum points(s,p) x[s,p] + sum_a w_a sum_{v,p} has[a,v,p]
         + w_moves (sum_{s in previous} x[s,prev(s)] - |previous|)     (re-matching only)

When re-matching, the pair of a student and their previous idea is an ``x`` column too (like a
ranked pair, with 0 points if unranked), so the ``moves`` term is modelled exactly.

The rules enter through their linear faces (:mod:`matcher.search.linear_face`): a student a
rule names (``keep_together``, ``keep_apart``, ``avoid``) gets a column on every idea they may
join (``sum_p x[s,p] = 1``) and leaves the aggregate; an attribute a rule counts
(``max_per_value``, ``min_distinct``, ``no_isolated``, ``new_teammates``) gets its ``u[a,v,p]``;
then each rule adds its rows. The objective is read through each term's
:meth:`~matcher.scoring.base.ScoringTerm.decompose` face.

Every feasible assignment maps to a feasible point of equal objective (rules without rows are
dropped, which only relaxes), so the LP optimum is an upper bound. The bound returned is
``floor(z + 1e-6 |z| + 1e-3)``: the margin absorbs HiGHS's feasibility tolerances, erring on the
safe (larger) side. :func:`pdlp_bounds` solves it by PDLP in rounds and bounds it from each
round's duals (:func:`dual_bound`), for the large cohorts where the interior point is too slow.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from matcher.problem import Problem
from matcher.registry import effective_weights, make_terms
from matcher.scoring.base import ScoringTerm
from matcher.search import thresholds
from matcher.search.highs import HighsRunError, LinearProgram, quiet_highs, run_highs
from matcher.search.linear_face import objective_parts, rule_faces


@dataclass
class LpBound:
    """The outcome of :func:`lp_bound`.

    ``bound`` is a proven upper bound on the objective (``None`` if HiGHS did not finish);
    ``ranked`` maps each ranked pair (student index, project index) with a positive LP value to
    that value; ``unranked`` maps (project index, attribute, value) to the LP count of
    members placed there without ranking it; ``open`` holds the LP value of ``open[p]``.
    """

    bound: int | None
    value: float | None = None
    seconds: float = 0.0
    ranked: dict[tuple[int, int], float] = field(default_factory=dict)
    unranked: dict[tuple[int, str, object], float] = field(default_factory=dict)
    open: list[float] = field(default_factory=list)
    #: False when ``bound`` comes from the duals of an unfinished solve
    #: (:func:`dual_bound`; ``ranked``, ``unranked`` and ``open`` are then empty)
    optimal: bool = True


def coverage_attributes(problem: Problem, weights: Mapping[str, int] | None = None
                        ) -> dict[str, int] | None:
    """``{attribute: weight}`` of the distinct-values terms (``coverage``), or ``None`` when
    the objective has a term the relaxation does not model: read through every term's
    :meth:`~matcher.scoring.base.ScoringTerm.decompose` face, a term with no decomposition,
    a distinct-values term of negative weight, or pairs of members (set apart first by
    :func:`pair_terms`). Points per placement (``preference``, ``moves``) are modelled."""
    parts = objective_parts(problem, weights)
    if parts.missing or parts.pairs:
        return None
    return parts.distinct


def modelled(problem: Problem, term: ScoringTerm, weight: int) -> bool:
    """Whether the relaxations (and the heuristics' own scoring) model ``term`` at ``weight``
    through its :meth:`~matcher.scoring.base.ScoringTerm.decompose` face: points per
    placement, or distinct values with a positive weight; a weight of 0 drops the term."""
    from matcher.scoring.decomposition import DistinctValues, PerPlacement

    if weight == 0:
        return True
    d = term.decompose(problem)
    return isinstance(d, PerPlacement) or (isinstance(d, DistinctValues) and weight > 0)


def unmodelled_terms(problem: Problem, weights: Mapping[str, int] | None = None
                     ) -> list[tuple[ScoringTerm, int]]:
    """The terms of non-zero weight that neither the relaxations model (:func:`modelled`)
    nor are sums over pairs of teammates: the heuristics score them move by move
    (:meth:`~matcher.scoring.base.ScoringTerm.incremental`) and bound them by their own
    faces (:func:`terms_bound`)."""
    return [(t, w) for t, w in make_terms(problem, weights)
            if not modelled(problem, t, w) and t.pairs(problem) is None]


def terms_bound(problem: Problem, terms: list[tuple[ScoringTerm, int]]) -> int | None:
    """A proven upper bound on ``sum w_t t``: ``w_t upper_bound_t`` for a positive weight,
    ``w_t lower_bound_t`` for a negative one; ``None`` when one is missing."""
    total = 0
    for term, w in terms:
        b = term.upper_bound(problem) if w > 0 else term.lower_bound(problem)
        if b is None:
            return None
        total += w * b
    return total


def pair_terms(problem: Problem, weights: Mapping[str, int] | None = None
               ) -> tuple[dict[str, int], dict[tuple[int, int], int], int | None]:
    """The objective's terms that the separable relaxations leave out, set apart: the sums over
    pairs of teammates (:meth:`~matcher.scoring.base.ScoringTerm.pairs`, e.g. ``wishes``) and
    every other term they do not model (:func:`modelled`: ``pairwise``, ``blau``,
    ``balance``, ``unassigned``, the minima...; the heuristics score those move by move through
    :meth:`~matcher.scoring.base.ScoringTerm.incremental`). Returns ``(weights with them at 0,
    {(i, j): weighted coefficient of the pair terms}, bound)``. ``bound`` is a proven upper
    bound on their weighted sum: ``w_t upper_bound_t`` for a positive weight, ``w_t
    lower_bound_t`` for a negative one (0 for a negative pair term, which never adds);
    ``None`` when a term lacks the bound it needs.

    A bound of the rest of the objective plus ``bound`` is a bound of the whole objective:
    the maximum of a sum is at most the sum of the maxima.
    """
    rest = dict(effective_weights(problem, weights))
    pairs: dict[tuple[int, int], int] = {}
    bound: int | None = 0
    for term, w in make_terms(problem, rest):
        if w == 0:
            continue
        coeffs = term.pairs(problem)
        if coeffs is None:
            if not modelled(problem, term, w):
                rest[term.name] = 0
                b = terms_bound(problem, [(term, w)])
                bound = None if b is None or bound is None else bound + b
            continue
        rest[term.name] = 0
        for key, c in coeffs.items():
            pairs[key] = pairs.get(key, 0) + w * c
        if w > 0 and bound is not None:
            ub = term.upper_bound(problem)
            bound = None if ub is None else bound + w * ub
    return rest, {k: c for k, c in pairs.items() if c}, bound


def _pair_columns(prog: LinearProgram, problem: Problem, coeffs: dict[tuple[int, int], int],
                  xcol: dict[tuple[int, int], int]) -> None:
    """The pair terms (``wishes``) in the LP: for a pair ``{a, b}`` of coefficient ``c > 0``
    (a negative one never adds: left out, an upper bound still), with ``R_a`` the ideas
    ``a`` has an ``x`` column for and ``X_a = sum_{p in R_a} x[a,p]``::

        y[p] <= x[a,p], y[p] <= x[b,p]        p in R_a & R_b (together on p)
        e <= sum_{p in R_a - R_b} x[a,p], e <= 1 - X_b     (on an idea of R_a only)
        f <= sum_{p in R_b - R_a} x[b,p], f <= 1 - X_a     (on an idea of R_b only)
        r <= 1 - X_a, r <= 1 - X_b                          (on an idea of neither)
        g = sum_p y[p] + e + f + r <= 1,      objective + c g

    On an integer solution exactly one of the cases holds when ``a`` and ``b`` share a team
    (``g = 1``) and ``g = 0`` fits otherwise: a relaxation, so the bound stays proven."""
    inf = math.inf
    col, row = prog.col, prog.row
    ranked: dict[int, dict[int, int]] = {}
    for (si, pi), j in xcol.items():
        ranked.setdefault(si, {})[pi] = j
    for (a, b), c in coeffs.items():
        if c <= 0:
            continue
        ra, rb = ranked.get(a, {}), ranked.get(b, {})
        g: list[tuple[int, float]] = []
        for pi in ra.keys() & rb.keys():
            y = col(float(c), 0.0, 1.0)
            row([(y, 1.0), (ra[pi], -1.0)], -inf, 0.0)
            row([(y, 1.0), (rb[pi], -1.0)], -inf, 0.0)
            g.append((y, 1.0))
        xa = [(j, 1.0) for j in ra.values()]
        xb = [(j, 1.0) for j in rb.values()]
        for own, other, other_all in ((ra, rb, xb), (rb, ra, xa)):
            only = [(j, -1.0) for pi, j in own.items() if pi not in other]
            if only:
                e = col(float(c), 0.0, 1.0)
                row([(e, 1.0)] + only, -inf, 0.0)
                row([(e, 1.0)] + other_all, -inf, 1.0)
                g.append((e, 1.0))
        r = col(float(c), 0.0, 1.0)
        row([(r, 1.0)] + xa, -inf, 1.0)
        row([(r, 1.0)] + xb, -inf, 1.0)
        g.append((r, 1.0))
        row(g, -inf, 1.0)


def dual_bound(prog: LinearProgram, row_dual: np.ndarray) -> float:
    """A proven upper bound on ``max cost . x + offset`` over ``prog``'s feasible points from
    *any* row multipliers ``row_dual`` (converged or not, of either sign convention: the
    better of ``y`` and ``-y`` is taken), ``inf`` when neither gives a finite one.

    Model: for a feasible ``x`` and any ``y``, ``cost . x = (cost - A^T y) . x + y . A x``;
    the first sum is at most ``sum_j max(d_j lo_j, d_j hi_j)`` and the second at most
    ``sum_i max(y_i rlo_i, y_i rhi_i)`` (``y_i`` is set to 0 where the side it needs is
    infinite). The sums are in float64 over small integers; the caller's rounding margin covers
    their error, and a margin of ``1e-9`` of the absolute terms is added here.
    """
    a = prog.matrix()
    cost = np.asarray(prog.cost, dtype=float)
    lo, hi = np.asarray(prog.lo, dtype=float), np.asarray(prog.hi, dtype=float)
    rlo, rhi = np.asarray(prog.rlo, dtype=float), np.asarray(prog.rhi, dtype=float)
    col = np.repeat(np.arange(a.shape[1]), np.diff(a.start))
    best = math.inf
    for sign in (1.0, -1.0):
        y = sign * np.asarray(row_dual, dtype=float)
        y = np.where((y > 0) & ~np.isfinite(rhi), 0.0, y)
        y = np.where((y < 0) & ~np.isfinite(rlo), 0.0, y)
        with np.errstate(invalid="ignore"):
            rows = np.where(y > 0, y * rhi, np.where(y < 0, y * rlo, 0.0))
        d = cost - np.bincount(col, weights=a.value * y[a.index], minlength=a.shape[1])
        with np.errstate(invalid="ignore"):
            cols = np.where(d > 0, d * hi, np.where(d < 0, d * lo, 0.0))
        if not (np.all(np.isfinite(cols)) and np.all(np.isfinite(rows))):
            continue
        total = float(rows.sum() + cols.sum()) + prog.offset
        size = float(np.abs(rows).sum() + np.abs(cols).sum()) + abs(prog.offset)
        best = min(best, total + 1e-9 * size)
    return best


class _Relaxation(LinearProgram):
    """The aggregated LP (module docstring), with the rules' rows
    (:meth:`~matcher.constraints.base.Constraint.linear_rows`): also the
    :class:`~matcher.constraints.faces.LinearModel` they are added through. Rules without
    rows are left out (a relaxation still)."""

    #: a relaxation: the rules' rows need only admit every valid assignment
    exact = False

    def __init__(self, problem: Problem, weights: Mapping[str, int], *,
                 dense: bool = False) -> None:
        from matcher.registry import make_constraints

        super().__init__()
        parts = objective_parts(problem, weights)
        faces = rule_faces(problem)
        self.problem = problem
        self.offset = float(parts.offset)
        attrs = parts.distinct
        students, projects = problem.students, problem.projects
        n, n_p = len(students), len(projects)
        pindex = problem.project_index
        pinned = faces.students
        forbidden: dict[int, set[int]] = {}
        if pinned:
            for c in make_constraints(problem):
                for si, pi in c.forbidden_pairs(problem):
                    if si in pinned:
                        forbidden.setdefault(si, set()).add(pi)
        # columns: every ranked pair, every pair worth positive points (a previous idea),
        # every idea of a student a rule names (none forbidden), every pair when dense
        options: list[set[int]] = [{pindex[pid] for pid in s.preferences if pid in pindex}
                                   for s in students]
        for (si, pi), c in parts.gains.items():
            if c > 0:
                options[si].add(pi)
        inf = math.inf
        col, row = self.col, self.row
        self.xcol: dict[tuple[int, int], int] = {}
        self.pinned = pinned
        by_project: list[list[int]] = [[] for _ in range(n_p)]
        by_student: list[list[int]] = [[] for _ in range(n)]
        for si in range(n):
            if dense or si in pinned:
                chosen = [pi for pi in range(n_p) if pi not in forbidden.get(si, ())]
            else:
                chosen = sorted(options[si])
            for pi in chosen:
                j = col(float(parts.gains.get((si, pi), 0)), 0.0, 1.0)
                self.xcol[si, pi] = j
                by_project[pi].append(j)
                by_student[si].append(j)
        # finite upper bounds (implied by the rows) make every row dual a proven bound
        # (:func:`dual_bound`)
        ucol = [col(0.0, 0.0, float(p.max_size)) for p in projects]
        self.ocol = ocol = [col(0.0, 0.0 if p.optional else 1.0, 1.0) for p in projects]
        for si in range(n):
            if si in pinned and not dense:
                row([(j, 1.0) for j in by_student[si]], 1.0, 1.0)
            elif len(by_student[si]) > 1:
                row([(j, 1.0) for j in by_student[si]], -inf, 1.0)
        row([(j, 1.0) for js in by_student for j in js] + [(j, 1.0) for j in ucol], n, n)
        for pi, p in enumerate(projects):
            members = [(j, 1.0) for j in by_project[pi]] + [(ucol[pi], 1.0)]
            if p.optional:
                row(members + [(ocol[pi], -float(p.max_size))], -inf, 0.0)
                row(members + [(ocol[pi], -float(p.min_size))], 0.0, inf)
            else:  # open[p] = 1: one ranged row
                row(members, float(p.min_size), float(p.max_size))
            for sid in p.proposers:
                j = self.xcol.get((problem.student_index[sid], pi))
                if j is not None:
                    row([(j, 1.0), (ocol[pi], -1.0)], 0.0, inf)
        self.attr_weight = dict(attrs)
        self.u_cols: dict[tuple[int, str, object], int] = {}
        self._holders: dict[tuple[str, object], list[list[int]]] = {}
        self.hascol: dict[tuple[int, str, object], int] = {}
        for attr in list(attrs) + [a for a in faces.attributes if a not in attrs]:
            groups = problem.groups(attr)
            known = {si for members in groups.values() for si in members}
            buckets: dict[object, list[int]] = dict(groups)
            unknown = [si for si in range(n) if si not in known]
            if unknown:
                buckets[None] = unknown
            per_project: list[list[int]] = [[] for _ in range(n_p)]
            for value, members in buckets.items():
                member_set = set(members)
                us = []
                for pi in range(n_p):
                    j = col(0.0, 0.0, float(min(projects[pi].max_size, len(members))))
                    self.u_cols[pi, attr, value] = j
                    us.append(j)
                    per_project[pi].append(j)
                holders: list[list[int]] = [[] for _ in range(n_p)]
                for (si, pi), j in self.xcol.items():
                    if si in member_set:
                        holders[pi].append(j)
                self._holders[attr, value] = holders
                row([(j, 1.0) for j in us] + [(j, 1.0) for hs in holders for j in hs],
                    len(members), len(members))
            for pi in range(n_p):
                row([(j, 1.0) for j in per_project[pi]] + [(ucol[pi], -1.0)], 0.0, 0.0)
        for attr in attrs:
            for value in problem.groups(attr):
                for pi in range(n_p):
                    self.present(pi, attr, value)
        for c in faces.modelled:
            c.linear_rows(self)

    # -- the LinearModel the rules' rows are added through
    def x(self, si: int, pi: int) -> int | None:
        """Column of student ``si`` on idea ``pi`` (every idea they may join when named)."""
        return self.xcol.get((si, pi))

    def count(self, pi: int, attribute: str, value: object) -> list[tuple[int, float]]:
        """Members of ``pi`` holding ``value``: their ``x`` and ``u[a,v,p]``."""
        holders = self._holders[attribute, value]
        return [(j, 1.0) for j in holders[pi]] + [(self.u_cols[pi, attribute, value], 1.0)]

    def present(self, pi: int, attribute: str, value: object) -> int | None:
        """``has[a,v,p]``, worth the attribute's coverage weight, at most the count and
        ``open[p]``."""
        key = (pi, attribute, value)
        if key not in self.hascol:
            h = self.col(float(self.attr_weight.get(attribute, 0)), 0.0, 1.0)
            self.hascol[key] = h
            self.row([(h, 1.0)] + [(j, -v) for j, v in self.count(pi, attribute, value)],
                     -math.inf, 0.0)
            if self.problem.projects[pi].optional:  # else open[p] = 1: has <= 1, its bound
                self.row([(h, 1.0), (self.ocol[pi], -1.0)], -math.inf, 0.0)
        return self.hascol[key]

    def open(self, pi: int) -> int:
        """Column of ``open[pi]``."""
        return self.ocol[pi]

    def aux_col(self, cost: float, low: float, high: float,
                value: Callable[[Mapping[int, list[int]]], float]) -> int:
        """A new (continuous) column; ``value`` is not needed by a relaxation."""
        return self.col(cost, low, high)


def lp_bound_reason(problem: Problem, weights: Mapping[str, int] | None = None
                    ) -> str | None:
    """Why :func:`lp_bound` does not apply to ``problem`` with ``weights``, or ``None``
    when it does: students may stay without a team (the ``assignment`` rule's linear face
    says so), or a term has no decomposition the relaxation reads. Other rules without rows
    are left out of the relaxation, which stays a proven bound."""
    reason = rule_faces(problem).missing.get("assignment")
    if reason is not None:
        return f"rule 'assignment': {reason}"
    parts = objective_parts(problem, weights)
    for name, reason in parts.missing.items():
        return f"term {name!r}: {reason}"
    if parts.pairs:
        return "pairs of members: set them apart first (pair_terms)"
    return None


def supports_lp_bound(problem: Problem, weights: Mapping[str, int] | None = None) -> bool:
    """True when :func:`lp_bound` applies (:func:`lp_bound_reason` has no reason): every
    student must be placed and every weighted term decomposes into points per placement or
    distinct values of positive weight."""
    return lp_bound_reason(problem, weights) is None


def lp_bound(problem: Problem, weights: Mapping[str, int] | None = None, *,
             time_limit: float | None = None, threads: int = 1,
             stop: threading.Event | None = None, dense: bool = False,
             method: str = "simplex", deadline: float | None = None) -> LpBound:
    """Solve the aggregated LP relaxation (module docstring) with HiGHS.

    Parameters
    ----------
    problem, weights:
        As for :func:`matcher.solve`; :func:`supports_lp_bound` must hold.
    time_limit:
        Seconds for HiGHS; ``bound`` is ``None`` when it runs out.
    threads:
        HiGHS threads.
    stop:
        Setting this event interrupts HiGHS (``bound`` is then ``None``).
    dense:
        Give every (student, idea) pair its own ``x`` (unranked ones earn 0 points): the plain
        LP relaxation, tighter than the aggregated one, for small problems.
    deadline:
        A ``time.perf_counter()`` instant HiGHS must end by (its time limit is set from it
        once the LP is built, so that the build counts too); ``bound`` is ``None`` if reached.
    method:
        ``"simplex"`` (HiGHS's default, an exact basic solution) or ``"ipm"`` (interior point,
        no crossover: much faster on large cohorts; HiGHS reports it optimal only within its
        relative optimality tolerance 1e-8, which the rounding margin covers).

    Model: see the module docstring; the result is ``floor`` of the LP optimum plus a safety
    margin, a proven upper bound.
    """
    import highspy

    start = time.perf_counter()
    rest, pair_coeffs, _ = pair_terms(problem, weights)
    if not supports_lp_bound(problem, rest):
        raise ValueError("the LP bound does not model this problem's objective "
                         f"({lp_bound_reason(problem, rest)})")
    # the terms it does not model (pairwise, blau...) by their own bounds
    extra = terms_bound(problem, unmodelled_terms(problem, weights))
    if extra is None:
        return LpBound(bound=None, seconds=time.perf_counter() - start)
    prog = _Relaxation(problem, rest, dense=dense)
    xcol, u_cols, ocol = prog.xcol, prog.u_cols, prog.ocol
    _pair_columns(prog, problem, pair_coeffs, xcol)

    h = quiet_highs()
    h.setOptionValue("threads", max(1, threads))
    # HiGHS's presolve hears neither the time limit nor a stop: at 600 x 200 it spent 2.4 s of
    # a 0.3 s limit (0.6 s without it), at 10,000 x 1,000 18-27 s in its search for
    # dependent equations; the solve takes about as long without it (6.0 s / 6.3 s simplex)
    h.setOptionValue("presolve", "off")
    if method == "ipm":
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("run_crossover", "off")
    if deadline is not None:
        left = deadline - time.perf_counter()
        if left <= 0:
            return LpBound(bound=None, seconds=time.perf_counter() - start)
        time_limit = left if time_limit is None else min(float(time_limit), left)
    if time_limit is not None:
        h.setOptionValue("time_limit", max(0.01, float(time_limit)))
    lp = prog.to_highs(maximize=True)
    h.passModel(lp)
    if stop is not None:
        def interrupt(e: object) -> None:
            if stop.is_set():
                e.data_in.user_interrupt = True  # type: ignore[attr-defined]

        h.cbSimplexInterrupt.subscribe(interrupt)
        h.cbIpmInterrupt.subscribe(interrupt)
    if stop is not None and stop.is_set():
        return LpBound(bound=None, seconds=time.perf_counter() - start)
    try:
        run_highs(h)  # (its own thread: whatever ran HiGHS in this one before)
    except HighsRunError:
        return LpBound(bound=None, seconds=time.perf_counter() - start)
    seconds = time.perf_counter() - start
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return LpBound(bound=None, seconds=seconds)
    z = h.getInfo().objective_function_value
    bound = math.floor(z + 1e-6 * abs(z) + 1e-3) + extra
    sol = np.array(h.getSolution().col_value)
    ranked = {pair: float(sol[j]) for pair, j in xcol.items() if sol[j] > 1e-6}
    unranked = {key: float(sol[j]) for key, j in u_cols.items() if sol[j] > 1e-6}
    return LpBound(bound=bound, value=z, seconds=seconds, ranked=ranked, unranked=unranked,
                   open=[float(sol[j]) for j in ocol])


def _program(problem: Problem, weights: Mapping[str, int] | None = None, *,
             dense: bool = False) -> _Relaxation:
    """The LP of :func:`lp_bound` (the pair terms' columns included), built, not solved."""
    rest, pair_coeffs, _ = pair_terms(problem, weights)
    if not supports_lp_bound(problem, rest):
        raise ValueError("the LP bound does not model this problem's objective "
                         f"({lp_bound_reason(problem, rest)})")
    prog = _Relaxation(problem, rest, dense=dense)
    _pair_columns(prog, problem, pair_coeffs, prog.xcol)
    return prog


def pdlp_bounds(problem: Problem, weights: Mapping[str, int] | None = None, *,
                deadline: float, round_s: tuple[float, float] = thresholds.PDLP_ROUND,
                margin: float = 1.0) -> Iterator[LpBound]:
    """Ever better proven bounds of the aggregated LP by HiGHS's first-order solver (PDLP), in
    rounds that end ``margin`` seconds before ``deadline`` (a ``time.perf_counter()``
    instant), until PDLP converges: the first takes half the time left, within ``round_s``
    (shortest, longest), each later one twice as long as the one before.

    Each round's bound is :func:`dual_bound` of the duals PDLP stopped at, converged or not:
    a proven bound whatever their accuracy; at 10,000 x 1,000 they come close to the LP's
    optimum long before the interior point ends (benchmarks/results/large_gap_components.md).
    Each round resumes from the previous one's iterate
    (HiGHS keeps it); only improved bounds are yielded, with ``optimal`` False (no primal
    values are kept).
    """
    import highspy

    start = time.perf_counter()
    prog = _program(problem, weights)
    h = quiet_highs()
    h.setOptionValue("threads", 1)
    h.setOptionValue("presolve", "off")  # see lp_bound
    h.setOptionValue("solver", "pdlp")
    h.passModel(prog.to_highs(maximize=True))
    best: int | None = None
    left = deadline - time.perf_counter() - margin
    limit = min(max(left / 2, round_s[0]), round_s[1])
    while True:
        left = deadline - time.perf_counter() - margin
        if left <= 0.05:
            return
        h.setOptionValue("time_limit", min(limit, left))
        try:
            run_highs(h)
        except HighsRunError:
            return
        limit *= 2
        solution = h.getSolution()
        if solution.dual_valid:
            z = dual_bound(prog, np.asarray(solution.row_dual))
            if math.isfinite(z):
                bound = math.floor(z + 1e-6 * abs(z) + 1e-3)
                if best is None or bound < best:
                    best = bound
                    yield LpBound(bound=bound, value=z, seconds=time.perf_counter() - start,
                                  optimal=False)
        if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            return
