"""Numba kernels of the MDGP solver (see :mod:`optimiser.research.mdgp` for the public API).

Everything here works on plain numpy arrays with fixed dtypes:

- ``d``: (n, n) float64, symmetric, zero diagonal;
- ``assign``: (n,) int64, group of each element;
- ``wt``: (m, n) float64, ``wt[g, i] = sum of d[i, j] over the j in group g`` (the
  element-to-group sum matrix, stored group-major so that the O(n) update after a move is a
  contiguous loop);
- ``sizes``, ``lower``, ``upper``: (m,) int64;
- ``movable``: int64 ids of the elements that may change group (not fixed);
- ``state``: (1,) uint64, the state of a xorshift64* generator, so that a run is reproducible
  from its seed without any global random state.

With ``wt`` maintained, the gain of moving element i from its group g to group h is
``wt[h, i] - wt[g, i]`` (O(1)) and the gain of swapping i (in g) with j (in h) is
``wt[h, i] - wt[g, i] + wt[g, j] - wt[h, j] - 2 d[i, j]`` (O(1)); applying either costs O(n).

All functions are compiled with ``cache=True``; :func:`warm_up` compiles (or loads) them on a
tiny instance so that compilation never counts against a solve's time limit.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_S11 = np.uint64(11)
_S12 = np.uint64(12)
_S25 = np.uint64(25)
_S27 = np.uint64(27)
_MULT = np.uint64(2685821657736338717)
_EPS = 1e-9


@njit(cache=True)
def rand_u64(state):  # type: ignore[no-untyped-def]
    """One draw of xorshift64* (the state must not be zero)."""
    x = state[0]
    x ^= x >> _S12
    x ^= x << _S25
    x ^= x >> _S27
    state[0] = x
    return x * _MULT


@njit(cache=True)
def rand_int(state, k):  # type: ignore[no-untyped-def]
    """A uniform integer in ``[0, k)`` (k >= 1)."""
    return np.int64((rand_u64(state) >> _S11) % np.uint64(k))


@njit(cache=True)
def rand_float(state):  # type: ignore[no-untyped-def]
    """A uniform float in ``[0, 1)``."""
    return np.float64(rand_u64(state) >> _S11) / 9007199254740992.0


@njit(cache=True)
def build_wt(d, assign, m):  # type: ignore[no-untyped-def]
    """The (m, n) element-to-group sum matrix of an assignment."""
    n = d.shape[0]
    wt = np.zeros((m, n))
    for j in range(n):
        g = assign[j]
        row = d[j]
        for i in range(n):
            wt[g, i] += row[i]
    return wt


@njit(cache=True)
def objective_from_wt(wt, assign):  # type: ignore[no-untyped-def]
    """Sum of d over pairs in the same group, read off ``wt``."""
    total = 0.0
    for i in range(assign.shape[0]):
        total += wt[assign[i], i]
    return 0.5 * total


@njit(cache=True)
def apply_move(d, wt, assign, sizes, i, h):  # type: ignore[no-untyped-def]
    """Move element ``i`` to group ``h`` and update ``wt`` in O(n)."""
    g = assign[i]
    row = d[i]
    wg = wt[g]
    wh = wt[h]
    for k in range(row.shape[0]):
        wg[k] -= row[k]
        wh[k] += row[k]
    assign[i] = h
    sizes[g] -= 1
    sizes[h] += 1


@njit(cache=True)
def apply_swap(d, wt, assign, i, j):  # type: ignore[no-untyped-def]
    """Swap elements ``i`` and ``j`` (in different groups) and update ``wt`` in O(n)."""
    g = assign[i]
    h = assign[j]
    ri = d[i]
    rj = d[j]
    wg = wt[g]
    wh = wt[h]
    for k in range(ri.shape[0]):
        delta = rj[k] - ri[k]
        wg[k] += delta
        wh[k] -= delta
    assign[i] = h
    assign[j] = g


@njit(cache=True)
def random_assignment(assign, sizes, lower, upper, movable, state):  # type: ignore[no-untyped-def]
    """Place the movable elements at random, fixed ones already in ``assign``/``sizes``.

    Groups below their lower bound are filled first, then each remaining element goes to a
    random group with room. The caller guarantees that a feasible completion exists.
    """
    nm = movable.shape[0]
    m = lower.shape[0]
    order = movable.copy()
    for t in range(nm - 1, 0, -1):
        s = rand_int(state, t + 1)
        tmp = order[t]
        order[t] = order[s]
        order[s] = tmp
    cand = np.empty(m, dtype=np.int64)
    for t in range(nm):
        i = order[t]
        c = 0
        for g in range(m):
            if sizes[g] < lower[g]:
                cand[c] = g
                c += 1
        if c == 0:
            for g in range(m):
                if sizes[g] < upper[g]:
                    cand[c] = g
                    c += 1
        g = cand[rand_int(state, c)]
        assign[i] = g
        sizes[g] += 1


@njit(cache=True)
def descent(d, wt, assign, sizes, lower, upper, movable, state):  # type: ignore[no-untyped-def]
    """First-improvement descent over the one-move and swap neighbourhoods.

    Scans both neighbourhoods (from a random starting element) until neither holds an
    improving move; returns the total gain. Moves respect the size bounds; only ``movable``
    elements change group.
    """
    nm = movable.shape[0]
    m = wt.shape[0]
    total = 0.0
    if nm == 0:
        return total
    improved = True
    while improved:
        improved = False
        start = rand_int(state, nm)
        for t in range(nm):
            i = movable[(start + t) % nm]
            g = assign[i]
            if sizes[g] <= lower[g]:
                continue
            wig = wt[g, i]
            best = _EPS
            bh = -1
            for h in range(m):
                if h != g and sizes[h] < upper[h]:
                    gain = wt[h, i] - wig
                    if gain > best:
                        best = gain
                        bh = h
            if bh >= 0:
                apply_move(d, wt, assign, sizes, i, bh)
                total += best
                improved = True
        start = rand_int(state, nm)
        for t in range(nm):
            i = movable[(start + t) % nm]
            for u in range(t + 1, nm):
                j = movable[(start + u) % nm]
                g = assign[i]
                h = assign[j]
                if g == h:
                    continue
                gain = wt[h, i] - wt[g, i] + wt[g, j] - wt[h, j] - 2.0 * d[i, j]
                if gain > _EPS:
                    apply_swap(d, wt, assign, i, j)
                    total += gain
                    improved = True
    return total


@njit(cache=True)
def perturb(d, wt, assign, sizes, lower, upper, movable, state, strength):  # type: ignore[no-untyped-def]
    """Apply ``strength`` random feasible moves or swaps; returns the change of objective."""
    nm = movable.shape[0]
    m = wt.shape[0]
    total = 0.0
    if nm < 2:
        return total
    for _ in range(strength):
        i = movable[rand_int(state, nm)]
        g = assign[i]
        done = False
        if sizes[g] > lower[g] and rand_float(state) < 0.5:
            h = rand_int(state, m)
            if h != g and sizes[h] < upper[h]:
                total += wt[h, i] - wt[g, i]
                apply_move(d, wt, assign, sizes, i, h)
                done = True
        if not done:
            for _try in range(16):
                j = movable[rand_int(state, nm)]
                h = assign[j]
                if h != g:
                    total += wt[h, i] - wt[g, i] + wt[g, j] - wt[h, j] - 2.0 * d[i, j]
                    apply_swap(d, wt, assign, i, j)
                    break
    return total


@njit(cache=True)
def weak_perturb(d, wt, assign, sizes, lower, upper, movable, state, steps, sample):  # type: ignore[no-untyped-def]
    """``steps`` times: apply the best of ``sample`` random feasible moves or swaps (even if worsening).

    The perturbation of Lai & Hao's maxima search: it leaves the local optimum by the least bad of
    a random sample of neighbours, so the search stays in a good region. Returns the change of
    objective.
    """
    nm = movable.shape[0]
    m = wt.shape[0]
    total = 0.0
    if nm < 2:
        return total
    # share of one-moves in the sampled neighbourhood: nm*m one-moves against nm(nm-1)/2 swaps
    p_move = m / (m + 0.5 * (nm - 1))
    for _ in range(steps):
        best = -np.inf
        bi = -1
        bj = -1
        bh = -1
        count = 0
        tries = 0
        while count < sample and tries < 50 * sample:
            tries += 1
            i = movable[rand_int(state, nm)]
            g = assign[i]
            if rand_float(state) < p_move:
                h = rand_int(state, m)
                if h == g or sizes[g] <= lower[g] or sizes[h] >= upper[h]:
                    continue
                gain = wt[h, i] - wt[g, i]
                count += 1
                if gain > best:
                    best = gain
                    bi = i
                    bj = -1
                    bh = h
            else:
                j = movable[rand_int(state, nm)]
                h = assign[j]
                if h == g:
                    continue
                gain = wt[h, i] - wt[g, i] + wt[g, j] - wt[h, j] - 2.0 * d[i, j]
                count += 1
                if gain > best:
                    best = gain
                    bi = i
                    bj = j
                    bh = h
        if bi < 0:
            break
        if bj < 0:
            apply_move(d, wt, assign, sizes, bi, bh)
        else:
            apply_swap(d, wt, assign, bi, bj)
        total += best
    return total


@njit(cache=True)
def maxima_search(d, wt, assign, sizes, lower, upper, movable, state, alpha, steps, max_descents):  # type: ignore[no-untyped-def]
    """Maxima search around one solution (Lai & Hao, 2016, iterated maxima search).

    Descent to a local optimum; then repeatedly: from the best local optimum met, a weak
    perturbation (``steps`` times the best of n sampled neighbours) and a descent; a better local
    optimum becomes the new best. Stops after ``alpha`` consecutive local optima without
    improvement or ``max_descents`` descents. Leaves the best solution in
    ``assign``/``wt``/``sizes``; returns (objective, descents).
    """
    m = wt.shape[0]
    nm = movable.shape[0]
    f = objective_from_wt(wt, assign)
    f += descent(d, wt, assign, sizes, lower, upper, movable, state)
    count = 1
    best_f = f
    best = assign.copy()
    best_wt = wt.copy()
    best_sizes = sizes.copy()
    fails = 0
    sample = max(nm, 1)
    while fails < alpha and count < max_descents:
        f += weak_perturb(d, wt, assign, sizes, lower, upper, movable, state, steps, sample)
        f += descent(d, wt, assign, sizes, lower, upper, movable, state)
        count += 1
        if f > best_f + _EPS:
            best_f = f
            best[:] = assign
            best_wt[:, :] = wt
            best_sizes[:] = sizes
            fails = 0
        else:
            fails += 1
            assign[:] = best
            wt[:, :] = best_wt
            sizes[:] = best_sizes
            f = best_f
    for g in range(m):
        sizes[g] = best_sizes[g]
    return objective_from_wt(wt, assign), count


@njit(cache=True)
def ims_rounds(  # type: ignore[no-untyped-def]
    d,
    wt,
    assign,
    sizes,
    lower,
    upper,
    movable,
    state,
    rounds,
    strong,
    alpha,
    steps,
    max_descents,
    best,
    best_wt,
    best_sizes,
    best_f,
):
    """``rounds`` rounds of the iterated maxima search walk (Lai & Hao, 2016).

    Each round: a strong random perturbation (``strong`` random moves or swaps) of the current
    solution, then a maxima search; the walk always continues from the newest local optimum.
    The best solution met is kept in ``best``/``best_wt``/``best_sizes``/``best_f[0]`` (updated
    in place), so a walk can be run in chunks of rounds, the time limit being checked between
    chunks. Returns the number of descents.
    """
    count = 0
    for _ in range(rounds):
        if count >= max_descents:
            break
        perturb(d, wt, assign, sizes, lower, upper, movable, state, strong)
        f, c = maxima_search(
            d, wt, assign, sizes, lower, upper, movable, state, alpha, steps, max_descents - count
        )
        count += c
        if f > best_f[0] + _EPS:
            best_f[0] = f
            best[:] = assign
            best_wt[:, :] = wt
            best_sizes[:] = sizes
    return count


@njit(cache=True)
def ims_walk(d, wt, assign, sizes, lower, upper, movable, state, rounds, strong, alpha, steps, max_descents):  # type: ignore[no-untyped-def]
    """A maxima search then :func:`ims_rounds` in one call; leaves the best in ``assign``/``wt``/``sizes``.

    Returns (objective, descents).
    """
    f, count = maxima_search(d, wt, assign, sizes, lower, upper, movable, state, alpha, steps, max_descents)
    best = assign.copy()
    best_wt = wt.copy()
    best_sizes = sizes.copy()
    best_f = np.array([f])
    count += ims_rounds(
        d,
        wt,
        assign,
        sizes,
        lower,
        upper,
        movable,
        state,
        rounds,
        strong,
        alpha,
        steps,
        max_descents - count,
        best,
        best_wt,
        best_sizes,
        best_f,
    )
    assign[:] = best
    wt[:, :] = best_wt
    sizes[:] = best_sizes
    return best_f[0], count


@njit(cache=True)
def crossover(d, pa, pb, fixed_group, lower, upper, state):  # type: ignore[no-untyped-def]
    """Group-based crossover of two assignments; returns a feasible child assignment.

    Fixed elements (``fixed_group[i] >= 0``) are placed first. Then, alternating between the
    parents, the parent's unused group whose not-yet-placed elements have the largest mean
    pairwise diversity is copied into a child group (the same index when it is free, else
    the free group with the most room), capped so that the remaining groups can still reach
    their lower bounds. Elements left over are placed greedily (largest gain), first into
    groups below their lower bound.
    """
    n = pa.shape[0]
    m = lower.shape[0]
    child = np.full(n, -1, dtype=np.int64)
    sizes = np.zeros(m, dtype=np.int64)
    free_left = 0
    for i in range(n):
        if fixed_group[i] >= 0:
            child[i] = fixed_group[i]
            sizes[fixed_group[i]] += 1
        else:
            free_left += 1
    used_child = np.zeros(m, dtype=np.bool_)
    used_a = np.zeros(m, dtype=np.bool_)
    used_b = np.zeros(m, dtype=np.bool_)
    members = np.empty(n, dtype=np.int64)
    first = rand_int(state, 2)
    for step in range(m):
        if (step + first) % 2 == 0:
            par = pa
            used = used_a
        else:
            par = pb
            used = used_b
        best_score = -np.inf
        best_g = -1
        for g in range(m):
            if used[g]:
                continue
            c = 0
            for i in range(n):
                if par[i] == g and child[i] < 0:
                    members[c] = i
                    c += 1
            if c == 0:
                score = -1e300
            elif c == 1:
                score = 0.0
            else:
                s = 0.0
                for a in range(c):
                    ra = d[members[a]]
                    for b in range(a + 1, c):
                        s += ra[members[b]]
                score = s / c
            score += 1e-12 * rand_float(state)
            if score > best_score:
                best_score = score
                best_g = g
        if best_g < 0:
            break
        used[best_g] = True
        if not used_child[best_g]:
            k = best_g
        else:
            k = -1
            room = -1
            for g in range(m):
                if not used_child[g] and upper[g] - sizes[g] > room:
                    room = upper[g] - sizes[g]
                    k = g
            if k < 0:
                break
        used_child[k] = True
        deficit_other = 0
        for g in range(m):
            if g != k and sizes[g] < lower[g]:
                deficit_other += lower[g] - sizes[g]
        cap = min(upper[k] - sizes[k], free_left - deficit_other)
        c = 0
        for i in range(n):
            if par[i] == best_g and child[i] < 0:
                members[c] = i
                c += 1
        # random order so that a cap drops random members
        for t in range(c - 1, 0, -1):
            s2 = rand_int(state, t + 1)
            tmp = members[t]
            members[t] = members[s2]
            members[s2] = tmp
        for t in range(min(c, cap)):
            child[members[t]] = k
            sizes[k] += 1
            free_left -= 1
    # greedy completion
    c = 0
    for i in range(n):
        if child[i] < 0:
            members[c] = i
            c += 1
    for t in range(c - 1, 0, -1):
        s2 = rand_int(state, t + 1)
        tmp = members[t]
        members[t] = members[s2]
        members[s2] = tmp
    wsum = np.zeros(m)
    for t in range(c):
        i = members[t]
        deficit = False
        for g in range(m):
            if sizes[g] < lower[g]:
                deficit = True
                break
        for g in range(m):
            wsum[g] = 0.0
        for j in range(n):
            if child[j] >= 0:
                wsum[child[j]] += d[i, j]
        best_g = -1
        best_v = -np.inf
        for g in range(m):
            if sizes[g] >= upper[g]:
                continue
            if deficit and sizes[g] >= lower[g]:
                continue
            if wsum[g] > best_v:
                best_v = wsum[g]
                best_g = g
        child[i] = best_g
        sizes[best_g] += 1
    return child


@njit(cache=True)
def distance(a, b, m):  # type: ignore[no-untyped-def]
    """Number of element pairs grouped together in one assignment but not the other, halved."""
    n = a.shape[0]
    diff = 0
    for i in range(n):
        for j in range(i + 1, n):
            if (a[i] == a[j]) != (b[i] == b[j]):
                diff += 1
    return diff


def warm_up() -> None:
    """Compile (or load from the on-disk cache) every kernel on a tiny instance."""
    rng = np.random.default_rng(0)
    n, m = 6, 2
    d = rng.random((n, n))
    d = d + d.T
    np.fill_diagonal(d, 0.0)
    lower = np.array([2, 2], dtype=np.int64)
    upper = np.array([4, 4], dtype=np.int64)
    state = np.array([88172645463325252], dtype=np.uint64)
    assign = np.full(n, -1, dtype=np.int64)
    sizes = np.zeros(m, dtype=np.int64)
    movable = np.arange(n, dtype=np.int64)
    random_assignment(assign, sizes, lower, upper, movable, state)
    wt = build_wt(d, assign, m)
    maxima_search(d, wt, assign, sizes, lower, upper, movable, state, 2, 2, 10)
    weak_perturb(d, wt, assign, sizes, lower, upper, movable, state, 2, 6)
    ims_walk(d, wt, assign, sizes, lower, upper, movable, state, 2, 2, 2, 2, 10)
    other = assign.copy()
    perturb(d, wt, assign, sizes, lower, upper, movable, state, 2)
    fixed_group = np.full(n, -1, dtype=np.int64)
    crossover(d, assign, other, fixed_group, lower, upper, state)
    distance(assign, other, m)
    objective_from_wt(wt, assign)
