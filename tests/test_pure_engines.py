"""The engines never import Django: importing every module of `optimiser` (the grouping engine) or of
`motesplats.discovery.engine` (the discovery engine), in a fresh interpreter, loads none of it; and the
product path of the grouping engine does not depend on its research code (`optimiser.research`)."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

ENGINES = {
    "optimiser": (
        "optimiser.rounds_kernels",
        "optimiser.seminar",
        "optimiser.io.people_csv",
        "optimiser.io.mdgplib",
        "optimiser.research.mdgp_kernels",
    ),
    "motesplats.discovery.engine": ("motesplats.discovery.engine.index", "motesplats.discovery.engine.text"),
}


def all_modules(package: str) -> list[str]:
    path = list(importlib.import_module(package).__path__)
    return [package] + sorted(m.name for m in pkgutil.walk_packages(path, prefix=f"{package}."))


@pytest.mark.parametrize("package", sorted(ENGINES))
def test_module_list_covers_the_engine(package: str) -> None:
    names = all_modules(package)
    for expected in ENGINES[package]:
        assert expected in names


@pytest.mark.parametrize("package", sorted(ENGINES))
def test_importing_every_engine_module_loads_no_django(package: str) -> None:
    modules = all_modules(package)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
        "print('ok', len(sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok")


def test_product_path_imports_no_research_code() -> None:
    product = [m for m in all_modules("optimiser") if not m.startswith("optimiser.research")]
    code = (
        "import importlib, sys\n"
        f"for name in {product!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith('optimiser.research'))\n"
        "assert not bad, bad\n"
        "print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok")
