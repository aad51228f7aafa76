"""Numba kernels of the multi-round table search (see :mod:`optimiser.rounds`).

The kernels work on the typed records of :mod:`optimiser.rounds_state` (``p``: a ``Problem``, ``s``: a
``Seating``, ``knobs``, ``memory`` and ``walk``), which numba compiles like structs.

The score that the search maximises is::

    sum over rounds and tablemate pairs of w[i, j]
    - w_rep * sum over pairs of C(C-1)/2          (a pair meeting c times costs 0, 1, 3, 6, ...)
    - w_fair * sum over people of R[i]**2         (a person's repeats cost superlinearly)
    - w_change * seats that differ from ``prev``  (prev[k, i] = -1: no previous seat)

``w`` already carries the pair penalties (same organisation, forbidden pairs); ``bad[i, j]`` marks those pairs
so that the search can focus on people in conflict. Moves: swap two people of different tables in one round,
or move one person to another table while the sizes stay within ``lo``/``hi``. The search is a tabu search on
conflicting people (Dotú and Van Hentenryck's scheme for the social golfer problem) with perturbation from
the best plan after a stagnation. All randomness comes from ``Memory.rng`` (:mod:`optimiser.rng`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from optimiser.rng import rand_int
from optimiser.rounds_state import Walk

__all__ = ["rebuild", "score", "search"]


@njit(cache=True)
def rebuild(p, s):  # type: ignore[no-untyped-def]
    """Recompute every running sum of ``s`` from its plan ``s.a``."""
    a, mem, sz, pos, C, R = s.a, s.mem, s.sz, s.pos, s.C, s.R
    r, n = a.shape
    m = sz.shape[1]
    for k in range(r):
        for t in range(m):
            sz[k, t] = 0
        for i in range(n):
            t = a[k, i]
            mem[k, t, sz[k, t]] = i
            pos[k, i] = sz[k, t]
            sz[k, t] += 1
    for i in range(n):
        for j in range(n):
            C[i, j] = p.hist[i, j]
    for k in range(r):
        for t in range(m):
            for u in range(sz[k, t]):
                i = mem[k, t, u]
                for v in range(u + 1, sz[k, t]):
                    j = mem[k, t, v]
                    C[i, j] += 1
                    C[j, i] += 1
    for i in range(n):
        total = 0
        for j in range(n):
            if C[i, j] > 1:
                total += C[i, j] - 1
        R[i] = total
    if p.w_fair == 0.0:
        _build_sums(p.w, s)


@njit(cache=True)
def _build_sums(w, s):  # type: ignore[no-untyped-def]
    a, mem, sz, C, S, Wt = s.a, s.mem, s.sz, s.C, s.S, s.Wt
    r, n = a.shape
    m = sz.shape[1]
    for k in range(r):
        for x in range(n):
            for t in range(m):
                total = 0
                ws = 0.0
                for u in range(sz[k, t]):
                    z = mem[k, t, u]
                    if z != x:
                        total += C[x, z]
                        ws += w[x, z]
                S[k, x, t] = total
                Wt[k, x, t] = ws


@njit(cache=True, inline="always")
def _changed(prev, k, x, before, after):  # type: ignore[no-untyped-def]
    """Change in the count of seats that differ from ``prev`` when x goes from table ``before`` to ``after``."""
    px = prev[k, x]
    if px < 0:
        return 0.0
    return (1.0 if after != px else 0.0) - (1.0 if before != px else 0.0)


@njit(cache=True, inline="always")
def swap_delta_fast(p, s, k, x, y):  # type: ignore[no-untyped-def]
    """As :func:`swap_delta` without the per-person term (``w_fair == 0``), in O(1)."""
    a, sz, S, Wt, w = s.a, s.sz, s.S, s.Wt, p.w
    A = a[k, x]
    B = a[k, y]
    cxy = s.C[x, y]
    drep = (S[k, x, B] - cxy) - (S[k, x, A] - (sz[k, A] - 1)) + (S[k, y, A] - cxy) - (S[k, y, B] - (sz[k, B] - 1))
    dw = Wt[k, x, B] - w[x, y] - Wt[k, x, A] + Wt[k, y, A] - w[y, x] - Wt[k, y, B]
    dchg = _changed(p.prev, k, x, A, B) + _changed(p.prev, k, y, B, A)
    return dw - p.w_rep * drep - p.w_change * dchg


@njit(cache=True, inline="always")
def move_delta_fast(p, s, k, x, t):  # type: ignore[no-untyped-def]
    """As :func:`move_delta` without the per-person term, in O(1)."""
    a, sz, S, Wt = s.a, s.sz, s.S, s.Wt
    A = a[k, x]
    drep = S[k, x, t] - (S[k, x, A] - (sz[k, A] - 1))
    dw = Wt[k, x, t] - Wt[k, x, A]
    return dw - p.w_rep * drep - p.w_change * _changed(p.prev, k, x, A, t)


@njit(cache=True)
def score(p, s):  # type: ignore[no-untyped-def]
    """The full score of the plan (see the module docstring)."""
    a, mem, sz, C, R, w = s.a, s.mem, s.sz, s.C, s.R, p.w
    r, n = a.shape
    m = sz.shape[1]
    div = 0.0
    for k in range(r):
        for t in range(m):
            for u in range(sz[k, t]):
                i = mem[k, t, u]
                for v in range(u + 1, sz[k, t]):
                    div += w[i, mem[k, t, v]]
    rep = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            c = C[i, j]
            if c > 1:
                rep += c * (c - 1) / 2.0
    fair = 0.0
    for i in range(n):
        fair += R[i] * R[i]
    chg = 0.0
    for k in range(r):
        for i in range(n):
            if p.prev[k, i] >= 0 and p.prev[k, i] != a[k, i]:
                chg += 1.0
    return div - p.w_rep * rep - p.w_fair * fair - p.w_change * chg


@njit(cache=True)
def swap_delta(p, s, k, x, y):  # type: ignore[no-untyped-def]
    """Score change when x (table A) and y (table B) swap seats in round k."""
    a, mem, sz, C, R, w = s.a, s.mem, s.sz, s.C, s.R, p.w
    A = a[k, x]
    B = a[k, y]
    dw = 0.0
    drep = 0.0
    dfair = 0.0
    dRx = 0
    dRy = 0
    for u in range(sz[k, A]):
        z = mem[k, A, u]
        if z == x:
            continue
        dw += w[y, z] - w[x, z]
        c1 = C[x, z]  # decreases
        c2 = C[y, z]  # increases
        drep += c2 - (c1 - 1)
        dz = 0
        if c1 >= 2:
            dRx -= 1
            dz -= 1
        if c2 >= 1:
            dRy += 1
            dz += 1
        dfair += 2 * R[z] * dz + dz * dz
    for u in range(sz[k, B]):
        z = mem[k, B, u]
        if z == y:
            continue
        dw += w[x, z] - w[y, z]
        c1 = C[y, z]
        c2 = C[x, z]
        drep += c2 - (c1 - 1)
        dz = 0
        if c1 >= 2:
            dRy -= 1
            dz -= 1
        if c2 >= 1:
            dRx += 1
            dz += 1
        dfair += 2 * R[z] * dz + dz * dz
    dfair += 2 * R[x] * dRx + dRx * dRx + 2 * R[y] * dRy + dRy * dRy
    dchg = _changed(p.prev, k, x, A, B) + _changed(p.prev, k, y, B, A)
    return dw - p.w_rep * drep - p.w_fair * dfair - p.w_change * dchg


@njit(cache=True)
def move_delta(p, s, k, x, t):  # type: ignore[no-untyped-def]
    """Score change when x leaves its table for table t in round k."""
    a, mem, sz, C, R, w = s.a, s.mem, s.sz, s.C, s.R, p.w
    A = a[k, x]
    dw = 0.0
    drep = 0.0
    dfair = 0.0
    dRx = 0
    for u in range(sz[k, A]):
        z = mem[k, A, u]
        if z == x:
            continue
        dw -= w[x, z]
        c = C[x, z]
        drep -= c - 1
        if c >= 2:
            dRx -= 1
            dfair += -2 * R[z] + 1
    for u in range(sz[k, t]):
        z = mem[k, t, u]
        dw += w[x, z]
        c = C[x, z]
        drep += c
        if c >= 1:
            dRx += 1
            dfair += 2 * R[z] + 1
    dfair += 2 * R[x] * dRx + dRx * dRx
    return dw - p.w_rep * drep - p.w_fair * dfair - p.w_change * _changed(p.prev, k, x, A, t)


@njit(cache=True)
def _meet(s, i, j, step, fast):  # type: ignore[no-untyped-def]
    """i and j meet once more (``step = 1``) or once less (``-1``)."""
    C, R = s.C, s.R
    if fast:
        a, S = s.a, s.S
        for k in range(a.shape[0]):
            S[k, i, a[k, j]] += step
            S[k, j, a[k, i]] += step
    c = C[i, j]
    if step > 0:
        if c >= 1:
            R[i] += 1
            R[j] += 1
    else:
        if c >= 2:
            R[i] -= 1
            R[j] -= 1
    C[i, j] = c + step
    C[j, i] = c + step


@njit(cache=True)
def _relocate_sums(w, s, k, x, A, B):  # type: ignore[no-untyped-def]
    """x leaves table A for table B in round k: update everybody's sums of round k."""
    C, S, Wt = s.C, s.S, s.Wt
    n = C.shape[0]
    for z in range(n):
        c = C[z, x]
        S[k, z, A] -= c
        S[k, z, B] += c
        v = w[z, x]
        Wt[k, z, A] -= v
        Wt[k, z, B] += v


@njit(cache=True)
def apply_swap(p, s, k, x, y, fast):  # type: ignore[no-untyped-def]
    """x and y (of different tables) swap seats in round k."""
    a, mem, sz, pos = s.a, s.mem, s.sz, s.pos
    A = a[k, x]
    B = a[k, y]
    for u in range(sz[k, A]):
        z = mem[k, A, u]
        if z != x:
            _meet(s, x, z, -1, fast)
            _meet(s, y, z, 1, fast)
    for u in range(sz[k, B]):
        z = mem[k, B, u]
        if z != y:
            _meet(s, y, z, -1, fast)
            _meet(s, x, z, 1, fast)
    if fast:
        _relocate_sums(p.w, s, k, x, A, B)
        _relocate_sums(p.w, s, k, y, B, A)
    px = pos[k, x]
    py = pos[k, y]
    mem[k, A, px] = y
    mem[k, B, py] = x
    pos[k, x] = py
    pos[k, y] = px
    a[k, x] = B
    a[k, y] = A


@njit(cache=True)
def apply_move(p, s, k, x, t, fast):  # type: ignore[no-untyped-def]
    """x moves to table t in round k."""
    a, mem, sz, pos = s.a, s.mem, s.sz, s.pos
    A = a[k, x]
    for u in range(sz[k, A]):
        z = mem[k, A, u]
        if z != x:
            _meet(s, x, z, -1, fast)
    for u in range(sz[k, t]):
        _meet(s, x, mem[k, t, u], 1, fast)
    if fast:
        _relocate_sums(p.w, s, k, x, A, t)
    px = pos[k, x]
    last = mem[k, A, sz[k, A] - 1]
    mem[k, A, px] = last
    pos[k, last] = px
    sz[k, A] -= 1
    mem[k, t, sz[k, t]] = x
    pos[k, x] = sz[k, t]
    sz[k, t] += 1
    a[k, x] = t


@njit(cache=True, inline="always")
def in_conflict(p, s, k, x):  # type: ignore[no-untyped-def]
    """Whether x meets someone again, a colleague or a forbidden partner at its table in round k."""
    a, mem, sz, C = s.a, s.mem, s.sz, s.C
    A = a[k, x]
    for u in range(sz[k, A]):
        z = mem[k, A, u]
        if z != x and (C[x, z] >= 2 or p.bad[x, z]):
            return True
    return False


@njit(cache=True)
def perturb(p, s, rng, strength, fast):  # type: ignore[no-untyped-def]
    """``strength`` random swaps of movable people (each in a random round); returns the score change."""
    a, movable = s.a, p.movable
    r, n = a.shape
    total = 0.0
    for _ in range(strength):
        k = rand_int(rng, r)
        for _try in range(20):
            x = rand_int(rng, n)
            y = rand_int(rng, n)
            if movable[k, x] and movable[k, y] and a[k, x] != a[k, y]:
                total += swap_delta(p, s, k, x, y)
                apply_swap(p, s, k, x, y, fast)
                break
    return total


@njit(cache=True, inline="always")
def _candidates(p, s, k, rng, limit, cand):  # type: ignore[no-untyped-def]
    """Fill ``cand`` with at most ``limit`` random movable people of round k, those in conflict if any;
    returns how many."""
    n = s.a.shape[1]
    movable = p.movable
    nc = 0
    for i in range(n):
        if movable[k, i] and in_conflict(p, s, k, i):
            cand[nc] = i
            nc += 1
    if nc == 0:
        for i in range(n):
            if movable[k, i]:
                cand[nc] = i
                nc += 1
    lim = nc if nc < limit else limit
    for c in range(lim):  # partial Fisher-Yates
        j = c + rand_int(rng, nc - c)
        tmp = cand[c]
        cand[c] = cand[j]
        cand[j] = tmp
    return lim


@njit(cache=True)
def search(p, knobs, s, memory, walk, iters):  # type: ignore[no-untyped-def]
    """Run at most ``iters`` iterations of the tabu search from ``walk``; ``s`` and ``memory`` change in place.

    Returns ``(iterations done, walk)``: fewer iterations than ``iters`` when the target score is reached.
    """
    a, sz, tabu, best_a, rng = s.a, s.sz, memory.tabu, memory.best_a, memory.rng
    movable = p.movable
    r, n = a.shape
    m = sz.shape[1]
    cand = np.empty(n, dtype=np.int64)
    rounds_list = np.empty(r, dtype=np.int64)
    eps = 1e-9
    cur = walk.score
    best = walk.best
    it = walk.iteration
    last = walk.last_improvement
    tspan = knobs.tenure_max - knobs.tenure_min + 1
    fast = p.w_fair == 0.0
    done = 0
    for _ in range(iters):
        if best >= p.target - eps:
            break
        done += 1
        nr = 0
        if knobs.all_rounds:
            for k in range(r):
                rounds_list[nr] = k
                nr += 1
        else:
            rounds_list[0] = rand_int(rng, r)
            nr = 1
        # the best non-tabu move (or an aspirating one) over the rounds examined; ties broken at random
        bdelta = -np.inf
        bk = -1
        bx = -1
        by = -1
        bt = -1
        ties = 0
        for ri in range(nr):
            k = rounds_list[ri]
            lim = _candidates(p, s, k, rng, knobs.candidates, cand)
            for c in range(lim):
                x = cand[c]
                A = a[k, x]
                xtabu = tabu[k, x] > it
                for y in range(n):
                    if not movable[k, y] or a[k, y] == A:
                        continue
                    if fast:
                        d = swap_delta_fast(p, s, k, x, y)
                    else:
                        d = swap_delta(p, s, k, x, y)
                    if (xtabu or tabu[k, y] > it) and cur + d <= best + eps:
                        continue
                    if d > bdelta + eps:
                        bdelta = d
                        bk, bx, by, bt = k, x, y, -1
                        ties = 1
                    elif d > bdelta - eps:
                        ties += 1
                        if rand_int(rng, ties) == 0:
                            bk, bx, by, bt = k, x, y, -1
                if knobs.moves and sz[k, A] > p.lo[A]:
                    for t in range(m):
                        if t == A or sz[k, t] >= p.hi[t]:
                            continue
                        if fast:
                            d = move_delta_fast(p, s, k, x, t)
                        else:
                            d = move_delta(p, s, k, x, t)
                        if xtabu and cur + d <= best + eps:
                            continue
                        if d > bdelta + eps:
                            bdelta = d
                            bk, bx, by, bt = k, x, -1, t
                            ties = 1
                        elif d > bdelta - eps:
                            ties += 1
                            if rand_int(rng, ties) == 0:
                                bk, bx, by, bt = k, x, -1, t
        if bk >= 0:
            if by >= 0:
                apply_swap(p, s, bk, bx, by, fast)
                tabu[bk, by] = it + knobs.tenure_min + rand_int(rng, tspan)
            else:
                apply_move(p, s, bk, bx, bt, fast)
            tabu[bk, bx] = it + knobs.tenure_min + rand_int(rng, tspan)
            cur += bdelta
        if cur > best + eps:
            best = cur
            best_a[:, :] = a
            last = it
        elif it - last > knobs.stagnation:
            if knobs.from_best:
                a[:, :] = best_a
                rebuild(p, s)
                cur = best
            cur += perturb(p, s, rng, knobs.perturb, fast)
            tabu[:, :] = 0
            last = it
        it += 1
    return done, Walk(it, last, cur, best)
