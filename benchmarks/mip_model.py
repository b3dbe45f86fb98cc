"""The plain MIP model of the default objective, as a user with a MIP solver would write it.

Variables (all binary): ``x[s,p]`` for every student and project (dense, no pruning),
``open[p]``, ``y[p,d]`` (team ``p`` has discipline ``d``) and ``z[p,i]`` (institution ``i``).

Model::

    max  sum_{s,p} points(s,p) x[s,p] + W_d sum_{p,d} y[p,d] + W_i sum_{p,i} z[p,i]
    s.t. sum_p x[s,p] = 1                                  (each student on one team)
         min_p open[p] <= sum_s x[s,p] <= max_p open[p]    (size if open, 0 if closed)
         open[p] = 1 for a mandatory idea
         x[s,p] >= open[p] for a proposer s of p
         y[p,d] <= sum_{s in d} x[s,p],  z[p,i] <= sum_{s in i} x[s,p]

and the rows of the configurable rules the problem sets (``rules_bench.py``)::

    max_per_value {a = k}:  sum_{s with value v of a} x[s,p] <= k     for every p and v
    min_distinct {a = k}:   sum_v has[p,v] >= k open[p]               (a: discipline or
                            institution; has = y or z, whose links above make them exact
                            enough: has[p,v] = 1 only if some member holds v)
    keep_together [g]:      x[g0,p] - x[s,p] = 0                      for every s in g, p
    keep_apart [g]:         sum_{s in g} x[s,p] <= 1                  for every p

The same matrix goes to HiGHS (``highspy``) and, row by row, to a default CP-SAT model: the
"plain" competitors of ``scale_bench.py``. Only the default terms and the rules above are
modelled; :func:`build_mip` refuses a problem with any other configurable rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.problem import Problem
from matcher.registry import effective_weights


@dataclass
class Mip:
    """A MIP in row-wise triplets: ``row_lo <= A x <= row_hi``, ``col_lo <= x <= col_hi``."""

    n_students: int
    n_projects: int
    cost: np.ndarray
    col_lo: np.ndarray
    col_hi: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    row_lo: np.ndarray
    row_hi: np.ndarray

    @property
    def n_cols(self) -> int:
        return len(self.cost)

    @property
    def n_rows(self) -> int:
        return len(self.row_lo)

    def assignment(self, problem: Problem, values: np.ndarray) -> dict[str, str | None]:
        """Decode ``x`` from a solution vector (the largest ``x[s,.]`` per student)."""
        n, p = self.n_students, self.n_projects
        x = np.asarray(values[: n * p]).reshape(n, p)
        best = x.argmax(axis=1)
        return {s.id: (problem.projects[best[i]].id if x[i, best[i]] > 0.5 else None)
                for i, s in enumerate(problem.students)}


def build_mip(problem: Problem) -> Mip:
    """The dense MIP of ``problem`` (default rules and the preference/coverage terms)."""
    w = effective_weights(problem)
    n, P = len(problem.students), len(problem.projects)
    disc = {v: k for k, v in enumerate(problem.groups("discipline"))}
    inst = {v: k for k, v in enumerate(problem.groups("institution"))}
    n_disc, n_inst = len(disc), len(inst)
    nx_, o0 = n * P, n * P
    y0 = o0 + P
    z0 = y0 + P * n_disc
    n_cols = z0 + P * n_inst
    cost = np.zeros(n_cols)
    pts = np.zeros((n, P))
    pindex = problem.project_index
    for si, s in enumerate(problem.students):
        for pid in s.preferences:
            pts[si, pindex[pid]] = problem.points(s, pid)
    cost[:nx_] = w.get("preference", 0) * pts.ravel()
    cost[y0:z0] = w.get("discipline", 0)
    cost[z0:] = w.get("institution", 0)
    col_lo = np.zeros(n_cols)
    col_hi = np.ones(n_cols)
    for pi, p in enumerate(problem.projects):
        if not p.optional:
            col_lo[o0 + pi] = 1
    s_idx = np.arange(n)
    p_idx = np.arange(P)
    xcol = (s_idx[:, None] * P + p_idx[None, :])  # n x P
    rows, cols, vals, lo, hi = [], [], [], [], []
    r = 0
    # assignment rows
    rows.append(np.repeat(np.arange(n), P))
    cols.append(xcol.ravel())
    vals.append(np.ones(n * P))
    lo.append(np.ones(n))
    hi.append(np.ones(n))
    r += n
    # size rows: sum_s x - max open <= 0 ; sum_s x - min open >= 0
    mx = np.array([p.max_size for p in problem.projects], float)
    mn = np.array([p.min_size for p in problem.projects], float)
    for coef, low, high in ((mx, -np.inf, 0.0), (mn, 0.0, np.inf)):
        rows.append(r + np.tile(p_idx, n))
        cols.append(xcol.ravel())
        vals.append(np.ones(n * P))
        rows.append(r + p_idx)
        cols.append(o0 + p_idx)
        vals.append(-coef)
        lo.append(np.full(P, low))
        hi.append(np.full(P, high))
        r += P
    # coverage links: y[p,d] - sum_{s in d} x[s,p] <= 0
    for base, table, attr in ((y0, disc, "discipline"), (z0, inst, "institution")):
        k = len(table)
        code = np.array([table.get(s.value(attr), -1) if s.value(attr) is not None else -1
                         for s in problem.students])
        known = code >= 0
        ss = np.repeat(s_idx[known], P)
        pp = np.tile(p_idx, int(known.sum()))
        rows.append(r + pp * k + np.repeat(code[known], P))
        cols.append(ss * P + pp)
        vals.append(-np.ones(len(ss)))
        rows.append(r + np.arange(P * k))
        cols.append(base + np.arange(P * k))
        vals.append(np.ones(P * k))
        lo.append(np.full(P * k, -np.inf))
        hi.append(np.zeros(P * k))
        r += P * k
    # proposers: x[s,p] - open[p] >= 0
    prop = [(problem.student_index[sid], pi) for pi, p in enumerate(problem.projects)
            for sid in p.proposers]
    if prop:
        m = len(prop)
        rows.append(np.repeat(r + np.arange(m), 2))
        cols.append(np.array([c for si, pi in prop for c in (si * P + pi, o0 + pi)]))
        vals.append(np.tile([1.0, -1.0], m))
        lo.append(np.zeros(m))
        hi.append(np.full(m, np.inf))
        r += m
    r = _rule_rows(problem, r, rows, cols, vals, lo, hi,
                   presence={"discipline": (y0, disc), "institution": (z0, inst)}, o0=o0)
    return Mip(n, P, cost, col_lo, col_hi,
               np.concatenate(rows).astype(np.int64), np.concatenate(cols).astype(np.int64),
               np.concatenate(vals), np.concatenate(lo), np.concatenate(hi))


_MODELLED_RULES = {"max_per_value", "min_distinct", "keep_together", "keep_apart"}


def _rule_rows(problem: Problem, r: int, rows: list, cols: list, vals: list, lo: list,
               hi: list, presence: dict[str, tuple[int, dict]], o0: int) -> int:
    """Append the rows of the configurable rules (see the module docstring); the next row."""
    rules = problem.rules
    unknown = sorted(name for name, value in rules.model_dump().items()
                     if value and name not in _MODELLED_RULES)
    if unknown:
        raise NotImplementedError(f"mip_model does not model the rule(s) {unknown}")
    P = len(problem.projects)
    p_idx = np.arange(P)
    index = problem.student_index
    for attribute, k in rules.max_per_value.items():
        for members in problem.groups(attribute).values():
            if len(members) <= k:
                continue
            ms = np.asarray(members)
            rows.append(r + np.tile(p_idx, ms.size))
            cols.append((ms[:, None] * P + p_idx[None, :]).ravel())
            vals.append(np.ones(ms.size * P))
            lo.append(np.full(P, -np.inf))
            hi.append(np.full(P, float(k)))
            r += P
    for attribute, k in rules.min_distinct.items():
        if attribute not in presence:
            raise NotImplementedError(f"mip_model: min_distinct on {attribute!r}")
        base, table = presence[attribute]
        n_values = len(table)
        rows.append(r + np.repeat(p_idx, n_values))
        cols.append(base + np.arange(P * n_values))
        vals.append(np.ones(P * n_values))
        rows.append(r + p_idx)
        cols.append(o0 + p_idx)
        vals.append(np.full(P, -float(k)))
        lo.append(np.zeros(P))
        hi.append(np.full(P, np.inf))
        r += P
    for group in rules.keep_together:
        first = index[group[0]]
        for sid in group[1:]:
            other = index[sid]
            rows.append(np.repeat(r + p_idx, 2))
            cols.append(np.column_stack([first * P + p_idx, other * P + p_idx]).ravel())
            vals.append(np.tile([1.0, -1.0], P))
            lo.append(np.zeros(P))
            hi.append(np.zeros(P))
            r += P
    for group in rules.keep_apart:
        ms = np.asarray([index[sid] for sid in group])
        rows.append(r + np.tile(p_idx, ms.size))
        cols.append((ms[:, None] * P + p_idx[None, :]).ravel())
        vals.append(np.ones(ms.size * P))
        lo.append(np.full(P, -np.inf))
        hi.append(np.ones(P))
        r += P
    return r
