"""Reading MDGPLIB instances and the best-known values of Yang et al. (2022).

File format (``<data>/README.md``)::

    <n> <m> <ss|ds> a_1 b_1 a_2 b_2 ... a_m b_m
    i j d_ij          (one line per pair, 0-based, i < j, n(n-1)/2 lines)

The data directory of the benchmarks is ``$MDGPLIB_DIR`` when set, else the first
``shared/data/mdgplib`` found beside or above the current directory or this package; a clone of the
repository does not have it (the tests use the small stand-ins in ``tests/data/mdgp``).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from optimiser.errors import InvalidInput

__all__ = ["BestKnown", "MdgpInstance", "find_data_dir", "instance_path", "read_best_known", "read_instance"]

BKS_FILE = "bks_tpsdp_yang2022.csv"


@dataclass(frozen=True)
class MdgpInstance:
    """An MDGP instance: name, diversities and size bounds."""

    name: str
    d: npt.NDArray[np.float64]
    lower: list[int]
    upper: list[int]
    kind: str

    @property
    def n(self) -> int:
        """Number of elements."""
        return int(self.d.shape[0])

    @property
    def m(self) -> int:
        """Number of groups."""
        return len(self.lower)


@dataclass(frozen=True)
class BestKnown:
    """One row of ``bks_tpsdp_yang2022.csv``: best, average and worst of 20 TPSDP runs."""

    instance: str
    best: float
    average: float
    worst: float
    time_limit_s: float


def find_data_dir(start: Path | None = None) -> Path:
    """Locate the MDGPLIB data directory.

    Raises
    ------
    InvalidInput
        When no directory is found.
    """
    env = os.environ.get("MDGPLIB_DIR")
    if env:
        path = Path(env)
        if not path.is_dir():
            raise InvalidInput(f"MDGPLIB_DIR={env} is not a directory")
        return path
    roots = [start or Path.cwd(), Path(__file__).resolve().parent]
    for root in roots:
        for parent in [root, *root.resolve().parents]:
            for candidate in (parent / "shared" / "data" / "mdgplib", parent / "data" / "mdgplib"):
                if (candidate / BKS_FILE).is_file() or (candidate / "RanReal").is_dir():
                    return candidate
    raise InvalidInput("MDGPLIB data not found: set MDGPLIB_DIR or put shared/data/mdgplib beside the repo")


def instance_path(name: str, data_dir: Path | None = None) -> Path:
    """Path of an instance by name, e.g. ``RanReal_n120_ss_01``."""
    base = data_dir or find_data_dir()
    family = name.split("_", 1)[0]
    return base / family / f"{name}.txt"


def read_instance(path: str | os.PathLike[str]) -> MdgpInstance:
    """Read an MDGPLIB instance file.

    Raises
    ------
    InvalidInput
        When the file is missing or malformed (the message names the file and the problem).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "Tiny_n004_ds_01.txt"
    ...     _ = path.write_text("4 2 ds 1 3 1 3 \\n0 1 5\\n0 2 1.5\\n0 3 2\\n1 2 3\\n1 3 4\\n2 3 6\\n")
    ...     inst = read_instance(path)
    >>> inst.name, inst.n, inst.m, inst.lower, inst.upper, inst.kind
    ('Tiny_n004_ds_01', 4, 2, [1, 1], [3, 3], 'ds')
    >>> float(inst.d[2, 0]), float(inst.d[0, 2]), bool((inst.d == inst.d.T).all())
    (1.5, 1.5, True)
    """
    p = Path(path)
    try:
        text = p.read_text()
    except OSError as exc:
        raise InvalidInput(f"cannot read {p}: {exc.strerror or exc}") from exc
    head, _, body = text.partition("\n")
    tokens = head.split()
    try:
        n, m = int(tokens[0]), int(tokens[1])
        kind = tokens[2]
        bounds = [int(x) for x in tokens[3 : 3 + 2 * m]]
    except (IndexError, ValueError) as exc:
        raise InvalidInput(f"{p}: line 1 must read '<n> <m> <ss|ds> a_1 b_1 ... a_m b_m'") from exc
    if n < 1 or m < 1 or len(bounds) != 2 * m:
        raise InvalidInput(f"{p}: line 1 must hold n, m, the kind and 2m bounds")
    try:
        values = np.array(body.split(), dtype=np.float64)
    except ValueError as exc:
        raise InvalidInput(f"{p}: non-numeric value in the pair lines ({exc})") from exc
    pairs = n * (n - 1) // 2
    if values.size != 3 * pairs:
        raise InvalidInput(
            f"{p}: expected {pairs} lines 'i j d_ij' after the header, got {values.size / 3:g}"
        )
    triples = values.reshape(pairs, 3)
    ii = triples[:, 0].astype(np.int64)
    jj = triples[:, 1].astype(np.int64)
    if ii.min(initial=0) < 0 or jj.max(initial=0) >= n or np.any(ii == jj):
        raise InvalidInput(f"{p}: element ids must lie in 0..{n - 1} with i != j")
    d = np.zeros((n, n))
    d[ii, jj] = triples[:, 2]
    d[jj, ii] = triples[:, 2]
    return MdgpInstance(name=p.stem, d=d, lower=bounds[0::2], upper=bounds[1::2], kind=kind)


def read_best_known(data_dir: Path | None = None) -> dict[str, BestKnown]:
    """Best-known values from ``bks_tpsdp_yang2022.csv``, by instance name."""
    path = (data_dir or find_data_dir()) / BKS_FILE
    try:
        with path.open(newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from exc
    out: dict[str, BestKnown] = {}
    for row in rows:
        out[row["instance"]] = BestKnown(
            instance=row["instance"],
            best=float(row["tpsdp_best"]),
            average=float(row["tpsdp_avg"]),
            worst=float(row["tpsdp_worst"]),
            time_limit_s=float(row["time_limit_s"]),
        )
    return out
