"""Research code, apart from the product path: the maximally diverse grouping problem (MDGP) solver
(:mod:`optimiser.research.mdgp`, numba kernels in :mod:`optimiser.research.mdgp_kernels`), its benchmark
harness on MDGPLIB (:mod:`optimiser.research.mdgp_bench`, what a run records and side-by-side tables in
:mod:`optimiser.research.mdgp_report`) and the ``motesplats mdgp`` commands (:mod:`optimiser.research.cli_mdgp`).
The instance reader is :mod:`optimiser.io.mdgplib`.

The product path imports only :func:`~optimiser.research.mdgp.solve_mdgp`, through
:mod:`optimiser.table_round` (``plan_tables(..., engine="mdgp")``, one round); the default engine of the
web application's plans remains the rounds solver.
"""

from optimiser.research.mdgp import MdgpResult, objective_of, solve_mdgp

__all__ = ["MdgpResult", "objective_of", "solve_mdgp"]
