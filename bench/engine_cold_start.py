"""Cold start of the engine: the first 70-person plan in a fresh process, with numba's cache (the engine cache
directory) empty, filled by the warm step that `make demo` and the production install run, or warm; and the
time of an early-stopped plan against its budget.

    .venv/bin/python -m bench.engine_cold_start --runs 5 --cold-runs 1 --record bench/results/engine-cold-start.txt

Each measurement runs in a new process with ``OPTIMISER_CACHE_DIR`` set to a fresh temporary directory:

- ``empty cache``: the first plan compiles every kernel (what a fresh install without the warm step does);
- ``after warm step``: ``python -m optimiser.warm`` (= ``manage.py warm_engine``) ran first, in its own
  process; the plan's process only loads the compiled code (the goal: < 2 s more than warm);
- ``preloaded``: as ``after warm step``, but the process loads the kernels in the background as it starts
  (``optimiser.compiled.preload``, what a Celery worker process and the development server do) and the first
  plan comes ``--wait`` seconds later;
- ``warm``: the same plan again in the same process.

The plan is round tables for 70 people from 24 organisations and 35 projects, 9 tables, 1 round, with a fixed
iteration budget (so that the time differences are the compile/load overhead); the time includes importing the
engine. The early-stopped plan: speed dating, 3 rounds, 70 people whose only difference is their
organisation (every cross-organisation pair is worth the same), budget 3.5 s (the default for 70 people).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from optimiser import Participant, Weights, compiled, plan_speed, plan_tables
imported = time.perf_counter() - t0
if sys.argv[1] == "preload":  # as a planning worker does when it starts; the first request comes later
    compiled.preload()
    time.sleep(float(sys.argv[2]))
    imported = 0.0
people = [Participant(f"p{i}", organisation=f"org{i % 24}", project=f"proj{i % 35}",
                      themes=frozenset({f"t{i % 5}", f"t{i % 7}"})) for i in range(70)]
def tables():
    t = time.perf_counter()
    plan_tables(people, tables=9, rounds=1, seed=1, max_iterations=4000)
    return time.perf_counter() - t
first = imported + tables()
warm = tables()
flat = [Participant(f"q{i}", organisation=f"org{i % 24}") for i in range(70)]
t = time.perf_counter()
early = plan_speed(flat, rounds=3, seed=1, seconds=3.5, weights=Weights(related=0.0, role=0.0))
early_s = time.perf_counter() - t
print(json.dumps({"first": first, "import": imported, "warm": warm, "early_seconds": early_s,
                  "early_stopped": early.stopped_early, "early_repeats": early.repeat_pairs,
                  "early_same_org": early.same_org_pairs}))
"""


def _warm_step(cache: Path) -> float:
    import time

    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "optimiser.warm"], env={**os.environ, "OPTIMISER_CACHE_DIR": str(cache)},
                   check=True, capture_output=True)
    return time.perf_counter() - t


def _run(cache: Path, mode: str = "plain", wait: float = 0.0) -> dict[str, float]:
    env = {**os.environ, "OPTIMISER_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(wait)], env=env, check=True, capture_output=True,
                         text=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs after the warm step")
    parser.add_argument("--wait", type=float, default=5.0,
                        help="seconds between a preloading worker's start and its first plan")
    parser.add_argument("--cold-runs", type=int, default=1, help="runs with an empty cache and no warm step")
    parser.add_argument("--record", type=Path, default=None)
    args = parser.parse_args()
    lines = [f"command: {' '.join(sys.argv)}", f"load before: {_uptime()}"]
    after, preloaded, cold = [], [], []
    with tempfile.TemporaryDirectory(prefix="engine-cache-") as d:
        warm_step = _warm_step(Path(d))  # what `make demo` (manage.py warm_engine) does, once
        for _ in range(args.runs):
            after.append(_run(Path(d)))
            preloaded.append(_run(Path(d), "preload", args.wait))
    for _ in range(args.cold_runs):
        with tempfile.TemporaryDirectory(prefix="engine-cache-") as d:
            cold.append(_run(Path(d)))

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(float(r[key]) for r in rows)

    lines += [
        f"after warm step ({args.runs} runs): first plan {med(after, 'first'):.2f} s (import {med(after, 'import'):.2f} s), "
        f"warm {med(after, 'warm'):.2f} s, first - warm {med(after, 'first') - med(after, 'warm'):.2f} s "
        f"(goal < 2 s); warm step itself (once) {warm_step:.1f} s",
        f"after warm step, kernels preloaded at process start ({args.wait:.0f} s before the first plan): first plan "
        f"{med(preloaded, 'first'):.2f} s, warm {med(preloaded, 'warm'):.2f} s, first - warm "
        f"{med(preloaded, 'first') - med(preloaded, 'warm'):.2f} s",
        f"early-stopped plan (budget 3.5 s): {med(after, 'early_seconds'):.3f} s, stopped early in "
        f"{sum(bool(r['early_stopped']) for r in after)}/{len(after)} runs, repeats "
        f"{max(r['early_repeats'] for r in after)}, same-org {max(r['early_same_org'] for r in after)}",
    ]
    if cold:
        lines.append(f"empty cache, no warm step ({args.cold_runs} runs): first plan {med(cold, 'first'):.1f} s, "
                     f"warm {med(cold, 'warm'):.2f} s")
    lines.append("runs: " + json.dumps({"after_warm_step": after, "preloaded": preloaded, "empty_cache": cold}))
    lines.append(f"load after: {_uptime()}")
    text = "\n".join(lines)
    print(text)
    if args.record:
        args.record.parent.mkdir(parents=True, exist_ok=True)
        args.record.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
