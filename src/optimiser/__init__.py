"""The grouping engine of Mötesplats: pure Python (numpy, numba, networkx), no Django.

Plain data in, plain data out, a `seed` for reproducible results, typed errors (`optimiser.errors`).
The public API is re-exported here as the modules land: see `__all__`. ``__version__`` is the engine's own
version: a plan records it beside its seed (bump it when a seed and budget give a different result).

Apart from the product path: file readers in :mod:`optimiser.io`, and the research solver of the maximally
diverse grouping problem with its benchmark harness in :mod:`optimiser.research` (the product path uses only its
solver, for one round of tables with ``plan_tables(..., engine="mdgp")``: :mod:`optimiser.table_round`).
"""

from optimiser import compiled  # noqa: F401  (first: it points numba's cache at $OPTIMISER_CACHE_DIR)
from optimiser.errors import Infeasible, InvalidInput, OptimiserError
from optimiser.golfer import solve_golfer
from optimiser.golfer_search import search_golfer
from optimiser.participants import (
    Participant,
    Weights,
    affinity_matrix,
    diversity_matrix,
    encounters,
    pair_reasons,
)
from optimiser.rounds import RoundsResult, solve_rounds
from optimiser.seminar import SpeedPlan, TablePlan, evaluate_plan, plan_speed, plan_tables
from optimiser.speed import solve_speed

__version__ = "2.0.0"

__all__ = ["Infeasible", "InvalidInput", "OptimiserError"]
__all__ += [
    "__version__",
    "Participant",
    "RoundsResult",
    "SpeedPlan",
    "TablePlan",
    "Weights",
    "affinity_matrix",
    "diversity_matrix",
    "encounters",
    "evaluate_plan",
    "pair_reasons",
    "plan_speed",
    "plan_tables",
    "search_golfer",
    "solve_golfer",
    "solve_rounds",
    "solve_speed",
]
