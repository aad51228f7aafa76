"""The social golfer problem: ``groups`` tables of ``size`` people for ``weeks`` rounds, with as few repeated
encounters as possible.

A good start comes from an affine-plane construction when ``groups`` is a prime power (person ``(x, y)``,
table in round ``k`` = ``y + k x`` over GF(q)), else (and at every random restart) from the freedom heuristic
of Triska and Musliu (2012); optionally from a bank of verified schedules
(:func:`optimiser.io.golfer_bank.load_golfer_bank`) when one of the same dimensions exists. The tabu search of
:func:`optimiser.rounds.solve_rounds` then removes the remaining repeats. Search alone, without construction
or bank, is :func:`optimiser.golfer_search.search_golfer` (``motesplats rounds solve --method search``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np

from optimiser import rng
from optimiser.errors import InvalidInput
from optimiser.rounds import Progress, RoundsResult, Schedule, solve_rounds

__all__ = ["affine_schedule", "solve_golfer"]


def _gf(q: int) -> tuple[list[list[int]], list[list[int]]] | None:
    """Addition and multiplication tables of GF(q) for a prime power q (None otherwise)."""
    p = next((f for f in range(2, q + 1) if q % f == 0), q)
    e = 0
    v = q
    while v % p == 0:
        v //= p
        e += 1
    if v != 1:
        return None

    def digits(x: int) -> list[int]:
        return [(x // p**i) % p for i in range(e)]

    def number(ds: list[int]) -> int:
        return sum(c * p**i for i, c in enumerate(ds))

    add = [[number([(u + w) % p for u, w in zip(digits(x), digits(y), strict=True)]) for y in range(q)]
           for x in range(q)]
    if e == 1:
        return add, [[(x * y) % p for y in range(q)] for x in range(q)]
    # find a monic irreducible polynomial of degree e: no root-free test suffices only for e <= 3, so check
    # that multiplication has no zero divisors
    for tail in range(p**e):
        poly = digits(tail) + [1]

        def mul(x: int, y: int, poly: list[int] = poly) -> int:
            a, b = digits(x), digits(y)
            prod = [0] * (2 * e - 1)
            for i, ai in enumerate(a):
                for j, bj in enumerate(b):
                    prod[i + j] = (prod[i + j] + ai * bj) % p
            for deg in range(2 * e - 2, e - 1, -1):
                c = prod[deg]
                if c:
                    for i in range(e + 1):
                        prod[deg - e + i] = (prod[deg - e + i] - c * poly[i]) % p
            return number(prod[:e])

        table = [[mul(x, y) for y in range(q)] for x in range(q)]
        if all(all(table[x][y] != 0 for y in range(1, q)) for x in range(1, q)):
            return add, table
    return None  # pragma: no cover


def affine_schedule(groups: int, size: int, weeks: int) -> list[list[list[int]]]:
    """As many zero-repeat rounds (at most ``weeks``) as the affine plane of order ``groups`` gives.

    Person ``x * groups + y`` (column ``x < size``, row ``y``) sits at table ``y + k x`` in round ``k``
    (GF(groups) arithmetic); when ``size`` divides ``groups`` one more round seats each column apart.
    Returns ``[]`` unless ``groups`` is a prime power and ``size <= groups``.

    >>> from optimiser.rounds import count_repeats
    >>> sched = affine_schedule(5, 3, 7)
    >>> len(sched), count_repeats(sched)
    (5, 0)
    >>> len(affine_schedule(8, 4, 9)), count_repeats(affine_schedule(8, 4, 9))
    (9, 0)
    """
    if size > groups or groups < 2:
        return []
    f = _gf(groups)
    if f is None:
        return []
    add, mul = f
    out: list[list[list[int]]] = []
    for k in range(min(weeks, groups)):
        tables: list[list[int]] = [[] for _ in range(groups)]
        for x in range(size):
            for y in range(groups):
                tables[add[y][mul[k][x]]].append(x * groups + y)
        out.append(tables)
    if len(out) < weeks and groups % size == 0:
        tables = []
        for x in range(size):
            col = [x * groups + y for y in range(groups)]
            tables += [col[i : i + size] for i in range(0, groups, size)]
        out.append(tables)
    return out


def _relabel(sched: Sequence[Sequence[Sequence[int]]], state: rng.State, n: int) -> list[list[list[int]]]:
    perm = rng.permutation(state, n)
    return [[[int(perm[p]) for p in t] for t in rnd] for rnd in sched]


def solve_golfer(
    groups: int,
    size: int,
    weeks: int,
    *,
    seconds: float = 60.0,
    seed: int | None = None,
    max_iterations: int | None = None,
    bank: Mapping[tuple[int, int], Schedule] | None = None,
    construct: bool = True,
    progress: Progress | None = None,
    tuning: Mapping[str, float] | None = None,
    cpu_time: bool = False,
) -> RoundsResult:
    """The social golfer problem: ``groups`` tables of ``size`` for ``weeks`` rounds, fewest repeats.

    The start is the affine-plane construction when ``groups`` is a prime power (``construct``), else a
    greedy plan; with a ``bank`` (see :func:`optimiser.io.golfer_bank.load_golfer_bank`) holding a schedule of
    the same ``(groups, size)`` and at least ``weeks`` rounds, its first rounds (randomly relabelled) are the
    start. The tabu search then removes the remaining repeats; the result is always checked. ``seconds``,
    ``seed``, ``max_iterations`` (which replaces the time limit), ``progress``, ``tuning`` and ``cpu_time`` are
    those of :func:`optimiser.rounds.solve_rounds`; the result's ``seed`` is the one given (or drawn).

    >>> res = solve_golfer(5, 3, 7, seed=3, max_iterations=20_000)
    >>> res.repeat_pairs
    0
    >>> len(res.rounds), sorted(len(t) for t in res.rounds[6])
    (7, [3, 3, 3, 3, 3])
    """
    if groups < 1 or size < 1 or weeks < 1:
        raise InvalidInput("groups, size and weeks must be at least 1")
    n = groups * size
    seed = rng.new_seed() if seed is None else int(seed)
    state = rng.new_state(seed)
    initial: list[list[list[int]]] | None = None
    if bank is not None and (groups, size) in bank and len(bank[(groups, size)]) >= weeks:
        initial = _relabel(bank[(groups, size)][:weeks], state, n)
    elif construct:
        aff = affine_schedule(groups, size, weeks)
        if aff:
            initial = _relabel(aff, state, n)
    result = solve_rounds(
        np.zeros((n, n)),
        rounds=weeks,
        tables=groups,
        lower=size,
        upper=size,
        initial=initial,
        seconds=seconds,
        seed=rng.draw_seed(state),
        max_iterations=max_iterations,
        progress=progress,
        tuning={"fair": 0.0, **(tuning or {})},
        cpu_time=cpu_time,
    )
    return dataclasses.replace(result, seed=seed)
