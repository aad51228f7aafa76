"""Speed dating: ``r`` rounds of one-to-one meetings (one triad per round when the count is odd).

No pair meets twice across the rounds or the history, no pair of one organisation where that is possible,
and the total affinity of the pairs met is as high as possible. The rounds are planned together: the start is
the circle-method 1-factorisation of the complete graph (for an even ``n`` it has ``n - 1`` perfect matchings
without any repeat, so a feasible schedule is found whenever ``r <= n - 1`` and there is no other constraint),
with the people randomly labelled; the multi-round tabu search of :mod:`optimiser.rounds` then exchanges
partners within a round (every round stays a perfect matching) to raise affinity and remove repeats,
same-organisation pairs and forbidden pairs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from optimiser import rng
from optimiser.errors import InvalidInput
from optimiser.rounds import Progress, RoundsResult, solve_rounds

__all__ = ["circle_schedule", "solve_speed"]


def circle_schedule(n: int, rounds: int) -> list[list[list[int]]]:
    """The first ``rounds`` rounds of the circle method for ``n`` people (``n >= 2``).

    For an odd ``n`` a phantom partner makes the count even; the person who would meet it joins the round's
    first pair instead (a triad).

    >>> circle_schedule(4, 3)
    [[[0, 3], [1, 2]], [[1, 3], [2, 0]], [[2, 3], [0, 1]]]
    >>> circle_schedule(5, 1)
    [[[1, 4, 0], [2, 3]]]
    """
    if n < 2:
        raise InvalidInput("speed dating needs at least two people")
    big = n if n % 2 == 0 else n + 1
    out: list[list[list[int]]] = []
    for k in range(rounds):
        r = k % (big - 1)
        pairs = [[r, big - 1]] + [[(r + i) % (big - 1), (r - i) % (big - 1)] for i in range(1, big // 2)]
        if big != n:
            lone = next(p for p in pairs if n in p)
            other = lone[0] if lone[1] == n else lone[1]
            pairs.remove(lone)
            pairs[0] = [*pairs[0], other]
        out.append(pairs)
    return out


def solve_speed(
    affinity: npt.ArrayLike,
    rounds: int,
    *,
    history: Iterable[tuple[int, int]] = (),
    organisation: Sequence[object] | None = None,
    forbidden: Iterable[tuple[int, int]] = (),
    previous: Sequence[Sequence[Sequence[int]]] | None = None,
    locked: Iterable[int] = (),
    change_penalty: float | None = None,
    seconds: float = 5.0,
    seed: int | None = None,
    max_iterations: int | None = None,
    progress: Progress | None = None,
    sit_out: bool = False,
    cpu_time: bool = False,
) -> RoundsResult:
    """Plan ``rounds`` rounds of pairs (and, when ``n`` is odd, one triad per round, or with ``sit_out`` one
    person who sits out as a group of one: a different person each round while there are people left).

    Parameters
    ----------
    affinity : (n, n) array_like
        How much a meeting of i and j is worth (symmetric).
    rounds : int
        Number of rounds.
    history, organisation, forbidden, seconds, seed, max_iterations, progress, cpu_time
        As in :func:`optimiser.rounds.solve_rounds` (``max_iterations`` replaces the time limit; the result's
        ``seed`` is the one given, or drawn).
    previous, locked, change_penalty
        As in :func:`optimiser.rounds.solve_rounds`: ``previous[k]`` lists groups (pairs, at most one triad)
        of round ``k`` that should stay; their index is the slot. Without ``previous`` the search starts from
        the circle method; with it, from the previous groups (the rest filled greedily).

    sit_out : bool
        With an odd ``n``: pairs only, and the last group of each round is the one person who sits out (never
        someone ``locked``).

    Returns
    -------
    RoundsResult
        ``rounds[k]`` lists the pairs (and triad, or the one who sits out) of round ``k``.

    Examples
    --------
    >>> import numpy as np
    >>> res = solve_speed(np.zeros((8, 8)), 7, seed=1, max_iterations=2000)
    >>> res.repeat_pairs, [len(r) for r in res.rounds]
    (0, [4, 4, 4, 4, 4, 4, 4])
    >>> res = solve_speed(np.zeros((7, 7)), 3, seed=1, max_iterations=2000)
    >>> res.repeat_pairs, sorted(len(p) for p in res.rounds[0])
    (0, [2, 2, 3])
    >>> res = solve_speed(np.zeros((7, 7)), 3, seed=1, max_iterations=2000, sit_out=True)
    >>> res.repeat_pairs, [len(p) for p in res.rounds[0]], len({r[-1][0] for r in res.rounds})
    (0, [2, 2, 2, 1], 3)
    """
    w = np.asarray(affinity, dtype=np.float64)
    if w.ndim != 2 or w.shape[0] != w.shape[1]:
        raise InvalidInput(f"affinity must be a square matrix, got shape {w.shape}")
    n = w.shape[0]
    if n < 2:
        raise InvalidInput("speed dating needs at least two people")
    if rounds < 1:
        raise InvalidInput("rounds must be at least 1")
    seed = rng.new_seed() if seed is None else int(seed)
    state = rng.new_state(seed)
    perm = rng.permutation(state, n)
    if sit_out and n % 2 == 1:
        return dataclasses.replace(_solve_sitting_out(
            w, rounds, perm, history=history, organisation=organisation, forbidden=forbidden, previous=previous,
            locked=locked, change_penalty=change_penalty, seconds=seconds, seed=rng.draw_seed(state),
            max_iterations=max_iterations, progress=progress, cpu_time=cpu_time), seed=seed)
    start = (None if previous is not None
             else [[[int(perm[p]) for p in pair] for pair in rnd] for rnd in circle_schedule(n, rounds)])
    result = solve_rounds(
        w,
        rounds=rounds,
        tables=n // 2,
        lower=2,
        upper=2 if n % 2 == 0 else 3,
        history=history,
        organisation=organisation,
        forbidden=forbidden,
        previous=previous,
        locked=locked,
        change_penalty=change_penalty,
        initial=start,
        seconds=seconds,
        seed=rng.draw_seed(state),
        max_iterations=max_iterations,
        progress=progress,
        cpu_time=cpu_time,
    )
    return dataclasses.replace(result, seed=seed)


def _solve_sitting_out(
    w: npt.NDArray[np.float64],
    rounds: int,
    perm: npt.NDArray[np.int64],
    *,
    previous: Sequence[Sequence[Sequence[int]]] | None,
    locked: Iterable[int],
    **kwargs: object,
) -> RoundsResult:
    """Odd ``n``, pairs only: ``n // 2`` pair slots and a last slot for one person, fixed in each round (taken
    in turn from a random order, never a locked person; on a recompute someone whose pair did not stay). Without ``previous`` the start is the circle method
    for ``n + 1`` people, whose phantom partner is the one who sits out."""
    n = w.shape[0]
    pairs = n // 2
    locked_set = {int(i) for i in locked}
    order = [int(p) for p in perm if int(p) not in locked_set] + [int(p) for p in perm if int(p) in locked_set]
    sitters = [order[k % n] for k in range(rounds)]
    if previous is not None:  # a recompute: someone whose pair did not stay sits out, so kept pairs stay
        for k in range(min(rounds, len(previous))):
            paired = {p for g in previous[k] for p in g}
            free = [p for p in order if p not in paired and p not in locked_set and p not in sitters[:k]]
            if free:
                sitters[k] = free[0]
    fixed: dict[int | tuple[int, int], int] = {(sitters[k], k): pairs for k in range(rounds)}
    start = None
    kept = None
    if previous is not None:
        kept = [[list(g) for g in rnd if sitters[k] not in g][:pairs] for k, rnd in enumerate(previous)]
    else:  # the circle method pairs label k % n with the phantom n in round k: that label is sitters[k]
        start = [[[order[a], order[b]] for a, b in rnd if n not in (a, b)] + [[sitters[k]]]
                 for k, rnd in enumerate(circle_schedule(n + 1, rounds))]
    return solve_rounds(w, rounds=rounds, tables=pairs + 1, lower=[2] * pairs + [1], upper=[2] * pairs + [1],
                        fixed=fixed, previous=kept, locked=locked_set, initial=start, **kwargs)  # type: ignore[arg-type]
