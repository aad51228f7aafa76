"""One round of tables: the MDGP engine against the rounds solver on the product's objective (issue 16, item 3).

    .venv/bin/python -m bench.table_round [--sizes 70,500,2000] [--seconds 1,5] [--seeds 1,2,3]
        [--out bench/results/table-round-<date>.txt]

Each case is a seminar from :mod:`bench.seminar`'s generator (people in projects of organisations, roles,
themes, related projects) at tables of eight, with the constraints of a real round: one host fixed at each table, keep-apart pairs
(one per ten people, among people of different organisations) and the series history of one earlier seminar
(random tables of the same size, two rounds). Both engines get the same CPU budget (``cpu_time=True``) through
:func:`optimiser.plan_tables` (``engine="rounds"`` and ``engine="mdgp"``). The product's objective is
lexicographic: first no repeats and no colleagues at a table (hard), then the diversity sum (``objective``).
Printed per case, engine and budget: the median objective over the seeds, the worst repeats and
same-organisation pairs, and the median CPU seconds; then the relative difference of the medians.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import optimiser
from bench.seminar import population, related
from optimiser import plan_tables
from optimiser.research.mdgp import _warm_up as warm_mdgp
from optimiser.research.mdgp_report import git_commit, load_average
from optimiser.rounds import warm_up as warm_rounds


def _case(n: int, seed: int) -> dict[str, object]:
    people = population(n, n // 2, max(2, n // 5), seed)
    rng = random.Random(seed + 11)
    tables = max(2, n // 8)
    ids = [p.id for p in people]
    history: set[tuple[str, str]] = set()
    for _ in range(2):
        order = ids[:]
        rng.shuffle(order)
        for t in range(tables):
            group = sorted(order[t::tables])
            history.update((a, b) for x, a in enumerate(group) for b in group[x + 1 :])
    org = {p.id: p.organisation for p in people}
    forbidden: list[tuple[str, str]] = []
    while len(forbidden) < n // 10:
        a, b = rng.sample(ids, 2)
        if org[a] != org[b]:
            forbidden.append((a, b))
    hosts = {ids[t]: t for t in range(tables)}
    return {"people": people, "tables": tables, "history": sorted(history), "forbidden": forbidden,
            "fixed": hosts, "related_projects": related(n // 2, seed)}


def _load() -> str:
    load = load_average()
    return "unavailable" if load is None else " ".join(f"{x:.2f}" for x in load)


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.table_round", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="70,500,2000")
    parser.add_argument("--seconds", default="1,5")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    budgets = [float(x) for x in args.seconds.split(",")]
    seeds = [int(x) for x in args.seeds.split(",")]
    lines: list[str] = []

    def say(text: str) -> None:
        lines.append(text)
        print(text, flush=True)

    say("# command: python -m bench.table_round " + " ".join(sys.argv[1:] if argv is None else argv))
    say(f"# engine: optimiser {optimiser.__version__}, commit {git_commit()}; {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    say(f"# load before: {_load()}; uptime: {_uptime()}")
    say("# budgets: CPU seconds of the whole plan_tables call; numba warmed up before the clocks")
    warm_rounds()
    warm_mdgp()
    say(f"{'case':<22} {'budget':>6} {'engine':<7} {'objective (median)':>19} {'repeats':>7} {'same_org':>8} "
        f"{'cpu_s':>6}  per seed")
    for n in sizes:
        for secs in budgets:
            medians: dict[str, float] = {}
            for engine in ("rounds", "mdgp"):
                objs, reps, same, cpus = [], [], [], []
                for seed in seeds:
                    case = _case(n, seed)
                    c0 = time.process_time()
                    plan = plan_tables(case["people"], tables=case["tables"], history=case["history"],  # type: ignore[arg-type]
                                       forbidden=case["forbidden"], fixed=case["fixed"],  # type: ignore[arg-type]
                                       related_projects=case["related_projects"],  # type: ignore[arg-type]
                                       seconds=secs, seed=seed, cpu_time=True, engine=engine)
                    cpus.append(time.process_time() - c0)
                    objs.append(plan.objective)
                    reps.append(plan.repeat_pairs)
                    same.append(plan.same_org_pairs)
                medians[engine] = statistics.median(objs)
                say(f"{f'{n}p, {max(2, n // 8)} tables':<22} {secs:>6g} {engine:<7} {medians[engine]:>19.2f} {max(reps):>7} "
                    f"{max(same):>8} {statistics.median(cpus):>6.2f}  " + " ".join(f"{o:.2f}" for o in objs))
            diff = 100 * (medians["mdgp"] - medians["rounds"]) / medians["rounds"]
            say(f"{'':<22} {'':>6} mdgp vs rounds: {diff:+.3f} % (median objective)")
    say(f"# load after: {_load()}; uptime: {_uptime()}")
    if args.out:
        args.out.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
