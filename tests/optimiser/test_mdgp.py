"""Tests of the MDGP solver (optimiser.research.mdgp): correctness, not speed (benchmarks live in bench/)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimiser import Infeasible, InvalidInput
from optimiser.research.mdgp import MdgpResult, objective_of, solve_mdgp


def random_d(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 100, size=(n, n)).astype(float)
    d: np.ndarray = np.triu(a, 1)
    return np.asarray(d + d.T, dtype=np.float64)


@st.composite
def instances(draw: st.DrawFn) -> tuple[np.ndarray, list[int], list[int], dict[int, int]]:
    n = draw(st.integers(2, 14))
    m = draw(st.integers(1, min(4, n)))
    seed = draw(st.integers(0, 2**31))
    lower = [draw(st.integers(0, n // m)) for _ in range(m)]
    upper = [lo + draw(st.integers(0, 3)) for lo in lower]
    # make sum(upper) >= n
    short = n - sum(upper)
    if short > 0:
        upper[0] += short
    n_fixed = draw(st.integers(0, n // 2))
    fixed: dict[int, int] = {}
    counts = [0] * m
    for i in draw(st.permutations(range(n)))[:n_fixed]:
        g = draw(st.integers(0, m - 1))
        if counts[g] < upper[g]:
            fixed[i] = g
            counts[g] += 1
    return random_d(n, seed), lower, upper, fixed


def brute_force(d: np.ndarray, lower: list[int], upper: list[int], fixed: dict[int, int]) -> float:
    n, m = d.shape[0], len(lower)
    best = -np.inf
    for assign in itertools.product(range(m), repeat=n):
        sizes = np.bincount(assign, minlength=m)
        if np.any(sizes < lower) or np.any(sizes > upper):
            continue
        if any(assign[i] != g for i, g in fixed.items()):
            continue
        groups = [[i for i in range(n) if assign[i] == g] for g in range(m)]
        best = max(best, objective_of(d, groups))
    return float(best)


def check(
    result: MdgpResult, d: np.ndarray, lower: list[int], upper: list[int], fixed: dict[int, int]
) -> None:
    n = d.shape[0]
    assert result.feasible
    assert sorted(i for g in result.groups for i in g) == list(range(n))
    for g, members in enumerate(result.groups):
        assert lower[g] <= len(members) <= upper[g]
        assert members == sorted(members)
        for i in members:
            assert result.assignment[i] == g
    for i, g in fixed.items():
        assert result.assignment[i] == g
    assert result.objective == pytest.approx(objective_of(d, result.groups), abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(instances(), st.integers(0, 1000))
def test_properties(inst: tuple[np.ndarray, list[int], list[int], dict[int, int]], seed: int) -> None:
    d, lower, upper, fixed = inst
    if sum(lower) > d.shape[0]:
        with pytest.raises(InvalidInput):
            solve_mdgp(d, lower, upper, seed=seed, fixed=fixed, max_iterations=30)
        return
    try:
        r1 = solve_mdgp(d, lower, upper, seed=seed, fixed=fixed, max_iterations=30)
    except Infeasible:
        counts = np.bincount(list(fixed.values()) or [0], minlength=len(lower)) * (1 if fixed else 0)
        free = d.shape[0] - len(fixed)
        assert sum(max(lo - c, 0) for lo, c in zip(lower, counts, strict=True)) > free
        return
    check(r1, d, lower, upper, fixed)
    r2 = solve_mdgp(d, lower, upper, seed=seed, fixed=fixed, max_iterations=30)
    assert r2.groups == r1.groups
    assert r2.iterations == r1.iterations


@pytest.mark.parametrize(
    "n,lower,upper", [(6, [3, 3], [3, 3]), (7, [2, 2], [4, 4]), (8, [1, 2, 2], [3, 3, 4])]
)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_optimal_on_tiny_instances(n: int, lower: list[int], upper: list[int], seed: int) -> None:
    d = random_d(n, seed + 100 * n)
    fixed = {0: 1} if seed == 2 else {}
    r = solve_mdgp(d, lower, upper, seed=seed, fixed=fixed, max_iterations=200)
    check(r, d, lower, upper, fixed)
    assert r.objective == pytest.approx(brute_force(d, lower, upper, fixed))


def test_initial_assignment_is_repaired_and_used() -> None:
    d = random_d(12, 5)
    initial = [0] * 12  # all in one group: infeasible, must be repaired
    r = solve_mdgp(d, [3, 3, 3, 3], [3, 3, 3, 3], seed=3, initial=initial, fixed={5: 2}, max_iterations=50)
    check(r, d, [3] * 4, [3] * 4, {5: 2})


def test_seconds_limit_is_honoured_and_progress_reported() -> None:
    d = random_d(60, 1)
    seen: list[float] = []
    r = solve_mdgp(d, [10] * 6, [10] * 6, seconds=0.3, seed=1, progress=seen.append)
    assert r.seconds < 0.3 + 0.5
    assert seen and seen[-1] == 1.0 and all(0.0 <= x <= 1.0 for x in seen)
    check(r, d, [10] * 6, [10] * 6, {})


def test_forbidden_pairs_are_avoided_when_possible() -> None:
    d = random_d(8, 9)
    d[0, 1] = d[1, 0] = -1e6
    d[2, 3] = d[3, 2] = -1e6
    r = solve_mdgp(d, [4, 4], [4, 4], seed=0, max_iterations=50)
    assert r.assignment[0] != r.assignment[1] and r.assignment[2] != r.assignment[3]


@pytest.mark.parametrize(
    "d,lower,upper,fixed,message",
    [
        (np.zeros((3, 4)), [1], [4], None, "square"),
        (np.array([[0, 1], [2, 0]], float), [1], [2], None, "symmetric"),
        (np.array([[0, np.nan], [np.nan, 0]]), [1], [2], None, "finite"),
        (np.zeros((4, 4)), [3, 3], [3, 3], None, "sum"),
        (np.zeros((4, 4)), [1, 1], [1, 1], None, "sum"),
        (np.zeros((4, 4)), [1, 1], [3], None, "upper"),
        (np.zeros((4, 4)), [3, 1], [2, 3], None, "lower <= upper"),
        (np.zeros((4, 4)), [2, 2], [2, 2], {7: 0}, "out of range"),
        (np.zeros((4, 4)), [2, 2], [2, 2], {0: 5}, "out of range"),
    ],
)
def test_invalid_input(
    d: np.ndarray, lower: list[int], upper: list[int], fixed: dict[int, int] | None, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        solve_mdgp(d, lower, upper, fixed=fixed, max_iterations=5)


def test_overfull_fixed_group_is_infeasible() -> None:
    with pytest.raises(Infeasible, match="group 0"):
        solve_mdgp(np.zeros((4, 4)), [2, 2], [2, 2], fixed={0: 0, 1: 0, 2: 0}, max_iterations=5)


def test_bad_seconds_and_iterations() -> None:
    with pytest.raises(InvalidInput, match="seconds"):
        solve_mdgp(np.zeros((4, 4)), [2, 2], [2, 2], seconds=0)
    with pytest.raises(InvalidInput, match="max_iterations"):
        solve_mdgp(np.zeros((4, 4)), [2, 2], [2, 2], max_iterations=0)
    with pytest.raises(InvalidInput, match="initial"):
        solve_mdgp(np.zeros((4, 4)), [2, 2], [2, 2], initial=[0, 1, 2, 0], max_iterations=5)
