"""Numba kernels of the social golfer search (:mod:`optimiser.golfer_search`).

The state of one walk lives in arrays that persist between calls of :func:`walk` (so that a caller can run the
search in chunks and check its clock in between):

* ``grp[w, x]`` the group of golfer ``x`` in week ``w``; ``mem[w, t, :]`` the members of group ``t`` in week ``w``
  and ``pos[w, x]`` the slot of ``x`` there; ``cnt[x, y]`` how often ``x`` and ``y`` meet;
* ``tabu[w, x, y]`` the iteration until which swapping ``x`` and ``y`` in week ``w`` is tabu;
* ``best`` the best ``grp`` of this search; ``st`` the counters (``ST_*``); ``knobs`` the parameters (``K_*``).

The objective is the number of repeated encounters, ``sum over pairs of max(0, meetings - 1)``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from optimiser.rng import rand_int

# counters in st
ST_ITER = 0  # iterations done (all walks)
ST_F = 1  # repeats of the current plan
ST_BEST = 2  # repeats of the best plan (in best)
ST_STABLE = 3  # iterations since the walk last improved on its own best
ST_KICKS = 4  # perturbations since the run's best plan last improved
ST_WALK_BEST = 5  # the walk's own best since its last perturbation or restart
ST_RESTARTS = 6  # greedy restarts done
ST_RUN_BEST = 7  # repeats of the best plan since the last restart (in run_best)
ST_WF = 8  # weighted repeats of the current plan (walk_weighted)
ST_WBEST = 9  # the least weighted repeats since the weights last changed
ST_SIZE = 10

# knobs
K_TENURE = 0  # least tabu tenure
K_TENURE_RANGE = 1  # plus a random 0..range-1
K_STABLE = 2  # iterations without improvement before a perturbation
K_KICK = 3  # random swaps in a perturbation
K_KICKS = 4  # perturbations without a new best before a greedy restart
K_SIZE = 5


@njit(cache=True)
def _place(grp, mem, pos, w, t, slot, x):  # type: ignore[no-untyped-def]
    grp[w, x] = t
    mem[w, t, slot] = x
    pos[w, x] = slot


@njit(cache=True)
def _count_week(grp, mem, cnt, w, sign):  # type: ignore[no-untyped-def]
    g = mem.shape[1]
    s = mem.shape[2]
    for t in range(g):
        for i in range(s):
            a = mem[w, t, i]
            for j in range(i + 1, s):
                b = mem[w, t, j]
                cnt[a, b] += sign
                cnt[b, a] += sign


@njit(cache=True)
def greedy_week(grp, mem, pos, cnt, w, rng):  # type: ignore[no-untyped-def]
    """Seat week ``w`` by the freedom heuristic (Triska and Musliu, 2012), given the meetings ``cnt`` of the
    weeks seated before: each group is filled with pairs of unseated golfers, the pair that meets nobody of the
    group (nor each other) again first, then the one with the most golfers free of both (met by neither),
    ties at random; with an odd group size the last seat takes the golfer with the fewest conflicts."""
    n = grp.shape[1]
    g = mem.shape[1]
    s = mem.shape[2]
    free = np.zeros((n, n), dtype=np.int64)
    for a in range(n):
        for b in range(a + 1, n):
            k = 0
            for c in range(n):
                if c != a and c != b and cnt[a, c] == 0 and cnt[b, c] == 0:
                    k += 1
            free[a, b] = k
            free[b, a] = k
    seated = np.zeros(n, dtype=np.bool_)
    for t in range(g):
        slot = 0
        while slot < s:
            if s - slot >= 2:
                best_key = -(1 << 60)
                ties = 0
                ba = -1
                bb = -1
                for a in range(n):
                    if seated[a]:
                        continue
                    ca = 0
                    for i in range(slot):
                        if cnt[a, mem[w, t, i]] > 0:
                            ca += 1
                    for b in range(a + 1, n):
                        if seated[b]:
                            continue
                        conf = ca
                        if cnt[a, b] > 0:
                            conf += 1
                        for i in range(slot):
                            if cnt[b, mem[w, t, i]] > 0:
                                conf += 1
                        key = free[a, b] - 1000 * conf
                        if key > best_key:
                            best_key = key
                            ties = 1
                            ba = a
                            bb = b
                        elif key == best_key:
                            ties += 1
                            if rand_int(rng, ties) == 0:
                                ba = a
                                bb = b
                seated[ba] = True
                seated[bb] = True
                _place(grp, mem, pos, w, t, slot, ba)
                _place(grp, mem, pos, w, t, slot + 1, bb)
                slot += 2
            else:
                best_key = -(1 << 60)
                ties = 0
                ba = -1
                for a in range(n):
                    if seated[a]:
                        continue
                    conf = 0
                    for i in range(slot):
                        if cnt[a, mem[w, t, i]] > 0:
                            conf += 1
                    key = -conf
                    if key > best_key:
                        best_key = key
                        ties = 1
                        ba = a
                    elif key == best_key:
                        ties += 1
                        if rand_int(rng, ties) == 0:
                            ba = a
                seated[ba] = True
                _place(grp, mem, pos, w, t, slot, ba)
                slot += 1


@njit(cache=True)
def repeats(cnt):  # type: ignore[no-untyped-def]
    """Repeated encounters: ``sum over pairs x < y of max(0, cnt[x, y] - 1)``."""
    n = cnt.shape[0]
    f = 0
    for a in range(n):
        for b in range(a + 1, n):
            if cnt[a, b] > 1:
                f += cnt[a, b] - 1
    return f


@njit(cache=True)
def restart(grp, mem, pos, cnt, rng):  # type: ignore[no-untyped-def]
    """A fresh plan, week after week by :func:`greedy_week`; returns its repeats."""
    cnt[:, :] = 0
    for w in range(grp.shape[0]):
        greedy_week(grp, mem, pos, cnt, w, rng)
        _count_week(grp, mem, cnt, w, 1)
    return repeats(cnt)


@njit(cache=True)
def _swap(grp, mem, pos, cnt, w, x, y):  # type: ignore[no-untyped-def]
    """Swap golfers ``x`` and ``y`` (of different groups) in week ``w``; returns the change of repeats."""
    s = mem.shape[2]
    gx = grp[w, x]
    gy = grp[w, y]
    d = 0
    for i in range(s):
        u = mem[w, gx, i]
        if u != x:
            if cnt[x, u] > 1:
                d -= 1
            cnt[x, u] -= 1
            cnt[u, x] -= 1
            if cnt[y, u] > 0:
                d += 1
            cnt[y, u] += 1
            cnt[u, y] += 1
        v = mem[w, gy, i]
        if v != y:
            if cnt[y, v] > 1:
                d -= 1
            cnt[y, v] -= 1
            cnt[v, y] -= 1
            if cnt[x, v] > 0:
                d += 1
            cnt[x, v] += 1
            cnt[v, x] += 1
    px = pos[w, x]
    py = pos[w, y]
    mem[w, gx, px] = y
    mem[w, gy, py] = x
    pos[w, x] = py
    pos[w, y] = px
    grp[w, x] = gy
    grp[w, y] = gx
    return d


@njit(cache=True)
def _in_conflict(grp, mem, cnt, w, x):  # type: ignore[no-untyped-def]
    s = mem.shape[2]
    t = grp[w, x]
    for i in range(s):
        u = mem[w, t, i]
        if u != x and cnt[x, u] > 1:
            return True
    return False


@njit(cache=True)
def _kick(grp, mem, pos, cnt, rng, swaps):  # type: ignore[no-untyped-def]
    """``swaps`` random swaps, each moving a golfer in conflict (a random golfer when none is); returns the
    change of repeats."""
    weeks = grp.shape[0]
    n = grp.shape[1]
    d = 0
    for _ in range(swaps):
        w = rand_int(rng, weeks)
        x = rand_int(rng, n)
        for _try in range(4 * n):
            if _in_conflict(grp, mem, cnt, w, x):
                break
            w = rand_int(rng, weeks)
            x = rand_int(rng, n)
        y = rand_int(rng, n)
        while grp[w, y] == grp[w, x]:
            y = rand_int(rng, n)
        d += _swap(grp, mem, pos, cnt, w, x, y)
    return d


@njit(cache=True)
def _restore(grp, mem, pos, cnt, best):  # type: ignore[no-untyped-def]
    """Back to the plan ``best`` (rebuilds ``mem``, ``pos`` and ``cnt``)."""
    weeks = grp.shape[0]
    n = grp.shape[1]
    g = mem.shape[1]
    fill = np.zeros(g, dtype=np.int64)
    cnt[:, :] = 0
    for w in range(weeks):
        fill[:] = 0
        for x in range(n):
            t = best[w, x]
            _place(grp, mem, pos, w, t, fill[t], x)
            fill[t] += 1
        _count_week(grp, mem, cnt, w, 1)


@njit(cache=True)
def walk(grp, mem, pos, cnt, tabu, best, run_best, st, knobs, rng, iters):  # type: ignore[no-untyped-def]
    """Up to ``iters`` tabu iterations (Dotú and Van Hentenryck, 2005) from the current plan; stops early at
    zero repeats. Each iteration makes the best swap, over all weeks, of a golfer in conflict with a golfer of
    another group (a tabu swap only when it beats the best plan; ties at random), and makes the swapped pair
    tabu in that week for ``K_TENURE`` plus up to ``K_TENURE_RANGE`` iterations. After ``K_STABLE`` iterations
    without improvement, the walk goes back to the best plan since its last restart (``run_best``) and makes
    ``K_KICK`` random swaps; after
    ``K_KICKS`` such perturbations without a new best, it restarts from a fresh greedy plan. Returns the
    iterations done."""
    weeks = grp.shape[0]
    n = grp.shape[1]
    g = mem.shape[1]
    s = mem.shape[2]
    tenure = np.int64(knobs[K_TENURE])
    tenure_range = max(np.int64(knobs[K_TENURE_RANGE]), 1)
    stable_limit = np.int64(knobs[K_STABLE])
    kick = np.int64(knobs[K_KICK])
    kicks_limit = np.int64(knobs[K_KICKS])
    lose = np.zeros((weeks, n), dtype=np.int64)
    add = np.zeros(g, dtype=np.int64)
    done = 0
    while done < iters and st[ST_BEST] > 0:
        it = st[ST_ITER]
        f = st[ST_F]
        # lose[w, y]: repeats that leave when y leaves its group in week w
        for w in range(weeks):
            for y in range(n):
                t = grp[w, y]
                k = 0
                for i in range(s):
                    u = mem[w, t, i]
                    if u != y and cnt[y, u] > 1:
                        k += 1
                lose[w, y] = k
        best_d = 1 << 30
        ties = 0
        bw = -1
        bx = -1
        by = -1
        for w in range(weeks):
            for x in range(n):
                if lose[w, x] == 0:
                    continue
                gx = grp[w, x]
                for t in range(g):
                    k = 0
                    for i in range(s):
                        if cnt[x, mem[w, t, i]] > 0:
                            k += 1
                    add[t] = k
                for y in range(n):
                    gy = grp[w, y]
                    if gy == gx or (lose[w, y] > 0 and y < x):
                        continue  # same group, or a pair of two conflicting golfers already seen
                    met = 1 if cnt[x, y] > 0 else 0
                    k = 0
                    for i in range(s):
                        if cnt[y, mem[w, gx, i]] > 0:
                            k += 1
                    d = add[gy] - met - lose[w, x] + k - met - lose[w, y]
                    if d > best_d:
                        continue
                    if tabu[w, x, y] > it and f + d >= st[ST_BEST]:
                        continue
                    if d < best_d:
                        best_d = d
                        ties = 1
                        bw = w
                        bx = x
                        by = y
                    else:
                        ties += 1
                        if rand_int(rng, ties) == 0:
                            bw = w
                            bx = x
                            by = y
        if bw < 0:  # every move tabu
            f += _kick(grp, mem, pos, cnt, rng, 1)
        else:
            f += _swap(grp, mem, pos, cnt, bw, bx, by)
            until = it + tenure + rand_int(rng, tenure_range)
            tabu[bw, bx, by] = until
            tabu[bw, by, bx] = until
        st[ST_ITER] = it + 1
        st[ST_F] = f
        done += 1
        if f < st[ST_RUN_BEST]:
            st[ST_RUN_BEST] = f
            run_best[:, :] = grp
            st[ST_KICKS] = 0
            if f < st[ST_BEST]:
                st[ST_BEST] = f
                best[:, :] = grp
        if f < st[ST_WALK_BEST]:
            st[ST_WALK_BEST] = f
            st[ST_STABLE] = 0
        else:
            st[ST_STABLE] += 1
        if st[ST_STABLE] > stable_limit and st[ST_BEST] > 0:
            st[ST_KICKS] += 1
            if st[ST_KICKS] > kicks_limit:
                f = restart(grp, mem, pos, cnt, rng)
                st[ST_RESTARTS] += 1
                st[ST_KICKS] = 0
                st[ST_RUN_BEST] = f
                run_best[:, :] = grp
            else:
                _restore(grp, mem, pos, cnt, run_best)
                f = st[ST_RUN_BEST] + _kick(grp, mem, pos, cnt, rng, kick)
            tabu[:, :, :] = 0
            st[ST_F] = f
            st[ST_WALK_BEST] = f
            st[ST_STABLE] = 0
            if f < st[ST_BEST]:
                st[ST_BEST] = f
                best[:, :] = grp
    return done


@njit(cache=True)
def weighted(cnt, wt):  # type: ignore[no-untyped-def]
    """Weighted repeats: ``sum over pairs x < y of wt[x, y] * max(0, cnt[x, y] - 1)``."""
    n = cnt.shape[0]
    f = 0
    for a in range(n):
        for b in range(a + 1, n):
            if cnt[a, b] > 1:
                f += wt[a, b] * (cnt[a, b] - 1)
    return f


@njit(cache=True)
def walk_weighted(grp, mem, pos, cnt, wt, tabu, best, st, knobs, rng, iters):  # type: ignore[no-untyped-def]
    """Up to ``iters`` iterations of the tabu search on weighted repeats (breakout): the moves are those of
    :func:`walk` but scored by ``wt``; after ``K_STABLE`` iterations without a better weighted value, every
    repeated pair's weight grows by one; after ``K_KICKS`` such steps without a new best plan (unweighted), the
    walk restarts from a fresh greedy plan with unit weights. Returns the iterations done."""
    weeks = grp.shape[0]
    n = grp.shape[1]
    g = mem.shape[1]
    s = mem.shape[2]
    tenure = np.int64(knobs[K_TENURE])
    tenure_range = max(np.int64(knobs[K_TENURE_RANGE]), 1)
    stable_limit = np.int64(knobs[K_STABLE])
    kicks_limit = np.int64(knobs[K_KICKS])
    lose = np.zeros((weeks, n), dtype=np.int64)
    add = np.zeros(g, dtype=np.int64)
    done = 0
    while done < iters and st[ST_BEST] > 0:
        it = st[ST_ITER]
        big_f = st[ST_WF]
        for w in range(weeks):
            for y in range(n):
                t = grp[w, y]
                k = 0
                for i in range(s):
                    u = mem[w, t, i]
                    if u != y and cnt[y, u] > 1:
                        k += wt[y, u]
                lose[w, y] = k
        best_d = 1 << 60
        ties = 0
        bw = -1
        bx = -1
        by = -1
        for w in range(weeks):
            for x in range(n):
                if lose[w, x] == 0:
                    continue
                gx = grp[w, x]
                for t in range(g):
                    k = 0
                    for i in range(s):
                        v = mem[w, t, i]
                        if cnt[x, v] > 0:
                            k += wt[x, v]
                    add[t] = k
                for y in range(n):
                    gy = grp[w, y]
                    if gy == gx or (lose[w, y] > 0 and y < x):
                        continue
                    met = wt[x, y] if cnt[x, y] > 0 else 0
                    k = 0
                    for i in range(s):
                        u = mem[w, gx, i]
                        if cnt[y, u] > 0:
                            k += wt[y, u]
                    d = add[gy] - met - lose[w, x] + k - met - lose[w, y]
                    if d > best_d:
                        continue
                    if tabu[w, x, y] > it and big_f + d >= st[ST_WBEST]:
                        continue
                    if d < best_d:
                        best_d = d
                        ties = 1
                        bw = w
                        bx = x
                        by = y
                    else:
                        ties += 1
                        if rand_int(rng, ties) == 0:
                            bw = w
                            bx = x
                            by = y
        if bw < 0:
            st[ST_F] += _kick(grp, mem, pos, cnt, rng, 1)
            big_f = weighted(cnt, wt)
        else:
            st[ST_F] += _swap(grp, mem, pos, cnt, bw, bx, by)
            big_f += best_d
            until = it + tenure + rand_int(rng, tenure_range)
            tabu[bw, bx, by] = until
            tabu[bw, by, bx] = until
        st[ST_WF] = big_f
        st[ST_ITER] = it + 1
        done += 1
        if st[ST_F] < st[ST_BEST]:
            st[ST_BEST] = st[ST_F]
            best[:, :] = grp
            st[ST_KICKS] = 0
        if big_f < st[ST_WBEST]:
            st[ST_WBEST] = big_f
            st[ST_STABLE] = 0
        else:
            st[ST_STABLE] += 1
        if st[ST_STABLE] > stable_limit and st[ST_BEST] > 0:
            st[ST_KICKS] += 1
            if st[ST_KICKS] > kicks_limit:
                st[ST_F] = restart(grp, mem, pos, cnt, rng)
                st[ST_RESTARTS] += 1
                st[ST_KICKS] = 0
                wt[:, :] = 1
                tabu[:, :, :] = 0
                if st[ST_F] < st[ST_BEST]:
                    st[ST_BEST] = st[ST_F]
                    best[:, :] = grp
            else:
                for a in range(n):
                    for b in range(n):
                        if cnt[a, b] > 1:
                            wt[a, b] += 1
            st[ST_WF] = weighted(cnt, wt)
            st[ST_WBEST] = st[ST_WF]
            st[ST_STABLE] = 0
    return done
