"""The incremental scores of the kernels agree with a full recomputation (both the general and the fast path),
and a search continued over several calls is the same search as one call."""

from __future__ import annotations

import numpy as np
import pytest

from optimiser import rng
from optimiser import rounds_kernels as K
from optimiser import rounds_state as S


def _problem(n: int, r: int, m: int, fair: float, prev: np.ndarray) -> S.Problem:
    gen = np.random.default_rng(0)
    w = gen.random((n, n))
    w = w + w.T
    np.fill_diagonal(w, 0)
    hist = np.zeros((n, n), dtype=np.int32)
    hist[0, 1] = hist[1, 0] = 1
    bad = np.zeros((n, n), dtype=np.bool_)
    bad[2, 3] = bad[3, 2] = True
    return S.Problem(w=w, bad=bad, hist=hist, prev=prev, movable=np.ones((r, n), dtype=np.bool_),
                     lo=np.full(m, 2, dtype=np.int64), hi=np.full(m, 5, dtype=np.int64), w_rep=100.0, w_fair=fair,
                     w_change=3.0, target=np.inf)


@pytest.mark.parametrize("fair", [0.0, 7.0])
def test_deltas_match_full_score(fair: float) -> None:
    gen = np.random.default_rng(1)
    n, r, m = 13, 3, 4
    a = np.array([gen.permutation(np.arange(n) % m) for _ in range(r)], dtype=np.int64)
    prev = -np.ones((r, n), dtype=np.int64)
    prev[1, :] = a[1]
    p = _problem(n, r, m, fair, prev)
    fast = fair == 0.0
    s = S.new_seating(a, m, n, fast=fast)
    K.rebuild(p, s)
    cur = K.score(p, s)
    for _ in range(600):
        k, x = int(gen.integers(r)), int(gen.integers(n))
        if gen.random() < 0.5:
            y = int(gen.integers(n))
            if a[k, x] == a[k, y]:
                continue
            d = K.swap_delta(p, s, k, x, y)
            if fast:
                assert K.swap_delta_fast(p, s, k, x, y) == pytest.approx(d)
            K.apply_swap(p, s, k, x, y, fast)
        else:
            t = int(gen.integers(m))
            if t == a[k, x] or s.sz[k, a[k, x]] <= 1:
                continue
            d = K.move_delta(p, s, k, x, t)
            if fast:
                assert K.move_delta_fast(p, s, k, x, t) == pytest.approx(d)
            K.apply_move(p, s, k, x, t, fast)
        cur += d
        assert K.score(p, s) == pytest.approx(cur)
    if fast:
        again = S.new_seating(a.copy(), m, n, fast=True)
        K.rebuild(p, again)
        assert (again.S == s.S).all() and np.allclose(again.Wt, s.Wt)


@pytest.mark.parametrize("fair", [0.0, 7.0])
def test_search_in_chunks_is_one_search(fair: float) -> None:
    n, r, m = 12, 2, 3
    a0 = np.array([np.arange(n) % m, np.arange(n) % m], dtype=np.int64)
    p = _problem(n, r, m, fair, -np.ones((r, n), dtype=np.int64))
    knobs = S.Knobs(tenure_min=2, tenure_max=5, stagnation=50, candidates=n, all_rounds=True, perturb=2,
                    moves=True, from_best=True)

    start = S.new_seating(a0.copy(), m, n, fast=fair == 0.0)
    K.rebuild(p, start)
    start_score = float(K.score(p, start))

    def run(chunks: list[int]) -> tuple[np.ndarray, S.Walk]:
        s = S.new_seating(a0.copy(), m, n, fast=fair == 0.0)
        K.rebuild(p, s)
        memory = S.Memory(tabu=np.zeros_like(a0), best_a=a0.copy(), rng=rng.new_state(5))
        walk = S.Walk(0, 0, start_score, start_score)
        for chunk in chunks:
            done, walk = K.search(p, knobs, s, memory, walk, chunk)
            assert done == chunk
        assert K.score(p, s) == pytest.approx(walk.score)
        return memory.best_a, walk

    whole, walk = run([300])
    parts, walk2 = run([100, 150, 50])
    assert walk.iteration == walk2.iteration == 300
    assert (whole == parts).all() and walk.best == pytest.approx(walk2.best)
    assert walk.best > start_score  # both start rounds are the same: every tablemate pair repeats
