"""Planning times of networking at seminar scale, with the time budget the web application gives the engine.

    python -m bench.networking [--sizes 70,500] [--seed 1]

For each size n: people from n/2 projects in about n/4 organisations, with roles and themes. A first seminar
(speed dating, 5 rounds, then round tables) is planned and its encounters become the history of a second
seminar, whose round tables and speed dating are then planned as `networking.planning` does
(same `planning_seconds(n)`, same weights). Prints seconds, same-organisation pairs and repeats.
"""

from __future__ import annotations

import argparse
import random
import time

from optimiser import Participant, Weights, encounters, plan_speed, plan_tables

THEMES = ["luft", "trafik", "energi", "vatten", "data", "säkerhet", "mobilitet", "bygg", "avfall", "hälsa"]
ROLES = ["projektledare", "utvecklare", "strateg", "forskare", "arkitekt"]


def planning_seconds(n: int) -> float:  # the same policy as motesplats.networking.planning.planning_seconds
    return float(min(30.0, max(2.0, n / 20)))


def people(n: int, rng: random.Random) -> list[Participant]:
    orgs = max(2, n // 4) if n > 70 else 17
    out = []
    for i in range(n):
        project = i // 2
        out.append(Participant(id=f"p{i}", name=f"Person {i}", organisation=f"org{project % orgs}",
                               project=f"proj{project}", role=rng.choice(ROLES),
                               themes=frozenset(rng.sample(THEMES, 2))))
    return out


def run(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    group = people(n, rng)
    tables = 9 if n <= 70 else n // 10
    seconds = planning_seconds(n)
    weights = Weights(organisation=1.0, related=0.5, role=0.3)
    lines = []
    t0 = time.perf_counter()
    first_speed = plan_speed(group, rounds=5, weights=weights, seconds=seconds, seed=seed)
    first_tables = plan_tables(group, tables=tables, history=encounters([[list(p) for p in r]
                                                                          for r in first_speed.rounds]),
                               weights=weights, seconds=seconds, seed=seed)
    history = set(encounters([[list(p) for p in r] for r in first_speed.rounds])) | set(
        encounters(first_tables.rounds))
    lines.append(f"n={n} tables={tables} budget={seconds:.1f}s: first seminar planned in "
                 f"{time.perf_counter() - t0:.1f}s (speed same-org {first_speed.same_org_pairs}, repeats "
                 f"{first_speed.repeat_pairs}; tables same-org {first_tables.same_org_pairs}, repeats "
                 f"{first_tables.repeat_pairs}); history {len(history)} pairs")
    t0 = time.perf_counter()
    second = plan_tables(group, tables=tables, history=history, weights=weights, seconds=seconds, seed=seed + 1)
    lines.append(f"n={n} second seminar round tables: {time.perf_counter() - t0:.2f}s wall, engine "
                 f"{second.seconds:.2f}s, same-org pairs {second.same_org_pairs}, repeats {second.repeat_pairs}, "
                 f"new cross-org meetings {second.new_cross_org_pairs}")
    t0 = time.perf_counter()
    speed = plan_speed(group, rounds=5, history=history, weights=weights, seconds=seconds, seed=seed + 1)
    lines.append(f"n={n} second seminar speed dating (5 rounds): {time.perf_counter() - t0:.2f}s wall, "
                 f"same-org pairs {speed.same_org_pairs}, repeats {speed.repeat_pairs}, "
                 f"new cross-org meetings {speed.new_cross_org_pairs}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="70,500")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for n in (int(s) for s in args.sizes.split(",")):
        for line in run(n, args.seed):
            print(line, flush=True)


if __name__ == "__main__":
    main()
