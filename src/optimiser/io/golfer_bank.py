"""A bank of verified zero-repeat social golfer schedules, read from the Glasgow schedule files.

The files are not part of the repository: they lie in the shared data folder (``$MOTESPLATS_SHARED`` or
``<repository>/../shared``) or in a folder given by the caller.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from optimiser.rounds import Schedule, count_repeats

__all__ = ["find_shared_dir", "load_golfer_bank", "parse_schedule"]

BANK_SUBDIR = "data/golfer/glasgow-sga-schedules"


def find_shared_dir() -> Path:
    """The shared data folder: ``$MOTESPLATS_SHARED`` or ``<repository>/../shared``."""
    env = os.environ.get("MOTESPLATS_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3].parent / "shared"


def parse_schedule(data: object) -> Schedule | None:
    """A schedule with equal table sizes from the JSON of one file (rounds of tables of 1-based ids),
    relabelled to 0-based ids; None unless it is a partition of everyone in every round without any repeat.

    >>> parse_schedule([[[1, 2], [3, 4]], [[1, 3], [2, 4]]])
    (((0, 1), (2, 3)), ((0, 2), (1, 3)))
    >>> parse_schedule([[[1, 2], [3, 4]], [[1, 2], [3, 4]]]) is None  # a repeat
    True
    """
    if not isinstance(data, list) or not data or not data[0]:
        return None
    try:
        sizes = {len(t) for rnd in data for t in rnd}
        sched = tuple(tuple(tuple(sorted(int(p) - 1 for p in t)) for t in rnd) for rnd in data)
    except (TypeError, ValueError):
        return None
    if len(sizes) != 1:
        return None
    n = len(sched[0]) * sizes.pop()
    if not all(sorted(p for t in rnd for p in t) == list(range(n)) for rnd in sched):
        return None
    return sched if count_repeats(sched) == 0 else None


def load_golfer_bank(directory: str | Path | None = None) -> dict[tuple[int, int], Schedule]:
    """Verified zero-repeat schedules with equal table sizes, keyed by ``(tables, size)``.

    Reads the Glasgow schedules (``*.json`` in ``directory``, by default ``data/golfer/glasgow-sga-schedules``
    of the shared folder; credit: Miller, Barr, Kavanagh, Valkov, Purchase, Symmetry 13(1):13, 2021), keeps
    the one with the most rounds per dimension and checks every schedule (:func:`parse_schedule`). Returns
    ``{}`` when the folder is missing.
    """
    folder = Path(directory) if directory is not None else find_shared_dir() / BANK_SUBDIR
    bank: dict[tuple[int, int], Schedule] = {}
    if not folder.is_dir():
        return bank
    for path in sorted(folder.glob("*.json")):
        try:
            sched = parse_schedule(json.loads(path.read_text()))
        except (OSError, ValueError):
            continue
        if sched is None:
            continue
        key = (len(sched[0]), len(sched[0][0]))
        if key not in bank or len(bank[key]) < len(sched):
            bank[key] = sched
    return bank
