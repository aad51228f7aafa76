"""Throughput of the multi-round search: CPU seconds for fixed iteration budgets (run by a command, never a test).

    .venv/bin/python -m bench.rounds_throughput [--repeats 3] [--out bench/results/rounds-throughput-<date>.txt]

A fixed amount of work (seeded, ``max_iterations``), so that a change of the kernels can be compared on a
loaded machine: the CPU time of the process is less noisy than wall time, and the quality reached does not
enter. Cases: the social golfer 8-4-10 from a greedy start (the O(1) fast path), round tables for 70 and 500
people (bench.seminar's populations), speed dating for 500 people, and 30 people at 3 tables for 3 rounds
(repeats forced: the per-person path). Median of ``--repeats`` seeds, after one untimed call (compilation).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.seminar import population, related
from optimiser import plan_speed, plan_tables, solve_golfer
from optimiser.rounds import warm_up


def cases() -> dict[str, Callable[[int], object]]:
    p70, p500, p30 = population(70, 35, 17, 1), population(500, 250, 100, 1), population(30, 15, 8, 1)
    r70, r500 = related(35, 1), related(250, 1)
    return {
        "golfer 8-4-10, greedy start, 20000 it": lambda s: solve_golfer(
            8, 4, 10, seed=s, construct=False, max_iterations=20_000),
        "tables 70 people, 9 x 3 rounds, 20000 it": lambda s: plan_tables(
            p70, tables=9, rounds=3, related_projects=r70, seed=s, max_iterations=20_000),
        "tables 500 people, 50 x 4 rounds, 3000 it": lambda s: plan_tables(
            p500, tables=50, rounds=4, related_projects=r500, seed=s, max_iterations=3_000),
        "speed 500 people x 8 rounds, 3000 it": lambda s: plan_speed(
            p500, rounds=8, related_projects=r500, seed=s, max_iterations=3_000),
        "tables 30 people, 3 x 3 rounds (repeats forced), 5000 it": lambda s: plan_tables(
            p30, tables=3, rounds=3, seed=s, max_iterations=5_000),
    }


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    warm_up()
    lines = [f"# bench.rounds_throughput repeats={args.repeats} {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
             "# CPU seconds of the whole call for a fixed iteration budget (median over seeds 1..repeats)",
             "# uptime before: " + _uptime()]
    print("\n".join(lines), flush=True)
    for name, run in cases().items():
        run(0)
        cpu = []
        for seed in range(1, args.repeats + 1):
            start = time.process_time()
            run(seed)
            cpu.append(time.process_time() - start)
        lines.append(f"{name:<58} median {statistics.median(cpu):6.3f} s  "
                     f"({', '.join(f'{c:.3f}' for c in cpu)})")
        print(lines[-1], flush=True)
    lines.append("# uptime after: " + _uptime())
    print(lines[-1])
    if args.out:
        args.out.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
