"""The engine package `optimiser` must never import Django: importing every module loads none of it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import optimiser


def all_modules() -> list[str]:
    path = [str(Path(p)) for p in optimiser.__path__]
    return ["optimiser"] + sorted(m.name for m in pkgutil.walk_packages(path, prefix="optimiser."))


def test_module_list_covers_the_engine() -> None:
    names = all_modules()
    for expected in ("optimiser.mdgp", "optimiser.mdgp_kernels", "optimiser.mdgplib", "optimiser.cli_mdgp"):
        assert expected in names


def test_importing_every_engine_module_loads_no_django() -> None:
    modules = all_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
        "print('ok', len(sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok")
