"""Compiled (numba) kernels of the iterated tabu search for pairwise-diversity grouping.

Private module: :mod:`matcher.mdgp.local_search` is the public face. Everything here works on
plain arrays and mutates the state arrays it is given, so that a search can be run in short
chunks (numba cannot read the clock) and resumed.

State layout
------------
``a[n]``        current group of every element
``size[m]``     current group sizes
``gt[m, n]``    gain matrix, transposed: ``gt[g, k] = sum_{j in g} d[k, j]``
``tabu[n, m]``  iteration until which element ``k`` may not re-enter group ``g``
``best_a[n]``   best assignment met so far by this search
``fs``          float state: ``[current f, best f, phase best f]``
``ist``         int state: ``[iteration, last phase improvement, perturbations, exhausted]``
``rng``         one uint64, xorshift64* state
``par``         float parameters: ``[tenure_min, tenure_rand, stagnation, strength_min,
                strength_max]``; ``stagnation`` is the number of iterations without a new
                phase best after which the search perturbs ``best_a``; the strength is a
                fraction of ``n`` (number of random swaps).
"""

from __future__ import annotations

import numpy as np
from numba import njit

_M1 = np.uint64(12)
_M2 = np.uint64(25)
_M3 = np.uint64(27)
_MUL = np.uint64(2685821657736338717)
_S11 = np.uint64(11)
_EPS = 1e-9


@njit(cache=True, nogil=True, inline="always")
def _next(rng):
    x = rng[0]
    x ^= x >> _M1
    x ^= x << _M2
    x ^= x >> _M3
    rng[0] = x
    return np.int64((x * _MUL) >> _S11)


@njit(cache=True, nogil=True)
def randint(rng, k):
    """Uniform integer in ``0 .. k-1``."""
    return _next(rng) % k


@njit(cache=True, nogil=True)
def build_gains(d, a, m):
    """Gain matrix ``gt[g, k] = sum_{j: a[j] = g} d[k, j]``."""
    n = a.shape[0]
    gt = np.zeros((m, n))
    for j in range(n):
        g = a[j]
        for k in range(n):
            gt[g, k] += d[k, j]
    return gt


@njit(cache=True, nogil=True)
def objective_from_gains(gt, a):
    """Objective ``0.5 * sum_k gt[a[k], k]``."""
    s = 0.0
    for k in range(a.shape[0]):
        s += gt[a[k], k]
    return 0.5 * s


@njit(cache=True, nogil=True, inline="always")
def _apply_move(d, a, size, gt, mem, pos, k, g):
    """Move element ``k`` to group ``g``; update gains and member lists."""
    old = a[k]
    n = a.shape[0]
    for j in range(n):
        dk = d[k, j]
        gt[old, j] -= dk
        gt[g, j] += dk
    # member lists: remove k from old (swap with last), append to g
    p = pos[k]
    last = mem[old, size[old] - 1]
    mem[old, p] = last
    pos[last] = p
    mem[g, size[g]] = k
    pos[k] = size[g]
    a[k] = g
    size[old] -= 1
    size[g] += 1


@njit(cache=True, nogil=True)
def reset_state(d, a, size, gt, mem, pos, m):
    """Recompute ``size``, ``gt`` and the member lists from ``a``; return the objective."""
    n = a.shape[0]
    size[:] = 0
    for k in range(n):
        g = a[k]
        mem[g, size[g]] = k
        pos[k] = size[g]
        size[g] += 1
    gt[:, :] = build_gains(d, a, m)
    return objective_from_gains(gt, a)


@njit(cache=True, nogil=True)
def perturb(d, a, size, gt, mem, pos, lo, hi, allowed, rng, strength, move_share):
    """Apply ``strength`` random feasible swaps (a share of them random moves).

    Returns the change in objective.
    """
    n = a.shape[0]
    m = size.shape[0]
    total = 0.0
    done = 0
    tries = 0
    while done < strength and tries < 50 * strength + 100:
        tries += 1
        i = randint(rng, n)
        gi = a[i]
        if randint(rng, 1000) < move_share * 1000.0:
            g = randint(rng, m)
            if g != gi and allowed[i, g] and size[gi] > lo[gi] and size[g] < hi[g]:
                total += gt[g, i] - gt[gi, i]
                _apply_move(d, a, size, gt, mem, pos, i, g)
                done += 1
            continue
        j = randint(rng, n)
        gj = a[j]
        if gj == gi or not allowed[i, gj] or not allowed[j, gi]:
            continue
        delta = gt[gj, i] - gt[gi, i] + gt[gi, j] - gt[gj, j] - 2.0 * d[i, j]
        total += delta
        _apply_move(d, a, size, gt, mem, pos, i, gj)
        _apply_move(d, a, size, gt, mem, pos, j, gi)
        done += 1
    return total


@njit(cache=True, nogil=True)
def tabu_chunk(
    d, lo, hi, allowed, dmin, a, size, gt, mem, pos, tabu, best_a, fs, ist, rng, par, iters
):
    """Run ``iters`` iterations of iterated tabu search; mutate the state in place.

    Each iteration applies the best admissible move (one element changes group) or swap
    (two elements of different groups exchange groups), evaluated exactly from the gains.
    With ``A[k, h] = gt[h, k] - gt[a_k, k]`` (gain of moving ``k`` to ``h``):

    - move ``k -> h``: ``delta = A[k, h]``
    - swap ``i <-> j``: ``delta = A[i, a_j] + A[j, a_i] - 2 d[i, j]``

    The swap scan is pruned exactly: for ``i`` in ``g`` and target group ``h`` no swap can
    beat ``A[i, h] + max_{j in h} A[j, g] - 2 dmin``, so groups whose bound is below the
    best delta found so far are skipped.

    Tabu: after an element changes group it may not change group again (``element_tabu``)
    or re-enter the group it left, for a random tenure, unless that gives a new best
    (aspiration). After ``stagnation`` iterations without a new phase best, the best
    solution is restored and perturbed by random swaps.
    """
    n = a.shape[0]
    m = size.shape[0]
    ten_min = np.int64(par[0])
    ten_rand = max(1, np.int64(par[1]))
    stagnation = np.int64(par[2])
    smin = par[3]
    smax = par[4]
    move_share = par[5]
    element_tabu = par[6] > 0
    cur = fs[0]
    best = fs[1]
    phase_best = fs[2]
    it = ist[0]
    last = ist[1]
    own = np.empty(n)
    maxa = np.empty((m, m))  # maxa[h, g] = max_{j in h} A[j, g]
    arga = np.empty((m, m), dtype=np.int64)
    two_dmin = 2.0 * dmin
    for _ in range(iters):
        it += 1
        for j in range(n):
            own[j] = gt[a[j], j]
        maxa[:, :] = -np.inf
        for j in range(n):
            h = a[j]
            oj = own[j]
            for g in range(m):
                v = gt[g, j] - oj
                if v > maxa[h, g]:
                    maxa[h, g] = v
                    arga[h, g] = j
        bd = -np.inf
        bi = -1
        bj = -1
        bg = -1
        ties = 0
        # moves
        for k in range(n):
            gk = a[k]
            if size[gk] <= lo[gk]:
                continue
            ok = own[k]
            for g in range(m):
                if g == gk or size[g] >= hi[g] or not allowed[k, g]:
                    continue
                delta = gt[g, k] - ok
                if delta < bd - _EPS:
                    continue
                if tabu[k, g] > it and cur + delta <= best + _EPS:
                    continue
                if delta > bd + _EPS:
                    bd = delta
                    bi = k
                    bj = -1
                    bg = g
                    ties = 1
                else:
                    ties += 1
                    if randint(rng, ties) == 0:
                        bi = k
                        bj = -1
                        bg = g
        # seed the swap bound with each group pair's most promising pair, when admissible
        for g in range(m):
            for h in range(g + 1, m):
                i = arga[g, h]
                j = arga[h, g]
                if maxa[g, h] == -np.inf or maxa[h, g] == -np.inf:
                    continue
                if not allowed[i, h] or not allowed[j, g]:
                    continue
                delta = maxa[g, h] + maxa[h, g] - 2.0 * d[i, j]
                if delta <= bd + _EPS:
                    continue
                if (tabu[i, h] > it or tabu[j, g] > it) and cur + delta <= best + _EPS:
                    continue
                bd = delta
                bi = i
                bj = j
                bg = -1
                ties = 1
        # swaps, pruned
        for i in range(n):
            g = a[i]
            oi = own[i]
            for h in range(g + 1, m):
                aih = gt[h, i] - oi
                if aih + maxa[h, g] - two_dmin < bd - _EPS:
                    continue
                if not allowed[i, h]:
                    continue
                ti = tabu[i, h] > it
                if ti and cur + aih + maxa[h, g] - two_dmin <= best + _EPS:
                    continue
                for q in range(size[h]):
                    j = mem[h, q]
                    delta = aih + gt[g, j] - own[j] - 2.0 * d[i, j]
                    if delta < bd - _EPS:
                        continue
                    if not allowed[j, g]:
                        continue
                    if (ti or tabu[j, g] > it) and cur + delta <= best + _EPS:
                        continue
                    if delta > bd + _EPS:
                        bd = delta
                        bi = i
                        bj = j
                        bg = -1
                        ties = 1
                    elif not (bi == i and bj == j) and not (bi == j and bj == i):
                        ties += 1
                        if randint(rng, ties) == 0:
                            bi = i
                            bj = j
                            bg = -1
        if bi < 0:
            # no admissible neighbour: if some are tabu, clear the list and go on;
            # if none exists at all, the search space is a single point: stop
            active = False
            for k in range(n):
                for g in range(m):
                    if tabu[k, g] > it:
                        active = True
            if not active:
                ist[3] = 1
                break
            tabu[:, :] = 0
            continue
        if bj < 0:
            gold = a[bi]
            _apply_move(d, a, size, gt, mem, pos, bi, bg)
            tv = it + ten_min + randint(rng, ten_rand)
            if element_tabu:
                tabu[bi, :] = tv
            else:
                tabu[bi, gold] = tv
        else:
            gi = a[bi]
            gj = a[bj]
            _apply_move(d, a, size, gt, mem, pos, bi, gj)
            _apply_move(d, a, size, gt, mem, pos, bj, gi)
            t1 = it + ten_min + randint(rng, ten_rand)
            t2 = it + ten_min + randint(rng, ten_rand)
            if element_tabu:
                tabu[bi, :] = t1
                tabu[bj, :] = t2
            else:
                tabu[bi, gi] = t1
                tabu[bj, gj] = t2
        cur += bd
        if cur > phase_best + _EPS:
            phase_best = cur
            last = it
        if cur > best + _EPS:
            best = cur
            best_a[:] = a
        if it - last > stagnation:
            # restart from the best solution, perturbed
            a[:] = best_a
            reset_state(d, a, size, gt, mem, pos, m)
            cur = best
            frac = smin + (smax - smin) * (randint(rng, 1000) / 1000.0)
            strength = max(1, np.int64(frac * n + 0.5))
            cur += perturb(d, a, size, gt, mem, pos, lo, hi, allowed, rng, strength, move_share)
            tabu[:, :] = 0
            phase_best = cur
            last = it
            ist[2] += 1
    fs[0] = cur
    fs[1] = best
    fs[2] = phase_best
    ist[0] = it
    ist[1] = last
