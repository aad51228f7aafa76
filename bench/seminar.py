"""Seminar-scale benchmark of the round-table and speed-dating planners (run by a command, never a timed test).

    .venv/bin/python -m bench.seminar [--seed N] [--repeats K] [--out bench/results/seminar-<date>.txt]

Cases (issue 3): 70 people from 35 projects in 17 organisations at 9 tables for 3 rounds (target: zero
same-organisation tablemates and zero repeats in under 5 s); 500 people at 50 tables for 4 rounds (under 30 s);
speed dating for 500 people over 8 rounds (under 10 s, zero repeats). The populations are generated
deterministically from the seed. Wall times are of the whole planning call (search budget
given per case, below the limit); the 70-person case also runs with a 1 s budget.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

from optimiser import Participant, plan_speed, plan_tables
from optimiser.rounds import warm_up

THEMES = ["luft", "trafik", "energi", "vatten", "buller", "mobilitet", "data", "klimat", "hälsa", "bygg"]
ROLES = ["projektledare", "utvecklare", "forskare", "chef", "analytiker"]


def population(n: int, projects: int, organisations: int, seed: int) -> list[Participant]:
    """``n`` people in ``projects`` projects owned by ``organisations`` organisations (round-robin), with a
    role and one to three themes each; deterministic for a seed."""
    rng = random.Random(seed)
    owner = [p % organisations for p in range(projects)]
    proj_themes = [rng.sample(THEMES, 2) for _ in range(projects)]
    people = []
    for i in range(n):
        p = i % projects
        themes = set(proj_themes[p][: rng.randint(1, 2)])
        if rng.random() < 0.4:
            themes.add(rng.choice(THEMES))
        people.append(
            Participant(
                id=f"u{i:04d}",
                name=f"Person {i}",
                organisation=f"org{owner[p]:03d}",
                project=f"proj{p:03d}",
                role=rng.choice(ROLES),
                themes=frozenset(themes),
            )
        )
    return people


def related(projects: int, seed: int) -> dict[tuple[str, str], float]:
    rng = random.Random(seed + 1)
    out = {}
    for _ in range(projects):
        a, b = rng.sample(range(projects), 2)
        out[(f"proj{a:03d}", f"proj{b:03d}")] = round(rng.uniform(0.2, 1.0), 2)
    return out


def run(seed: int, repeats: int) -> list[str]:
    lines = []
    cases = [
        ("tables 70p/35proj/17org, 9 tables x 3 rounds", 70, 35, 17, 9, 3, 1.0, 5.0),
        ("tables 70p/35proj/17org, 9 tables x 3 rounds", 70, 35, 17, 9, 3, 4.0, 5.0),
        ("tables 500p/250proj/100org, 50 tables x 4 rounds", 500, 250, 100, 50, 4, 25.0, 30.0),
    ]
    for label, n, npj, norg, m, r, secs, limit in cases:
        people = population(n, npj, norg, seed)
        rel = related(npj, seed)
        for rep in range(repeats):
            t, c = time.perf_counter(), time.process_time()
            plan = plan_tables(people, tables=m, rounds=r, related_projects=rel, seconds=secs, seed=seed + rep)
            wall, cpu = time.perf_counter() - t, time.process_time() - c
            ok = plan.same_org_pairs == 0 and plan.repeat_pairs == 0 and wall < limit
            lines.append(
                f"{label} | seed {seed + rep} | same_org {plan.same_org_pairs} | repeats {plan.repeat_pairs} | "
                f"objective {plan.objective:.2f} | wall {wall:.2f} s cpu {cpu:.2f} s "
                f"(limit {limit:.0f} s, search {secs} s) | {'OK' if ok else 'MISS'}"
            )
            print(lines[-1], flush=True)
    people = population(500, 250, 100, seed)
    rel = related(250, seed)
    for rep in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        sp = plan_speed(people, rounds=8, related_projects=rel, seconds=8.0, seed=seed + rep)
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        ok = sp.repeat_pairs == 0 and wall < 10
        lines.append(
            f"speed 500p x 8 rounds | seed {seed + rep} | same_org {sp.same_org_pairs} | repeats {sp.repeat_pairs}"
            f" | objective {sp.objective:.2f} | wall {wall:.2f} s cpu {cpu:.2f} s (limit 10 s, "
            f"search 8.0 s) | {'OK' if ok else 'MISS'}"
        )
        print(lines[-1], flush=True)
    return lines


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    warm_up()  # numba: load the compiled kernels before any clock starts
    header = [
        f"# bench.seminar seed={args.seed} repeats={args.repeats} {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        "# 2 cores shared with other jobs: wall times are noisy; the search budget is wall time",
        "# uptime before: " + _uptime(),
    ]
    print("\n".join(header), flush=True)
    lines = run(args.seed, args.repeats)
    lines.append("# uptime after: " + _uptime())
    print(lines[-1])
    if args.out:
        args.out.write_text("\n".join(header + lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
