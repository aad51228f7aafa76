"""``motesplats mdgp``: solve MDGPLIB instances and compare with the best-known values.

    motesplats mdgp solve PATH [--seconds S] [--wall] [--seed N]
    motesplats mdgp bench --set RanReal --n 240 [--sizes ss,ds] [--instances 1-5] [--seconds S] [--seed N]

``solve`` prints one JSON object. Its ``--seconds`` limit is CPU time of the process by default, as in the
literature and in ``bench`` (on a busy machine a wall-clock limit gives the search less work than its peers);
``--wall`` makes it wall-clock time. The JSON says which (``"clock": "cpu"`` or ``"wall"``).
``bench`` prints, per instance and in total, the objective, the
best-known value of ``bks_tpsdp_yang2022.csv`` and the gap in percent (progress on stderr).
Bad input: a message on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from optimiser.errors import OptimiserError
from optimiser.research.mdgp_bench import DEFAULT_SECONDS


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def parse_instances(text: str) -> list[int]:
    """Parse ``1-5`` or ``1,3,7-8`` into sorted indices.

    >>> parse_instances("1-3,7")
    [1, 2, 3, 7]
    """
    out: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        lo, sep, hi = part.partition("-")
        try:
            a = int(lo)
            b = int(hi) if sep else a
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"bad instance range {part!r} (use e.g. 1-5 or 1,3)") from exc
        if a < 1 or b < a:
            raise argparse.ArgumentTypeError(f"bad instance range {part!r}")
        out.update(range(a, b + 1))
    if not out:
        raise argparse.ArgumentTypeError("no instances given")
    return sorted(out)


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from exc
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def _sizes(text: str) -> list[str]:
    sizes = [s.strip() for s in text.split(",") if s.strip()]
    if not sizes or any(s not in {"ss", "ds"} for s in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be ss, ds or ss,ds; got {text!r}")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="motesplats mdgp", description="Maximally diverse grouping (MDGPLIB).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    solve = sub.add_parser("solve", help="solve one instance file and print JSON")
    solve.add_argument("path", help="MDGPLIB instance file")
    solve.add_argument("--seconds", type=_positive, default=None,
                       help="time limit in CPU seconds of the process (default: by n, else 10)")
    solve.add_argument("--wall", action="store_true", help="measure --seconds in wall-clock time instead")
    solve.add_argument("--seed", type=int, default=None)
    solve.add_argument("--iterations", type=int, default=None, help="budget of descents (reproducible)")
    bench = sub.add_parser("bench", help="run the solver on MDGPLIB instances and compare with the BKS")
    bench.add_argument("--set", dest="family", required=True, choices=["RanReal", "RanInt"])
    bench.add_argument("--n", type=int, required=True)
    bench.add_argument("--sizes", type=_sizes, default=["ss", "ds"])
    bench.add_argument("--instances", type=parse_instances, default=parse_instances("1-5"))
    bench.add_argument("--seconds", type=_positive, default=None)
    bench.add_argument("--seed", type=int, default=1)
    bench.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv: Sequence[str]) -> int:
    """Entry point of ``motesplats mdgp``; returns the exit code."""
    try:
        args = build_parser().parse_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command == "solve":
            return _solve(args)
        return _bench(args)
    except OptimiserError as exc:
        print(f"motesplats mdgp: error: {exc}", file=sys.stderr)
        return 2


def _solve(args: argparse.Namespace) -> int:
    from optimiser.io.mdgplib import read_instance
    from optimiser.research.mdgp import solve_mdgp

    inst = read_instance(args.path)
    seconds = args.seconds or DEFAULT_SECONDS.get(inst.n, 10.0)
    result = solve_mdgp(
        inst.d, inst.lower, inst.upper, seconds=seconds, seed=args.seed, max_iterations=args.iterations,
        cpu_time=not args.wall,
    )
    print(
        json.dumps(
            {
                "instance": inst.name,
                "n": inst.n,
                "m": inst.m,
                "objective": round(result.objective, 6),
                "feasible": result.feasible,
                "seconds": round(result.seconds, 3),
                "clock": "wall" if args.wall else "cpu",
                "groups": result.groups,
            }
        )
    )
    return 0


def _bench(args: argparse.Namespace) -> int:
    from optimiser.research.mdgp_bench import run_bench

    run_bench(
        family=args.family,
        n=args.n,
        sizes=args.sizes,
        instances=args.instances,
        seconds=args.seconds,
        seed=args.seed,
        progress=not args.quiet,
    )
    return 0
