"""Small instances in the MDGPLIB file format, made deterministically from a seed (see tests/data/README.md).

They stand in for MDGPLIB's own RanReal/RanInt files, which are not part of the repository: same format
(header with a trailing space, one ``i j d_ij`` line per pair), same kinds of values (RanReal: reals with
three decimals in [0, 100]; RanInt: integers in [0, 100]), but our own numbers.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np

BKS_FIELDS = (
    "instance,family,n,m,group_sizes,min_lb,max_ub,tpsdp_best,tpsdp_avg,tpsdp_worst,runs,time_limit_s,"
    "recomputed_best,check,source_file"
).split(",")


def instance_text(n: int, bounds: Sequence[tuple[int, int]], *, integer: bool, seed: int) -> str:
    """The text of an instance of n elements with the given (lower, upper) group bounds."""
    kind = "ss" if all(lo == hi for lo, hi in bounds) else "ds"
    rng = np.random.default_rng(seed)
    head = f"{n} {len(bounds)} {kind} " + "".join(f"{lo} {hi} " for lo, hi in bounds)
    lines = [head]
    for i in range(n):
        for j in range(i + 1, n):
            value = rng.integers(0, 101) if integer else rng.uniform(0.0, 100.0)
            lines.append(f"{i} {j} {int(value)}" if integer else f"{i} {j} {value:.3f}")
    return "\n".join(lines) + "\n"


def write_instance(root: Path, name: str, bounds: Sequence[tuple[int, int]], *, seed: int) -> Path:
    """Write ``root/<family>/<name>.txt`` (``name`` as MDGPLIB's, e.g. ``RanInt_n120_ss_01``)."""
    family, size = name.split("_")[:2]
    path = root / family / f"{name}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(instance_text(int(size[1:]), bounds, integer=family == "RanInt", seed=seed))
    return path


def read_text(path: Path) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Diversities and bounds of a file written by :func:`write_instance` (independent of the reader tested)."""
    head, *pairs = path.read_text().splitlines()
    tokens = head.split()
    n, m = int(tokens[0]), int(tokens[1])
    bounds = [(int(tokens[3 + 2 * g]), int(tokens[4 + 2 * g])) for g in range(m)]
    d = np.zeros((n, n))
    for line in pairs:
        i, j, v = line.split()
        d[int(i), int(j)] = d[int(j), int(i)] = float(v)
    return d, bounds


def optimum_of_two_groups(path: Path) -> float:
    """The optimal objective of a two-group instance, by trying every split (small n only)."""
    d, ((lo0, hi0), (lo1, hi1)) = read_text(path)
    n = d.shape[0]
    best = -np.inf
    for size in range(max(lo0, n - hi1), min(hi0, n - lo1) + 1):
        for first in itertools.combinations(range(n), size):
            second = [i for i in range(n) if i not in first]
            value = d[np.ix_(first, first)].sum() / 2 + d[np.ix_(second, second)].sum() / 2
            best = max(best, float(value))
    return round(best, 6)


def write_best_known(root: Path, best: dict[str, float], time_limit_s: float = 3.0) -> Path:
    """Write a best-known table in ``bks_tpsdp_yang2022.csv``'s format: instance -> best value (here the
    best, average and worst of a single exhaustive search, so all three are the optimum)."""
    path = root / "bks_tpsdp_yang2022.csv"
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(BKS_FIELDS)
        for name, value in best.items():
            d, bounds = read_text(root / name.split("_")[0] / f"{name}.txt")
            kind = name.split("_")[2]
            writer.writerow([
                name, name.split("_")[0], d.shape[0], len(bounds), kind, min(lo for lo, _ in bounds),
                max(hi for _, hi in bounds), f"{value:.6f}", f"{value:.6f}", f"{value:.6f}", 1,
                f"{time_limit_s:g}", f"{value:.3f}", "exhaustive_search", "tests/optimiser/mdgplib_data.py",
            ])
    return path


if __name__ == "__main__":  # regenerate the shipped files: python -m tests.optimiser.mdgplib_data
    data = Path(__file__).resolve().parents[1] / "data" / "mdgp"
    small = write_instance(data, "RanReal_n010_ds_01", [(5, 6), (4, 5)], seed=10)
    write_instance(data, "RanInt_n012_ds_02", [(2, 4)] * 4, seed=12)
    write_best_known(data, {"RanReal_n010_ds_01": optimum_of_two_groups(small)})
