"""Engine subcommands of the `motesplats` console script (no Django is imported here)."""

from __future__ import annotations


def mdgp_main(argv: list[str]) -> int:
    from optimiser.research.cli_mdgp import main

    return main(argv)


def rounds_main(argv: list[str]) -> int:
    from optimiser.cli_seminar import rounds_main as run

    return run(argv)


def tables_main(argv: list[str]) -> int:
    from optimiser.cli_seminar import tables_main as run

    return run(argv)


def speed_main(argv: list[str]) -> int:
    from optimiser.cli_seminar import speed_main as run

    return run(argv)
