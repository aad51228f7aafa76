"""What a benchmark run records beside its figures, and side-by-side tables with other solvers.

A results file (ours, written by ``python -m bench.mdgp --csv FILE``, or another solver's) is a CSV with at
least the columns ``instance``, ``objective`` and ``seconds`` (the header names them; the order, any further
columns and their case do not matter; lines starting with ``#`` are comments). An instance that appears on
several rows (several runs or seeds) counts with the mean of its objectives and seconds, and the number of
runs is shown.

Examples
--------
>>> import io
>>> other = read_results(io.StringIO("# TPSDP, 20 s CPU\\ninstance,objective,seconds\\nA,99.5,20.0\\nB,10,19.9\\n"))
>>> other["A"]
OtherResult(instance='A', objective=99.5, seconds=20.0, runs=1)
>>> ours = [Row("A", 100.0, 100.0, 20.0), Row("B", 9.0, 10.0, 20.0)]
>>> print("\\n".join(comparison_table(ours, [("tpsdp", other)])))
instance                         ours   gap%  cpu_s        tpsdp   gap%      s
A                             100.000 0.0000  20.00       99.500 0.5000  20.00
B                               9.000 10.0000  20.00       10.000 0.0000  19.90
tpsdp: mean gap 0.2500 % against ours 5.0000 % over 2 instances; better / equal / worse than ours 1 / 0 / 1
"""

from __future__ import annotations

import csv
import math
import os
import platform
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from optimiser.errors import InvalidInput

__all__ = [
    "OtherResult",
    "Row",
    "RunInfo",
    "comparison_table",
    "git_commit",
    "load_average",
    "read_results",
    "run_info",
    "write_results",
]

REQUIRED_COLUMNS = ("instance", "objective", "seconds")


@dataclass(frozen=True)
class Row:
    """One instance of our run, as the comparison needs it: objective, best-known value, CPU seconds."""

    instance: str
    objective: float
    bks: float
    seconds: float

    @property
    def gap_percent(self) -> float:
        """``100 * (bks - objective) / bks``: positive = under the best-known value."""
        return gap_percent(self.objective, self.bks)


@dataclass(frozen=True)
class OtherResult:
    """Another solver's result on one instance (mean over its ``runs`` rows)."""

    instance: str
    objective: float
    seconds: float
    runs: int = 1


@dataclass(frozen=True)
class RunInfo:
    """Where and how a run was made: enough to reproduce it and to judge its timings."""

    command: str
    seed: int
    engine_version: str
    commit: str
    date: str
    machine: str
    python: str
    cpus: int
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float] | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def header_lines(self) -> list[str]:
        """The ``# key: value`` lines printed at the top of a recorded run."""
        lines = [
            f"# command: {self.command}",
            f"# date: {self.date}",
            f"# engine: optimiser {self.engine_version}, commit {self.commit}",
            f"# seed: {self.seed}",
            f"# machine: {self.machine}, {self.cpus} cpus, python {self.python}",
            f"# load before (1/5/15 min): {_load(self.load_before)}",
        ]
        lines += [f"# {k}: {v}" for k, v in self.extra.items()]
        return lines

    def footer_lines(self) -> list[str]:
        """The closing line with the load after the run."""
        return [f"# load after (1/5/15 min): {_load(self.load_after)}"] if self.load_after else []


def gap_percent(objective: float, bks: float) -> float:
    """Gap to a best-known value of a maximisation problem, in percent.

    >>> gap_percent(99.0, 100.0), gap_percent(101.0, 100.0)
    (1.0, -1.0)
    """
    return 100.0 * (bks - objective) / bks if bks else 0.0


def _load(value: tuple[float, float, float] | None) -> str:
    return "unavailable" if value is None else " ".join(f"{x:.2f}" for x in value)


def load_average() -> tuple[float, float, float] | None:
    """``os.getloadavg()``, or None where the platform has none."""
    try:
        a, b, c = os.getloadavg()
    except (AttributeError, OSError):
        return None
    return (a, b, c)


def git_commit(where: Path | None = None) -> str:
    """The commit checked out at ``where`` (default: this package's folder), ``+dirty`` when tracked files
    differ from it, or ``unknown`` outside a git checkout."""
    cwd = where or Path(__file__).resolve().parent
    try:
        head = subprocess.run(  # noqa: S603
            ["git", "rev-parse", "HEAD"],  # noqa: S607 (git from PATH, as a developer runs it)
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if head.returncode != 0:
            return "unknown"
        dirty = subprocess.run(  # noqa: S603
            ["git", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def run_info(command: str, seed: int, extra: dict[str, str] | None = None) -> RunInfo:
    """Collect the :class:`RunInfo` of a run starting now (load before; set ``load_after`` at the end)."""
    from optimiser import __version__

    return RunInfo(
        command=command,
        seed=seed,
        engine_version=__version__,
        commit=git_commit(),
        date=datetime.now(UTC).isoformat(timespec="seconds"),
        machine=f"{platform.platform()} {platform.processor()}".strip(),
        python=platform.python_version(),
        cpus=os.cpu_count() or 0,
        load_before=load_average() or (math.nan, math.nan, math.nan),
        extra=extra or {},
    )


def read_results(source: str | os.PathLike[str] | IO[str]) -> dict[str, OtherResult]:
    """Read a results file (see the module docstring), by instance name.

    Raises
    ------
    InvalidInput
        When the file is missing, lacks one of the columns, or has a non-numeric objective or seconds
        (the message names the file and line).

    Examples
    --------
    >>> import io
    >>> rows = read_results(io.StringIO("Instance;Objective;Seconds;seed\\nA;10;1;1\\nA;12;3;2\\n"))
    >>> rows["A"]
    OtherResult(instance='A', objective=11.0, seconds=2.0, runs=2)
    >>> read_results(io.StringIO("instance,value\\nA,1\\n"))
    Traceback (most recent call last):
    ...
    optimiser.errors.InvalidInput: <stream>: the header must name the columns instance, objective, \
seconds (found: instance, value)
    """
    if isinstance(source, str | os.PathLike):
        name = str(source)
        try:
            with open(source, newline="") as fh:
                text = fh.read()
        except OSError as exc:
            raise InvalidInput(f"cannot read {name}: {exc.strerror or exc}") from exc
    else:
        name, text = "<stream>", source.read()
    lines = [(no, line) for no, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not lines:
        raise InvalidInput(f"{name}: no header line (expected the columns {', '.join(REQUIRED_COLUMNS)})")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(lines[0][1], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader([line for _, line in lines], dialect))
    header = [h.strip().lower() for h in rows[0]]
    if any(c not in header for c in REQUIRED_COLUMNS):
        raise InvalidInput(
            f"{name}: the header must name the columns {', '.join(REQUIRED_COLUMNS)} (found: {', '.join(header)})"
        )
    col = {c: header.index(c) for c in REQUIRED_COLUMNS}
    runs: dict[str, list[tuple[float, float]]] = {}
    for (no, _), row in zip(lines[1:], rows[1:], strict=True):
        try:
            inst = row[col["instance"]].strip()
            obj, secs = float(row[col["objective"]]), float(row[col["seconds"]])
        except (IndexError, ValueError) as exc:
            raise InvalidInput(f"{name}, line {no}: needs an instance name and numeric objective and seconds") from exc
        runs.setdefault(inst, []).append((obj, secs))
    return {
        inst: OtherResult(
            instance=inst,
            objective=sum(o for o, _ in vals) / len(vals),
            seconds=sum(s for _, s in vals) / len(vals),
            runs=len(vals),
        )
        for inst, vals in runs.items()
    }


def write_results(
    path: str | os.PathLike[str], rows: Iterable[Sequence[object]], header: Sequence[str], info: RunInfo
) -> None:
    """Write our per-instance results as a results file (readable by :func:`read_results`), with the run's
    :class:`RunInfo` as ``#`` comment lines on top."""
    with open(path, "w", newline="") as fh:
        for line in info.header_lines() + info.footer_lines():
            fh.write(line + "\n")
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def comparison_table(ours: Sequence[Row], others: Sequence[tuple[str, dict[str, OtherResult]]]) -> list[str]:
    """A side-by-side table of our rows and each other solver's results on the same instances.

    For each other solver: its objective (mean over its runs, ``(k)`` runs marked after the value), its gap
    to the same best-known value, its seconds; then the mean gaps over the instances that both have, and how
    often the other solver was better, equal or worse than ours. Instances missing from another file show
    ``-``.
    """
    head = f"{'instance':<24} {'ours':>12} {'gap%':>6} {'cpu_s':>6}"
    for label, _ in others:
        head += f" {label[:12]:>12} {'gap%':>6} {'s':>6}"
    out = [head]
    for row in ours:
        line = f"{row.instance:<24} {row.objective:>12.3f} {row.gap_percent:>6.4f} {row.seconds:>6.2f}"
        for _, results in others:
            other = results.get(row.instance)
            if other is None:
                line += f" {'-':>12} {'-':>6} {'-':>6}"
                continue
            value = f"{other.objective:.3f}" + (f"({other.runs})" if other.runs > 1 else "")
            line += f" {value:>12} {gap_percent(other.objective, row.bks):>6.4f} {other.seconds:>6.2f}"
        out.append(line)
    for label, results in others:
        common = [r for r in ours if r.instance in results]
        if not common:
            out.append(f"{label}: no instance in common with this run")
            continue
        ours_mean = sum(r.gap_percent for r in common) / len(common)
        theirs = sum(gap_percent(results[r.instance].objective, r.bks) for r in common) / len(common)
        out.append(
            f"{label}: mean gap {theirs:.4f} % against ours {ours_mean:.4f} % over {len(common)} instances; "
            + _wins(common, results)
        )
    return out


def _wins(common: Sequence[Row], results: dict[str, OtherResult]) -> str:
    better = sum(results[r.instance].objective > r.objective + 1e-9 for r in common)
    worse = sum(results[r.instance].objective < r.objective - 1e-9 for r in common)
    return f"better / equal / worse than ours {better} / {len(common) - better - worse} / {worse}"


