"""Numba kernels of the multi-round table search (see :mod:`optimiser.rounds`).

State of a plan with ``r`` rounds, ``n`` people and ``m`` tables per round:

* ``a[k, i]``: table of person ``i`` in round ``k``;
* ``mem[k, t, :sz[k, t]]``: the people at table ``t`` in round ``k``; ``pos[k, i]`` is the slot of ``i``;
* ``C[i, j]``: how often ``i`` and ``j`` meet (history included), ``R[i]`` = sum over j of max(0, C[i, j] - 1).

The score that the search maximises is::

    sum over rounds and tablemate pairs of w[i, j]
    - w_rep * sum over pairs of C(C-1)/2          (a pair meeting c times costs 0, 1, 3, 6, ...)
    - w_fair * sum over people of R[i]**2         (a person's repeats cost superlinearly)
    - w_change * seats that differ from ``prev``  (prev[k, i] = -1: no previous seat)

``w`` already carries the pair penalties (same organisation, forbidden pairs); ``bad[i, j]`` marks those pairs
so that the search can focus on people in conflict. Moves: swap two people of different tables in one round,
or move one person to another table while the sizes stay within ``lo``/``hi``. The search is a tabu search on
conflicting people (Dotú and Van Hentenryck's scheme for the social golfer problem) with perturbation from
the best plan after a stagnation.
"""

from __future__ import annotations

import numpy as np
from numba import njit

# fparams indices
F_REP, F_FAIR, F_CHANGE, F_TARGET = 0, 1, 2, 3
# istate indices
I_IT, I_LAST, I_TMIN, I_TMAX, I_STAG, I_NCAND, I_ALLROUNDS, I_PERTURB, I_MOVES, I_FROMBEST = range(10)
# fstate indices
S_CUR, S_BEST = 0, 1


@njit(cache=True)
def rebuild(a, hist, mem, sz, pos, C, R):  # type: ignore[no-untyped-def]
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
            C[i, j] = hist[i, j]
    for k in range(r):
        for t in range(m):
            for u in range(sz[k, t]):
                i = mem[k, t, u]
                for v in range(u + 1, sz[k, t]):
                    j = mem[k, t, v]
                    C[i, j] += 1
                    C[j, i] += 1
    for i in range(n):
        s = 0
        for j in range(n):
            if C[i, j] > 1:
                s += C[i, j] - 1
        R[i] = s


@njit(cache=True)
def build_sums(a, mem, sz, C, w, S, Wt):  # type: ignore[no-untyped-def]
    """``S[k, x, t]`` = sum of C[x, z] and ``Wt[k, x, t]`` = sum of w[x, z] over the z != x at table t in round
    k (the fast path: with them a move or swap is scored in O(1))."""
    r, n = a.shape
    m = sz.shape[1]
    for k in range(r):
        for x in range(n):
            for t in range(m):
                s = 0
                ws = 0.0
                for u in range(sz[k, t]):
                    z = mem[k, t, u]
                    if z != x:
                        s += C[x, z]
                        ws += w[x, z]
                S[k, x, t] = s
                Wt[k, x, t] = ws


@njit(cache=True)
def swap_delta_fast(k, x, y, a, sz, C, w, prev, S, Wt, fparams):  # type: ignore[no-untyped-def]
    """As :func:`swap_delta` without the per-person term (``w_fair == 0``), in O(1)."""
    A = a[k, x]
    B = a[k, y]
    cxy = C[x, y]
    drep = (S[k, x, B] - cxy) - (S[k, x, A] - (sz[k, A] - 1)) + (S[k, y, A] - cxy) - (S[k, y, B] - (sz[k, B] - 1))
    dw = Wt[k, x, B] - w[x, y] - Wt[k, x, A] + Wt[k, y, A] - w[y, x] - Wt[k, y, B]
    dchg = 0.0
    px = prev[k, x]
    if px >= 0:
        dchg += (1.0 if B != px else 0.0) - (1.0 if A != px else 0.0)
    py = prev[k, y]
    if py >= 0:
        dchg += (1.0 if A != py else 0.0) - (1.0 if B != py else 0.0)
    return dw - fparams[F_REP] * drep - fparams[F_CHANGE] * dchg


@njit(cache=True)
def move_delta_fast(k, x, t, a, sz, prev, S, Wt, fparams):  # type: ignore[no-untyped-def]
    A = a[k, x]
    drep = S[k, x, t] - (S[k, x, A] - (sz[k, A] - 1))
    dw = Wt[k, x, t] - Wt[k, x, A]
    dchg = 0.0
    px = prev[k, x]
    if px >= 0:
        dchg += (1.0 if t != px else 0.0) - (1.0 if A != px else 0.0)
    return dw - fparams[F_REP] * drep - fparams[F_CHANGE] * dchg


@njit(cache=True)
def score(a, mem, sz, C, R, w, prev, fparams):  # type: ignore[no-untyped-def]
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
            if prev[k, i] >= 0 and prev[k, i] != a[k, i]:
                chg += 1.0
    return div - fparams[F_REP] * rep - fparams[F_FAIR] * fair - fparams[F_CHANGE] * chg


@njit(cache=True)
def swap_delta(k, x, y, a, mem, sz, C, R, w, prev, fparams):  # type: ignore[no-untyped-def]
    """Score change when x (table A) and y (table B) swap seats in round k."""
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
    dchg = 0.0
    px = prev[k, x]
    if px >= 0:
        dchg += (1.0 if B != px else 0.0) - (1.0 if A != px else 0.0)
    py = prev[k, y]
    if py >= 0:
        dchg += (1.0 if A != py else 0.0) - (1.0 if B != py else 0.0)
    return dw - fparams[F_REP] * drep - fparams[F_FAIR] * dfair - fparams[F_CHANGE] * dchg


@njit(cache=True)
def move_delta(k, x, t, a, mem, sz, C, R, w, prev, fparams):  # type: ignore[no-untyped-def]
    """Score change when x leaves its table for table t in round k."""
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
    dchg = 0.0
    px = prev[k, x]
    if px >= 0:
        dchg += (1.0 if t != px else 0.0) - (1.0 if A != px else 0.0)
    return dw - fparams[F_REP] * drep - fparams[F_FAIR] * dfair - fparams[F_CHANGE] * dchg


@njit(cache=True)
def _meet(i, j, step, C, R, a, S, fast):  # type: ignore[no-untyped-def]
    if fast:
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
def _relocate_sums(k, x, A, B, C, w, S, Wt):  # type: ignore[no-untyped-def]
    """x leaves table A for table B in round k: update everybody's sums of round k."""
    n = C.shape[0]
    for z in range(n):
        c = C[z, x]
        S[k, z, A] -= c
        S[k, z, B] += c
        v = w[z, x]
        Wt[k, z, A] -= v
        Wt[k, z, B] += v


@njit(cache=True)
def apply_swap(k, x, y, a, mem, sz, pos, C, R, w, S, Wt, fast):  # type: ignore[no-untyped-def]
    A = a[k, x]
    B = a[k, y]
    for u in range(sz[k, A]):
        z = mem[k, A, u]
        if z != x:
            _meet(x, z, -1, C, R, a, S, fast)
            _meet(y, z, 1, C, R, a, S, fast)
    for u in range(sz[k, B]):
        z = mem[k, B, u]
        if z != y:
            _meet(y, z, -1, C, R, a, S, fast)
            _meet(x, z, 1, C, R, a, S, fast)
    if fast:
        _relocate_sums(k, x, A, B, C, w, S, Wt)
        _relocate_sums(k, y, B, A, C, w, S, Wt)
    px = pos[k, x]
    py = pos[k, y]
    mem[k, A, px] = y
    mem[k, B, py] = x
    pos[k, x] = py
    pos[k, y] = px
    a[k, x] = B
    a[k, y] = A


@njit(cache=True)
def apply_move(k, x, t, a, mem, sz, pos, C, R, w, S, Wt, fast):  # type: ignore[no-untyped-def]
    A = a[k, x]
    for u in range(sz[k, A]):
        z = mem[k, A, u]
        if z != x:
            _meet(x, z, -1, C, R, a, S, fast)
    for u in range(sz[k, t]):
        _meet(x, mem[k, t, u], 1, C, R, a, S, fast)
    if fast:
        _relocate_sums(k, x, A, t, C, w, S, Wt)
    px = pos[k, x]
    last = mem[k, A, sz[k, A] - 1]
    mem[k, A, px] = last
    pos[k, last] = px
    sz[k, A] -= 1
    mem[k, t, sz[k, t]] = x
    pos[k, x] = sz[k, t]
    sz[k, t] += 1
    a[k, x] = t


@njit(cache=True)
def in_conflict(k, x, a, mem, sz, C, bad):  # type: ignore[no-untyped-def]
    A = a[k, x]
    for u in range(sz[k, A]):
        z = mem[k, A, u]
        if z != x and (C[x, z] >= 2 or bad[x, z]):
            return True
    return False


@njit(cache=True)
def _perturb(a, mem, sz, pos, C, R, movable, w, prev, fparams, strength, S, Wt, fast):  # type: ignore[no-untyped-def]
    r, n = a.shape
    total = 0.0
    for _ in range(strength):
        k = np.random.randint(r)
        for _try in range(20):
            x = np.random.randint(n)
            y = np.random.randint(n)
            if movable[k, x] and movable[k, y] and a[k, x] != a[k, y]:
                total += swap_delta(k, x, y, a, mem, sz, C, R, w, prev, fparams)
                apply_swap(k, x, y, a, mem, sz, pos, C, R, w, S, Wt, fast)
                break
    return total


@njit(cache=True)
def search(  # type: ignore[no-untyped-def]
    a, mem, sz, pos, C, R, tabu, best_a, lo, hi, w, bad, hist, prev, movable, fparams, istate, fstate, iters, seed,
    S, Wt,
):
    """Run ``iters`` iterations of the tabu search; the state arrays carry over between calls.

    Returns the number of iterations done (fewer when the target score is reached).
    """
    np.random.seed(seed)
    r, n = a.shape
    m = sz.shape[1]
    cand = np.empty(n, dtype=np.int64)
    rounds_list = np.empty(r, dtype=np.int64)
    eps = 1e-9
    cur = fstate[S_CUR]
    best = fstate[S_BEST]
    target = fparams[F_TARGET]
    it = istate[I_IT]
    last = istate[I_LAST]
    tmin = istate[I_TMIN]
    tspan = istate[I_TMAX] - tmin + 1
    stag = istate[I_STAG]
    ncand = istate[I_NCAND]
    allrounds = istate[I_ALLROUNDS]
    strength = istate[I_PERTURB]
    moves_allowed = istate[I_MOVES]
    from_best = istate[I_FROMBEST]
    fast = fparams[F_FAIR] == 0.0
    done = 0
    for _ in range(iters):
        if best >= target - eps:
            break
        done += 1
        # rounds examined in this iteration
        nr = 0
        if allrounds:
            for k in range(r):
                rounds_list[nr] = k
                nr += 1
        else:
            rounds_list[0] = np.random.randint(r)
            nr = 1
        bdelta = -np.inf
        bk = -1
        bx = -1
        by = -1
        bt = -1
        ties = 0
        for ri in range(nr):
            k = rounds_list[ri]
            nc = 0
            for i in range(n):
                if movable[k, i] and in_conflict(k, i, a, mem, sz, C, bad):
                    cand[nc] = i
                    nc += 1
            if nc == 0:
                for i in range(n):
                    if movable[k, i]:
                        cand[nc] = i
                        nc += 1
            # sample at most ncand candidates (partial Fisher-Yates)
            lim = nc if nc < ncand else ncand
            for c in range(lim):
                j = c + np.random.randint(nc - c)
                tmp = cand[c]
                cand[c] = cand[j]
                cand[j] = tmp
            for c in range(lim):
                x = cand[c]
                A = a[k, x]
                xtabu = tabu[k, x] > it
                for y in range(n):
                    if not movable[k, y] or a[k, y] == A:
                        continue
                    if fast:
                        d = swap_delta_fast(k, x, y, a, sz, C, w, prev, S, Wt, fparams)
                    else:
                        d = swap_delta(k, x, y, a, mem, sz, C, R, w, prev, fparams)
                    if (xtabu or tabu[k, y] > it) and cur + d <= best + eps:
                        continue
                    if d > bdelta + eps:
                        bdelta = d
                        bk, bx, by, bt = k, x, y, -1
                        ties = 1
                    elif d > bdelta - eps:
                        ties += 1
                        if np.random.randint(ties) == 0:
                            bk, bx, by, bt = k, x, y, -1
                if moves_allowed and sz[k, A] > lo[A]:
                    for t in range(m):
                        if t == A or sz[k, t] >= hi[t]:
                            continue
                        if fast:
                            d = move_delta_fast(k, x, t, a, sz, prev, S, Wt, fparams)
                        else:
                            d = move_delta(k, x, t, a, mem, sz, C, R, w, prev, fparams)
                        if xtabu and cur + d <= best + eps:
                            continue
                        if d > bdelta + eps:
                            bdelta = d
                            bk, bx, by, bt = k, x, -1, t
                            ties = 1
                        elif d > bdelta - eps:
                            ties += 1
                            if np.random.randint(ties) == 0:
                                bk, bx, by, bt = k, x, -1, t
        if bk >= 0:
            if by >= 0:
                apply_swap(bk, bx, by, a, mem, sz, pos, C, R, w, S, Wt, fast)
                tabu[bk, by] = it + tmin + np.random.randint(tspan)
            else:
                apply_move(bk, bx, bt, a, mem, sz, pos, C, R, w, S, Wt, fast)
            tabu[bk, bx] = it + tmin + np.random.randint(tspan)
            cur += bdelta
        if cur > best + eps:
            best = cur
            best_a[:, :] = a
            last = it
        elif it - last > stag:
            if from_best:
                a[:, :] = best_a
                rebuild(a, hist, mem, sz, pos, C, R)
                if fast:
                    build_sums(a, mem, sz, C, w, S, Wt)
                cur = best
            cur += _perturb(a, mem, sz, pos, C, R, movable, w, prev, fparams, strength, S, Wt, fast)
            for k in range(r):
                for i in range(n):
                    tabu[k, i] = 0
            last = it
        it += 1
    istate[I_IT] = it
    istate[I_LAST] = last
    fstate[S_CUR] = cur
    fstate[S_BEST] = best
    return done
