"""A 2,000-person day (issue 16, item 4): speed dating then round tables, with the series' history.

    .venv/bin/python -m bench.big_day [--people 2000] [--tables 200] [--rounds 4] [--speed-rounds 10]
        [--speed-seconds 30] [--tables-seconds 30] [--history-events 2] [--runs 1] [--seed 1]
        [--tracemalloc] [--out bench/results/big-day-<date>.txt]

The population (people in projects owned by organisations, roles, themes, related projects) is generated from
the seed as in :mod:`bench.seminar`. The series history is the encounters of ``--history-events`` earlier
seminars of the same people (each: ``--rounds`` rounds at random tables and ``--speed-rounds`` random speed-dating
rounds). The day is planned as the product does (``networking/planning.py``): speed dating first
(:func:`optimiser.plan_speed`, history = the series), then the round tables (:func:`optimiser.plan_tables`,
history = the series plus the day's speed-dating pairs), each with the product's largest budget (30 s).

Budgets and times are CPU seconds of this process (``cpu_time=True``): the machine is shared, so wall time
(printed beside) says more about the load than about the engine. Reported per run: the time of each phase
(``prepare``: ids and matrices; ``setup``: checks and index form; ``start``: the start plan; ``search``;
``result``; ``summary``), the repeats (recounted here independently over the series history and the whole
day), same-organisation tablemates, and the peak memory (``ru_maxrss`` of the process; with ``--tracemalloc``
also the peak of traced allocations during planning, which slows the Python parts). Targets: the whole day in
under 120 s, 0 repeats, under 2 GB. No data outside the repository is needed.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import optimiser
from bench.seminar import population, related
from optimiser import Participant, plan_speed, plan_tables
from optimiser.research.mdgp_report import git_commit, load_average
from optimiser.rounds import warm_up

Pair = tuple[str, str]


def series_history(people: list[Participant], events: int, tables: int, rounds: int, speed_rounds: int,
                   seed: int) -> set[Pair]:
    """Encounters of ``events`` earlier seminars with random tables and random speed-dating pairs."""
    rng = random.Random(seed + 7)
    ids = [p.id for p in people]
    out: set[Pair] = set()
    for _ in range(events):
        for kind_rounds, size in ((rounds, -(-len(ids) // tables)), (speed_rounds, 2)):
            for _ in range(kind_rounds):
                order = ids[:]
                rng.shuffle(order)
                for start in range(0, len(order), size):
                    group = sorted(order[start : start + size])
                    out.update((a, b) for x, a in enumerate(group) for b in group[x + 1 :])
    return out


def day_pairs(grid: list[list[list[str]]] | list[list[tuple[str, ...]]]) -> list[Pair]:
    """Every pair that meets in a plan, once per meeting (a pair meeting twice appears twice)."""
    out: list[Pair] = []
    for rnd in grid:
        for group in rnd:
            g = sorted(group)
            out += [(a, b) for x, a in enumerate(g) for b in g[x + 1 :]]
    return out


def count_repeats(history: set[Pair], meetings: list[Pair]) -> int:
    """Meetings of a pair beyond its first (the history counts as one earlier meeting)."""
    seen: dict[Pair, int] = dict.fromkeys(history, 1)
    repeats = 0
    for pair in meetings:
        repeats += seen.get(pair, 0) > 0
        seen[pair] = seen.get(pair, 0) + 1
    return repeats


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kB on Linux


def _fmt(timings: tuple[tuple[str, float], ...]) -> str:
    return " ".join(f"{name} {secs:.2f}" for name, secs in timings)


def run_once(args: argparse.Namespace, seed: int) -> dict[str, float]:
    """Plan one day; print its lines; return the figures."""
    c0 = time.process_time()
    people = population(args.people, args.people // 2, args.people // 5, seed)
    rel = related(args.people // 2, seed)
    history = series_history(people, args.history_events, args.tables, args.rounds, args.speed_rounds, seed)
    gen_cpu = time.process_time() - c0
    if args.tracemalloc:
        tracemalloc.start()
    c1, w1 = time.process_time(), time.perf_counter()
    speed = plan_speed(people, rounds=args.speed_rounds, history=history, related_projects=rel,
                       seconds=args.speed_seconds, seed=seed, cpu_time=True)
    speed_pairs = day_pairs(speed.rounds)
    c2 = time.process_time()
    tables = plan_tables(people, tables=args.tables, rounds=args.rounds, history=history | set(speed_pairs),
                         related_projects=rel, seconds=args.tables_seconds, seed=seed, cpu_time=True)
    c3, w3 = time.process_time(), time.perf_counter()
    traced = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else float("nan")
    if args.tracemalloc:
        tracemalloc.stop()
    repeats = count_repeats(history, speed_pairs + day_pairs(tables.rounds))
    sizes = sorted({len(t) for t in tables.rounds[0]})
    figures = {
        "cpu_day": c3 - c1, "wall_day": w3 - w1, "cpu_speed": c2 - c1, "cpu_tables": c3 - c2,
        "repeats": float(repeats), "same_org": float(tables.same_org_pairs + speed.same_org_pairs),
        "maxrss_mb": _maxrss_mb(), "traced_mb": traced,
    }
    print(f"run seed {seed}: {len(people)} people, {len(history)} history pairs (population and history generated "
          f"in {gen_cpu:.2f} s cpu, not counted)")
    print(f"  speed dating {args.speed_rounds} rounds: cpu {c2 - c1:.2f} s [{_fmt(speed.timings)}] "
          f"iterations {speed.iterations}, repeats {speed.repeat_pairs}, same_org {speed.same_org_pairs}, "
          f"objective {speed.objective:.1f}")
    print(f"  tables {args.tables} x {args.rounds} rounds (sizes {sizes}): cpu {c3 - c2:.2f} s "
          f"[{_fmt(tables.timings)}] iterations {tables.iterations}, repeats {tables.repeat_pairs}, "
          f"same_org {tables.same_org_pairs}, objective {tables.objective:.1f}")
    ok = repeats == 0 and c3 - c1 < 120 and figures["maxrss_mb"] < 2048
    print(f"  day: cpu {c3 - c1:.2f} s, wall {w3 - w1:.2f} s, repeats (recounted over history + day) {repeats}, "
          f"peak rss {figures['maxrss_mb']:.0f} MB" + (f", traced peak {traced:.0f} MB" if args.tracemalloc else "")
          + f" | {'OK' if ok else 'MISS'} (targets: < 120 s, 0 repeats, < 2 GB)", flush=True)
    return figures


def _load() -> str:
    load = load_average()
    return "unavailable" if load is None else " ".join(f"{x:.2f}" for x in load)


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.big_day", description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--tables", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--speed-rounds", type=int, default=10)
    parser.add_argument("--speed-seconds", type=float, default=30.0)
    parser.add_argument("--tables-seconds", type=float, default=30.0)
    parser.add_argument("--history-events", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    lines: list[str] = []

    def say(text: str) -> None:
        lines.append(text)
        print(text, flush=True)

    say("# command: python -m bench.big_day " + " ".join(sys.argv[1:] if argv is None else argv))
    say(f"# engine: optimiser {optimiser.__version__}, commit {git_commit()}; date "
        f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    say(f"# load before (1/5/15 min): {_load()}; uptime: {_uptime()}")
    say("# budgets and times: CPU seconds of this process; numba compiled/loaded before the clocks (warm_up)")
    warm_up()
    import contextlib
    import io

    results = []
    for k in range(args.runs):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            results.append(run_once(args, args.seed + k))
        for line in buf.getvalue().splitlines():
            say(line)
    if args.runs > 1:
        for key in ("cpu_day", "wall_day", "cpu_speed", "cpu_tables", "repeats", "maxrss_mb"):
            say(f"# median {key}: {statistics.median(r[key] for r in results):.2f} over {args.runs} runs")
    say(f"# load after (1/5/15 min): {_load()}; uptime: {_uptime()}")
    if args.out:
        args.out.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
