"""The engine's one random-number scheme: a xorshift64* generator whose whole state is one ``uint64`` array.

Every solver turns its ``seed`` into a state with :func:`new_state` and draws everything from it, in Python
(through the compiled helpers below) and inside the numba kernels alike, so that a seed (and an iteration
budget) reproduces a result exactly. No global random state is used anywhere.

>>> state = new_state(7)
>>> a = [int(rand_int(state, 10)) for _ in range(5)]
>>> state = new_state(7)
>>> a == [int(rand_int(state, 10)) for _ in range(5)]
True
>>> sorted(permutation(new_state(1), 5).tolist())
[0, 1, 2, 3, 4]
"""

from __future__ import annotations

import secrets

import numpy as np
import numpy.typing as npt
from numba import njit

State = npt.NDArray[np.uint64]
"""A (1,) ``uint64`` array, never zero; drawing advances it in place."""

__all__ = [
    "State",
    "draw_seed",
    "new_seed",
    "new_state",
    "permutation",
    "rand_float",
    "rand_int",
    "rand_u64",
    "random_floats",
]

_S11 = np.uint64(11)
_S32 = np.uint64(32)
_S12 = np.uint64(12)
_S25 = np.uint64(25)
_S27 = np.uint64(27)
_MULT = np.uint64(2685821657736338717)
_MASK = (1 << 64) - 1
SEED_BITS = 62


def new_seed() -> int:
    """A fresh seed from the operating system, for callers that give none (and then report it)."""
    return secrets.randbits(SEED_BITS)


def new_state(seed: int) -> State:
    """The generator state for a seed (any integer; the splitmix64 finaliser spreads it over 64 bits).

    >>> int(new_state(0)[0]) != 0 and int(new_state(0)[0]) != int(new_state(1)[0])
    True
    """
    z = (int(seed) * 0x9E3779B97F4A7C15 + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    z ^= z >> 31
    return np.array([z or 0x9E3779B97F4A7C15], dtype=np.uint64)


@njit(cache=True, inline="always")
def rand_u64(state):  # type: ignore[no-untyped-def]
    """One draw of xorshift64*."""
    x = state[0]
    x ^= x >> _S12
    x ^= x << _S25
    x ^= x >> _S27
    state[0] = x
    return x * _MULT


@njit(cache=True, inline="always")
def rand_int(state, k):  # type: ignore[no-untyped-def]
    """A uniform integer in ``[0, k)`` (``1 <= k < 2**32``): the top 32 bits scaled by ``k`` (Lemire's
    multiply-shift, without a division)."""
    return np.int64(((rand_u64(state) >> _S32) * np.uint64(k)) >> _S32)


@njit(cache=True)
def rand_float(state):  # type: ignore[no-untyped-def]
    """A uniform float in ``[0, 1)``."""
    return np.float64(rand_u64(state) >> _S11) / 9007199254740992.0


@njit(cache=True)
def permutation(state, n):  # type: ignore[no-untyped-def]
    """A uniform random permutation of ``0..n-1`` (Fisher-Yates)."""
    out = np.arange(n)
    for i in range(n - 1, 0, -1):
        j = rand_int(state, i + 1)
        tmp = out[i]
        out[i] = out[j]
        out[j] = tmp
    return out


@njit(cache=True)
def random_floats(state, n):  # type: ignore[no-untyped-def]
    """``n`` uniform floats in ``[0, 1)``."""
    out = np.empty(n)
    for i in range(n):
        out[i] = rand_float(state)
    return out


def draw_seed(state: State) -> int:
    """A seed for a sub-solver, drawn from ``state`` (its stream is then independent of this one's)."""
    return int(rand_u64(state) >> np.uint64(64 - SEED_BITS))
