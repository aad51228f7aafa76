"""MDGP benchmark on MDGPLIB: ``.venv/bin/python -m bench.mdgp --set RanReal --n 120``.

Without ``--set`` both RanReal and RanInt run. One run per instance, one process, the
literature's time limits by default (n=120: 3 s, 240: 20 s, 480: 120 s). With ``--record FILE``
the output (with the command, ``uptime`` before and after, and the machine) is also written to
FILE, e.g. ``bench/results/mdgp-n120.txt``.

Data: the MDGPLIB instances and best-known values in ``../shared/data/mdgplib`` (or ``$MDGPLIB_DIR``),
which a clone of the repository does not have; without them the benchmark says so and exits with code 2.
"""

from __future__ import annotations

import argparse
import io
import platform
import subprocess
import sys
from datetime import UTC, datetime
from typing import TextIO

from optimiser.errors import OptimiserError
from optimiser.io.mdgplib import find_data_dir
from optimiser.research.cli_mdgp import _positive, _sizes, parse_instances
from optimiser.research.mdgp_bench import run_bench


class _Tee(io.TextIOBase):
    def __init__(self, *streams: TextIO) -> None:
        self.streams = streams

    def write(self, s: str) -> int:
        for stream in self.streams:
            stream.write(s)
            stream.flush()
        return len(s)


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "uptime unavailable"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mdgp", description=__doc__)
    parser.add_argument("--set", dest="families", action="append", choices=["RanReal", "RanInt"])
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--sizes", type=_sizes, default=["ss", "ds"])
    parser.add_argument("--instances", type=parse_instances, default=parse_instances("1-5"))
    parser.add_argument("--seconds", type=_positive, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--record", default=None, help="also write the output to this file")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    try:
        data = find_data_dir()
    except OptimiserError as exc:
        print(f"bench.mdgp: needs the MDGPLIB data set, which is not part of the repository: {exc}",
              file=sys.stderr)
        return 2
    print(f"bench.mdgp: data from {data}", file=sys.stderr)
    fh = open(args.record, "w") if args.record else None  # noqa: SIM115
    out: TextIO = _Tee(sys.stdout, fh) if fh else sys.stdout  # type: ignore[assignment]
    try:
        command = "python -m bench.mdgp " + " ".join(sys.argv[1:] if argv is None else argv)
        print(f"# command: {command}", file=out)
        print(f"# date: {datetime.now(UTC).isoformat(timespec='seconds')}", file=out)
        print(f"# machine: {platform.platform()} {platform.processor() or ''}".rstrip(), file=out)
        print(f"# uptime before: {_uptime()}", file=out)
        all_rows = []
        for family in args.families or ["RanReal", "RanInt"]:
            try:
                all_rows += run_bench(
                    family=family,
                    n=args.n,
                    sizes=args.sizes,
                    instances=args.instances,
                    seconds=args.seconds,
                    seed=args.seed,
                    progress=not args.quiet,
                    out=out,
                )
            except OptimiserError as exc:  # an instance file or best-known value missing from the data set
                print(f"bench.mdgp: {exc}", file=sys.stderr)
                return 2
        mean = sum(r.gap_percent for r in all_rows) / len(all_rows)
        print(f"# overall mean gap {mean:.4f} % over {len(all_rows)} instances", file=out)
        print(f"# uptime after: {_uptime()}", file=out)
    finally:
        if fh:
            fh.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
