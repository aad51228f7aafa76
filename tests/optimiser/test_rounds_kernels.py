"""The incremental scores of the kernels agree with a full recomputation (both the general and the fast path)."""

from __future__ import annotations

import numpy as np
import pytest

from optimiser import rounds_kernels as K


@pytest.mark.parametrize("fair", [0.0, 7.0])
def test_deltas_match_full_score(fair: float) -> None:
    rng = np.random.default_rng(0)
    n, r, m = 13, 3, 4
    a = np.array([rng.permutation(np.arange(n) % m) for _ in range(r)], dtype=np.int64)
    w = rng.random((n, n))
    w = w + w.T
    np.fill_diagonal(w, 0)
    hist = np.zeros((n, n), dtype=np.int32)
    hist[0, 1] = hist[1, 0] = 1
    mem = np.zeros((r, m, n), dtype=np.int64)
    sz = np.zeros((r, m), dtype=np.int64)
    pos = np.zeros((r, n), dtype=np.int64)
    C = np.zeros((n, n), dtype=np.int32)
    R = np.zeros(n, dtype=np.int64)
    K.rebuild(a, hist, mem, sz, pos, C, R)
    S = np.zeros((r, n, m), dtype=np.int64)
    Wt = np.zeros((r, n, m))
    K.build_sums(a, mem, sz, C, w, S, Wt)
    prev = -np.ones((r, n), dtype=np.int64)
    prev[1, :] = a[1]
    fp = np.array([100.0, fair, 3.0, np.inf])
    cur = K.score(a, mem, sz, C, R, w, prev, fp)
    for _ in range(600):
        k, x = int(rng.integers(r)), int(rng.integers(n))
        if rng.random() < 0.5:
            y = int(rng.integers(n))
            if a[k, x] == a[k, y]:
                continue
            d = K.swap_delta(k, x, y, a, mem, sz, C, R, w, prev, fp)
            if fair == 0.0:
                assert K.swap_delta_fast(k, x, y, a, sz, C, w, prev, S, Wt, fp) == pytest.approx(d)
            K.apply_swap(k, x, y, a, mem, sz, pos, C, R, w, S, Wt, True)
        else:
            t = int(rng.integers(m))
            if t == a[k, x] or sz[k, a[k, x]] <= 1:
                continue
            d = K.move_delta(k, x, t, a, mem, sz, C, R, w, prev, fp)
            if fair == 0.0:
                assert K.move_delta_fast(k, x, t, a, sz, prev, S, Wt, fp) == pytest.approx(d)
            K.apply_move(k, x, t, a, mem, sz, pos, C, R, w, S, Wt, True)
        cur += d
        assert K.score(a, mem, sz, C, R, w, prev, fp) == pytest.approx(cur)
    S2, W2 = np.zeros_like(S), np.zeros_like(Wt)
    K.build_sums(a, mem, sz, C, w, S2, W2)
    assert (S2 == S).all() and np.allclose(W2, Wt)
