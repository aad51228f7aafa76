"""Social golfer benchmark (run by a command, never a timed test).

    .venv/bin/python -m bench.golfer [--seconds 60] [--repeats 3] [--modes solver,search,gsearch,bank]
                                     [--instances 5-3-7,6-3-8,...] [--out bench/results/golfer-<date>.txt]

Instances ``G-S-W`` (G tables of S people for W rounds): the issue's targets 5-3-7, 6-3-8, 8-4-9, 9-4-9 and
10-4-9 (zero repeats within 60 s each) and the reported 8-4-10, 10-4-10 and 10-5-8. Modes:

* ``solver``: :func:`optimiser.golfer.solve_golfer` as shipped (affine-plane start when G is a prime power,
  then the tabu search);
* ``search``: the tabu search from a greedy start only (no construction, no bank);
* ``gsearch``: search alone by :func:`optimiser.golfer_search.search_golfer` (greedy weeks by freedom, then
  the golfer tabu search; what ``motesplats rounds solve --method search`` runs): no construction, no bank;
* ``bank``: start from a verified stored schedule of the same dimensions when one exists (Glasgow schedules,
  Miller et al. 2021), else as ``solver``.

Each line gives the repeats reached, the time to reach zero (the search stops there) or the time spent,
and the iterations. The limit is CPU time of the process (``cpu_time=True``; the machine has 2 cores shared
with other jobs, so wall time is longer and noisy; it is printed beside); numba compilation is excluded
(``warm_up`` first). ``uptime`` is recorded before and after.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from optimiser.golfer import solve_golfer
from optimiser.golfer_search import search_golfer
from optimiser.golfer_search import warm_up as warm_up_search
from optimiser.io.golfer_bank import BANK_SUBDIR, find_shared_dir, load_golfer_bank
from optimiser.rounds import count_repeats, warm_up

TARGETS = ["5-3-7", "6-3-8", "8-4-9", "9-4-9", "10-4-9"]
REPORT = ["8-4-10", "10-4-10", "10-5-8"]


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="social golfer benchmark")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--modes", default="solver,search")
    parser.add_argument("--instances", default=",".join(TARGETS + REPORT))
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    bank = load_golfer_bank()
    if "bank" in args.modes.split(",") and not bank:
        print(f"bench.golfer: --modes bank needs the Glasgow schedules in {find_shared_dir() / BANK_SUBDIR} "
              "(set MOTESPLATS_SHARED to the shared data folder)", file=sys.stderr)
        return 2
    warm_up()  # numba: load the compiled kernels before any clock starts
    warm_up_search()
    header = [
        f"# bench.golfer seconds={args.seconds} repeats={args.repeats} seed={args.seed} modes={args.modes} "
        f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        "# limit in CPU seconds; 'zero at' = CPU time when 0 repeats was reached (wall time beside)",
        "# uptime before: " + _uptime(),
    ]
    print("\n".join(header), flush=True)
    lines = list(header)
    for mode in args.modes.split(","):
        for inst in args.instances.split(","):
            g, s, w = (int(x) for x in inst.split("-"))
            results = []
            for rep in range(args.repeats):
                seed = args.seed + rep
                wall = time.perf_counter()
                if mode == "gsearch":
                    res = search_golfer(g, s, w, seconds=args.seconds, seed=seed, cpu_time=True)
                else:
                    res = solve_golfer(
                        g,
                        s,
                        w,
                        seconds=args.seconds,
                        seed=seed,
                        construct=mode != "search",
                        bank=bank if mode == "bank" else None,
                        cpu_time=True,
                    )
                wall = time.perf_counter() - wall
                assert count_repeats(res.rounds) == res.repeat_pairs  # independent check
                results.append(res)
                when = f"zero at {res.seconds:6.2f} s" if res.repeat_pairs == 0 else f"gave up {res.seconds:6.2f} s"
                when += f" (wall {wall:6.2f} s)"
                line = (
                    f"{mode:<6} {inst:<8} seed {seed:<3} repeats {res.repeat_pairs:<3} {when} "
                    f"iterations {res.iterations}"
                )
                print(line, flush=True)
                lines.append(line)
            solved = sum(r.repeat_pairs == 0 for r in results)
            best = min(r.repeat_pairs for r in results)
            times = sorted(r.seconds for r in results if r.repeat_pairs == 0)
            median = f"{times[len(times) // 2]:.2f} s" if times else "-"
            line = f"{mode:<6} {inst:<8} SUMMARY solved {solved}/{len(results)} best {best} median-time-to-zero {median}"
            print(line, flush=True)
            lines.append(line)
    lines.append("# uptime after: " + _uptime())
    print(lines[-1])
    if args.out:
        args.out.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
