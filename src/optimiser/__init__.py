"""The grouping engine of Mötesplats: pure Python (numpy, numba, networkx), no Django.

Plain data in, plain data out, a `seed` for reproducible results, typed errors (`optimiser.errors`).
The public API is re-exported here as the modules land: see `__all__`.
"""

from optimiser.errors import Infeasible, InvalidInput, OptimiserError

__all__ = ["Infeasible", "InvalidInput", "OptimiserError"]
