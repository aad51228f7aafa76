"""Run the MDGP solver on MDGPLIB instances and compare with the best-known values (BKS).

Used by ``motesplats mdgp bench`` and ``python -m bench.mdgp``. One run per instance, one
process; the gap is ``100 * (bks - objective) / bks`` (positive = worse than the BKS).
The time limit is measured in CPU time of this process (``solve_mdgp(..., cpu_time=True)``), as
in the TPSDP code that produced the best-known values (``clock()``); on a shared, loaded machine
the wall-clock time of a run is therefore longer and is printed beside it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from optimiser.errors import InvalidInput

__all__ = ["BenchRow", "run_bench"]

#: The literature's time limits (Yang et al. 2022), seconds by n.
DEFAULT_SECONDS = {120: 3.0, 240: 20.0, 480: 120.0, 960: 600.0}


@dataclass(frozen=True)
class BenchRow:
    """The outcome of one instance."""

    instance: str
    objective: float
    bks: float
    bks_average: float
    gap_percent: float
    seconds: float
    wall_seconds: float
    iterations: int
    feasible: bool
    process_seconds: float = 0.0
    seed: int = 0


def run_bench(
    *,
    family: str,
    n: int,
    sizes: Sequence[str] = ("ss", "ds"),
    instances: Sequence[int] = (1, 2, 3, 4, 5),
    seconds: float | None = None,
    seed: int = 1,
    progress: bool = True,
    out: TextIO | None = None,
    data_dir: Path | None = None,
) -> list[BenchRow]:
    """Solve each instance once and print a table (and the totals) to ``out`` (stdout).

    ``data_dir``: the MDGPLIB folder (default :func:`~optimiser.io.mdgplib.find_data_dir`). ``seconds`` of a
    row is the CPU time of the search (the limit), ``process_seconds`` the CPU time of the whole call
    (``time.process_time``, with the setup) and ``wall_seconds`` its wall-clock time.
    """
    from tqdm import tqdm

    from optimiser.io.mdgplib import find_data_dir, instance_path, read_best_known, read_instance
    from optimiser.research.mdgp import _warm_up, solve_mdgp

    stream = out or sys.stdout
    limit = seconds or DEFAULT_SECONDS.get(n)
    if limit is None:
        raise InvalidInput(f"no default time limit for n={n}: give --seconds")
    data = data_dir or find_data_dir()
    bks = read_best_known(data)
    names = [f"{family}_n{n:03d}_{s}_{i:02d}" for s in sizes for i in instances]
    for name in names:
        if name not in bks:
            raise InvalidInput(f"no best-known value for {name} in the BKS table")
        if not instance_path(name, data).is_file():
            raise InvalidInput(f"instance file missing: {instance_path(name, data)}")
    print(
        f"# MDGP bench {family} n={n} sizes={','.join(sizes)} instances={list(instances)} "
        f"seconds={limit:g} seed={seed}",
        file=stream,
    )
    header = f"{'instance':<22} {'objective':>14} {'bks':>14} {'gap%':>8} {'tpsdp_avg_gap%':>15} {'cpu_s':>7} {'wall_s':>7} {'iters':>9}"
    print(header, file=stream, flush=True)
    rows: list[BenchRow] = []
    _warm_up()  # numba compilation (or loading its cache) before any clock: not part of process_seconds
    bar = tqdm(total=len(names) * limit, unit="s", file=sys.stderr, disable=not progress, bar_format=None)
    for k, name in enumerate(names):
        inst = read_instance(instance_path(name, data))
        bar.set_description(name)
        done_before = k * limit

        def tick(fraction: float, base: float = done_before) -> None:
            bar.n = round(base + fraction * limit, 1)
            bar.refresh()

        t0, c0 = time.perf_counter(), time.process_time()
        result = solve_mdgp(
            inst.d, inst.lower, inst.upper, seconds=limit, seed=seed, progress=tick, cpu_time=True
        )
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        best = bks[name]
        row = BenchRow(
            instance=name,
            objective=result.objective,
            bks=best.best,
            bks_average=best.average,
            gap_percent=100.0 * (best.best - result.objective) / best.best,
            seconds=result.seconds,
            wall_seconds=wall,
            iterations=result.iterations,
            feasible=result.feasible,
            process_seconds=cpu,
            seed=seed,
        )
        rows.append(row)
        avg_gap = 100.0 * (best.best - best.average) / best.best
        bar.clear()
        print(
            f"{name:<22} {row.objective:>14.3f} {row.bks:>14.3f} {row.gap_percent:>8.4f} {avg_gap:>15.4f} "
            f"{row.seconds:>7.2f} {row.wall_seconds:>7.2f} {row.iterations:>9d}"
            + ("" if row.feasible else "  INFEASIBLE"),
            file=stream,
            flush=True,
        )
    bar.close()
    total_obj = sum(r.objective for r in rows)
    total_bks = sum(r.bks for r in rows)
    mean_gap = sum(r.gap_percent for r in rows) / len(rows)
    mean_avg_gap = sum(100.0 * (r.bks - r.bks_average) / r.bks for r in rows) / len(rows)
    print(
        f"{'TOTAL':<22} {total_obj:>14.3f} {total_bks:>14.3f} {100 * (total_bks - total_obj) / total_bks:>8.4f}"
        f" {mean_avg_gap:>15.4f}",
        file=stream,
    )
    print(
        f"mean gap {mean_gap:.4f} % over {len(rows)} instances (TPSDP's own 20-run average: "
        f"{mean_avg_gap:.4f} % under its best); worst {max(r.gap_percent for r in rows):.4f} %",
        file=stream,
        flush=True,
    )
    return rows
