"""One round of tables solved as a maximally diverse grouping problem (MDGP) with hard constraints.

:func:`solve_table_round` takes the same input as :func:`optimiser.rounds.solve_rounds` for one round and
checks it the same way (:mod:`optimiser.rounds_setup`), then hands the grouping to the MDGP search of
:mod:`optimiser.research.mdgp` (memetic search with iterated maxima search, O(1) insert/swap evaluation):

* the diversity ``d`` (features: organisation, project, role, themes, related projects, see
  :func:`optimiser.participants.diversity_matrix`) is what the grouping maximises;
* a pair that met before (``history``) and two colleagues (``organisation``) cost the same heavy penalties
  as in the rounds solver (more than any gain in diversity), and a ``forbidden`` pair a much heavier one:
  a result that still seats one together raises :class:`~optimiser.errors.Infeasible`;
* ``fixed`` seats (hosts) are fixed elements of the MDGP: they never move.

The result is a :class:`~optimiser.rounds.RoundsResult` with one round, counted directly from the plan.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from optimiser import rounds_setup as setup
from optimiser.rounds import RoundsResult, _result

__all__ = ["solve_table_round"]


def solve_table_round(
    d: npt.ArrayLike,
    *,
    tables: int,
    lower: int | Sequence[int],
    upper: int | Sequence[int],
    history: Iterable[tuple[int, int]] = (),
    organisation: Sequence[object] | None = None,
    forbidden: Iterable[tuple[int, int]] = (),
    fixed: Mapping[int | tuple[int, int], int] | None = None,
    seconds: float = 5.0,
    seed: int | None = None,
    max_iterations: int | None = None,
    cpu_time: bool = False,
) -> RoundsResult:
    """Seat ``n`` people at ``tables`` tables for one round, maximising the diversity at the tables.

    Parameters as in :func:`optimiser.rounds.solve_rounds` (one round: ``fixed`` maps a person, or
    ``(person, 0)``, to a table),
    except ``max_iterations``: a budget of MDGP descents (with a seed the result is reproducible).

    Raises
    ------
    InvalidInput, Infeasible
        As :func:`optimiser.rounds.solve_rounds`.

    Examples
    --------
    >>> import numpy as np
    >>> org = ["a", "a", "b", "b", "c", "c"]
    >>> res = solve_table_round(np.ones((6, 6)), tables=2, lower=3, upper=3, organisation=org,
    ...                         history=[(0, 2)], forbidden=[(0, 4)], fixed={0: 1}, seed=1, max_iterations=50)
    >>> res.rounds[0], res.same_org_pairs, res.repeat_pairs  # 0 hosts table 1, away from 2 (met) and 4
    (((1, 2, 4), (0, 3, 5)), 0, 0)
    """
    from optimiser.research.mdgp import solve_mdgp  # opt-in: the default product path loads no research code

    clock = time.process_time if cpu_time else time.perf_counter
    t0 = clock()
    inst = setup.instance(d, rounds=1, tables=tables, lower=lower, upper=upper, history=history,
                          organisation=organisation, forbidden=forbidden, fixed=fixed, previous=None,
                          locked=())
    problem = setup.problem(inst, change_penalty=None, tuning={"fair": 0.0})
    w = problem.w - problem.w_rep * inst.hist
    np.fill_diagonal(w, 0.0)
    hosts = {int(i): int(inst.seats[0, i]) for i in np.flatnonzero(inst.seats[0] >= 0)}
    t_setup = clock()
    res = solve_mdgp(w, [int(x) for x in inst.lo], [int(x) for x in inst.hi], fixed=hosts,
                     seconds=max(0.01, seconds - (t_setup - t0)), seed=seed, max_iterations=max_iterations,
                     cpu_time=cpu_time)
    t_search = clock()
    plan = _result(inst, np.array([res.assignment], dtype=np.int64), iterations=res.iterations,
                   seed=0 if seed is None else int(seed), seconds=0.0)
    t_end = clock()
    return dataclasses.replace(
        plan, seconds=t_end - t0,
        timings=(("setup", t_setup - t0), ("start", 0.0), ("search", t_search - t_setup), ("result", t_end - t_search)),
    )
