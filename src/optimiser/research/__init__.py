"""Research code, apart from the product path: the maximally diverse grouping problem (MDGP) solver
(:mod:`optimiser.research.mdgp`, numba kernels in :mod:`optimiser.research.mdgp_kernels`), its benchmark
harness on MDGPLIB (:mod:`optimiser.research.mdgp_bench`) and the ``motesplats mdgp`` commands
(:mod:`optimiser.research.cli_mdgp`). The instance reader is :mod:`optimiser.io.mdgplib`.

Nothing the web application uses (the rounds, seminar, speed and golfer solvers) imports this package.
"""

from optimiser.research.mdgp import MdgpResult, objective_of, solve_mdgp

__all__ = ["MdgpResult", "objective_of", "solve_mdgp"]
