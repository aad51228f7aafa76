"""Where the engine's compiled code (numba's on-disk cache) lives, and how to fill it ahead of the first plan.

Compiling the kernels takes tens of seconds; numba keeps the result on disk (``cache=True``). The directory is
``$OPTIMISER_CACHE_DIR`` (the web application sets it from its ``ENGINE_CACHE_DIR`` setting), else numba's
default (``__pycache__`` beside the sources). :func:`configure` runs when :mod:`optimiser` is imported, before the
kernels are. A read-only directory, e.g. one filled while building a read-only install, is copied once to a
writable temporary directory and used from there, so that the first plan loads instead of compiling.

Fill it with ``python -m optimiser.warm`` (or ``manage.py warm_engine``), which :func:`warm` does::

    OPTIMISER_CACHE_DIR=/srv/motesplats/engine-cache python -m optimiser.warm
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

__all__ = ["ENV", "cache_dir", "configure", "preload", "warm"]

ENV = "OPTIMISER_CACHE_DIR"


def _writable(path: Path) -> bool:
    try:
        path.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=path).close()
    except OSError:
        return False
    return True


def configure(path: str | os.PathLike[str] | None = None) -> Path | None:
    """Use ``path`` (default: ``$OPTIMISER_CACHE_DIR``) as the compiled-code cache; returns the directory in use
    (None: numba's default). Takes effect for kernels not yet imported (call it before importing them)."""
    wanted = path if path is not None else os.environ.get(ENV)
    if not wanted:
        return None
    target = Path(wanted).resolve()
    if not _writable(target):
        digest = hashlib.sha256(str(target).encode()).hexdigest()[:12]
        copy = Path(tempfile.gettempdir()) / f"optimiser-cache-{os.getuid() if hasattr(os, 'getuid') else 0}-{digest}"
        if target.is_dir():
            shutil.copytree(target, copy, dirs_exist_ok=True)
        copy.mkdir(parents=True, exist_ok=True)
        target = copy
    os.environ["NUMBA_CACHE_DIR"] = str(target)
    if "numba" in sys.modules:
        from numba.core import config

        config.CACHE_DIR = str(target)  # type: ignore[attr-defined]
    return target


def cache_dir() -> str:
    """The directory numba caches in now ('' for its default, beside the sources)."""
    from numba.core import config

    return str(config.CACHE_DIR or "")  # type: ignore[attr-defined]


def warm(*, research: bool = False) -> float:
    """Compile (or load) every kernel of the product's engine on tiny instances (with ``research``, also the
    research MDGP solver's, :mod:`optimiser.research`); returns the seconds it took.

    >>> warm() >= 0
    True
    """
    t0 = time.perf_counter()
    from optimiser import golfer_search, rounds
    from optimiser.participants import Participant
    from optimiser.seminar import plan_speed, plan_tables

    rounds.warm_up()
    golfer_search.warm_up()
    people = [Participant(f"p{i}", organisation=f"o{i % 3}", project=f"x{i % 4}") for i in range(7)]
    plan_tables(people, tables=2, rounds=2, seed=0, max_iterations=20)
    plan_speed(people, rounds=2, seed=0, max_iterations=20, sit_out=True)
    plan_speed(people[:6], rounds=2, seed=0, max_iterations=20)
    if research:
        from optimiser.research import mdgp_kernels

        mdgp_kernels.warm_up()
    return time.perf_counter() - t0


def preload() -> threading.Thread:
    """Load (or compile) the kernels in a background thread, e.g. when a web worker starts, so that the first
    plan does not pay for loading them; returns the thread."""
    thread = threading.Thread(target=warm, name="optimiser-preload", daemon=True)
    thread.start()
    return thread


configure()  # on import (the package imports this module before any kernel)
