"""MDGP benchmark on MDGPLIB: ``.venv/bin/python -m bench.mdgp --set RanReal --n 120``.

Without ``--set`` both RanReal and RanInt run. One run per instance, one process, the
literature's time limits by default (n=120: 3 s, 240: 20 s, 480: 120 s), measured in CPU seconds of the
process. Every run records, at the top of its output: the command, the seed, the engine version
(``optimiser.__version__``), the git commit (``+dirty`` with uncommitted changes), the machine and its load
(``os.getloadavg`` before and after); the table compares each instance with the published best-known value
(Yang et al. 2022) and TPSDP's own 20-run average.

- ``--record FILE``: also write the output to FILE (e.g. ``bench/results/mdgp-n120.txt``);
- ``--csv FILE``: write the per-instance results as CSV (``instance,objective,seconds,...`` with the run's
  details as ``#`` lines): a results file that a later run can ``--compare`` with;
- ``--compare [LABEL=]FILE`` (repeatable): add the columns of another solver's results file (CSV with the
  columns instance, objective, seconds; several rows of one instance are averaged) to a side-by-side table:
  objective, gap to the same best-known value, seconds, and the mean gaps and wins over the instances in
  common. No code change is needed to compare with a new solver: write its results in that format.
- ``--data DIR``: the MDGPLIB folder (default: ``$MDGPLIB_DIR`` or ``../shared/data/mdgplib``).

Data: the MDGPLIB instances and best-known values in ``../shared/data/mdgplib`` (or ``$MDGPLIB_DIR``),
which a clone of the repository does not have; without them the benchmark says so and exits with code 2.
"""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from optimiser.errors import OptimiserError
from optimiser.io.mdgplib import find_data_dir
from optimiser.research.cli_mdgp import _positive, _sizes, parse_instances
from optimiser.research.mdgp_bench import BenchRow, run_bench
from optimiser.research.mdgp_report import (
    OtherResult,
    Row,
    comparison_table,
    load_average,
    read_results,
    run_info,
    write_results,
)

CSV_HEADER = [
    "instance", "objective", "seconds", "bks", "gap_percent", "process_cpu_seconds", "wall_seconds",
    "iterations", "feasible", "seed", "engine_version", "commit",
]


class _Tee(io.TextIOBase):
    def __init__(self, *streams: TextIO) -> None:
        self.streams = streams

    def write(self, s: str) -> int:
        for stream in self.streams:
            stream.write(s)
            stream.flush()
        return len(s)


def _compare_arg(text: str) -> tuple[str, Path]:
    label, sep, path = text.partition("=")
    if not sep:
        return Path(text).stem, Path(text)
    if not label or not path:
        raise argparse.ArgumentTypeError(f"use --compare FILE or --compare LABEL=FILE, got {text!r}")
    return label, Path(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mdgp", description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="families", action="append", choices=["RanReal", "RanInt"])
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--sizes", type=_sizes, default=["ss", "ds"])
    parser.add_argument("--instances", type=parse_instances, default=parse_instances("1-5"))
    parser.add_argument("--seconds", type=_positive, default=None, help="CPU seconds per instance")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=None, help="the MDGPLIB folder")
    parser.add_argument("--record", default=None, help="also write the output to this file")
    parser.add_argument("--csv", type=Path, default=None, help="write the per-instance results as CSV")
    parser.add_argument(
        "--compare", type=_compare_arg, action="append", default=[], metavar="[LABEL=]FILE",
        help="another solver's results (CSV: instance, objective, seconds) to show side by side",
    )
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    try:
        data = args.data if args.data else find_data_dir()
        if not data.is_dir():
            raise OptimiserError(f"{data} is not a directory")
    except OptimiserError as exc:
        print(f"bench.mdgp: needs the MDGPLIB data set, which is not part of the repository: {exc}",
              file=sys.stderr)
        return 2
    try:  # read the files to compare with first: a typo should not cost a whole run
        others: list[tuple[str, dict[str, OtherResult]]] = [
            (label, read_results(path)) for label, path in args.compare
        ]
    except OptimiserError as exc:
        print(f"bench.mdgp: --compare: {exc}", file=sys.stderr)
        return 2
    print(f"bench.mdgp: data from {data}", file=sys.stderr)
    command = "python -m bench.mdgp " + " ".join(sys.argv[1:] if argv is None else argv)
    info = run_info(command, args.seed, extra={"data": str(data), "time limit": "CPU seconds of the process"})
    fh = open(args.record, "w") if args.record else None  # noqa: SIM115
    out: TextIO = _Tee(sys.stdout, fh) if fh else sys.stdout  # type: ignore[assignment]
    try:
        print("\n".join(info.header_lines()), file=out)
        all_rows: list[BenchRow] = []
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
                    data_dir=data,
                )
            except OptimiserError as exc:  # an instance file or best-known value missing from the data set
                print(f"bench.mdgp: {exc}", file=sys.stderr)
                return 2
        mean = sum(r.gap_percent for r in all_rows) / len(all_rows)
        print(f"# overall mean gap {mean:.4f} % over {len(all_rows)} instances", file=out)
        if others:
            ours = [Row(r.instance, r.objective, r.bks, r.seconds) for r in all_rows]
            print("# side by side (gap% of every solver to the same best-known value)", file=out)
            print("\n".join(comparison_table(ours, others)), file=out)
        info = replace(info, load_after=load_average())
        print("\n".join(info.footer_lines()), file=out)
        if args.csv:
            write_results(args.csv, [_csv_row(r, info.engine_version, info.commit) for r in all_rows],
                          CSV_HEADER, info)
    finally:
        if fh:
            fh.close()
    return 0


def _csv_row(r: BenchRow, version: str, commit: str) -> list[object]:
    return [
        r.instance, f"{r.objective:.6f}", f"{r.seconds:.3f}", f"{r.bks:.6f}", f"{r.gap_percent:.4f}",
        f"{r.process_seconds:.3f}", f"{r.wall_seconds:.3f}", r.iterations, r.feasible, r.seed, version, commit,
    ]


if __name__ == "__main__":
    raise SystemExit(main())
