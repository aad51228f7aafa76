"""Readers of the seminar CSV files (``PEOPLE.csv`` and ``PAIRS.csv``); every error names the file and line.

``PEOPLE.csv``: a header with the columns ``id,name,organisation,project,role,themes`` (any order; only ``id``
and ``organisation`` are required; themes are separated by ``;``). ``PAIRS.csv``: two ids per row, an
optional header ``a,b``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from optimiser.errors import InvalidInput
from optimiser.participants import Participant

__all__ = ["parse_pairs", "parse_people", "read_pairs", "read_people"]

_COLUMNS = ("id", "name", "organisation", "project", "role", "themes")


def parse_people(text: str, source: str = "PEOPLE.csv") -> list[Participant]:
    """Participants from CSV text.

    >>> people = parse_people("id,organisation,themes\\nA,Stad,luft; trafik\\nB,Uni,\\n")
    >>> [(p.id, p.organisation, sorted(p.themes)) for p in people]
    [('A', 'Stad', ['luft', 'trafik']), ('B', 'Uni', [])]
    >>> parse_people("id,organisation\\nA,Stad\\nA,Uni\\n")
    Traceback (most recent call last):
    ...
    optimiser.errors.InvalidInput: PEOPLE.csv, line 3: id 'A' appears twice (first on line 2)
    """
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInput(f"{source}, line 1: the file is empty (expected a header)") from None
    cols = [h.strip().lower() for h in header]
    for need in ("id", "organisation"):
        if need not in cols:
            raise InvalidInput(f"{source}, line 1: the header has no column {need!r} (found {', '.join(cols)})")
    unknown = [c for c in cols if c not in _COLUMNS]
    if unknown:
        raise InvalidInput(f"{source}, line 1: unknown column(s) {', '.join(map(repr, unknown))}")
    if len(set(cols)) != len(cols):
        raise InvalidInput(f"{source}, line 1: a column appears twice")
    people: list[Participant] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(cols):
            raise InvalidInput(f"{source}, line {line}: {len(row)} field(s), the header has {len(cols)}")
        rec = {c: v.strip() for c, v in zip(cols, row, strict=True)}
        pid = rec["id"]
        if not pid:
            raise InvalidInput(f"{source}, line {line}: the id is empty")
        if pid in seen:
            raise InvalidInput(f"{source}, line {line}: id {pid!r} appears twice (first on line {seen[pid]})")
        seen[pid] = line
        themes = frozenset(t.strip() for t in rec.get("themes", "").split(";") if t.strip())
        people.append(
            Participant(
                id=pid,
                name=rec.get("name", ""),
                organisation=rec["organisation"],
                project=rec.get("project", ""),
                role=rec.get("role", ""),
                themes=themes,
            )
        )
    if not people:
        raise InvalidInput(f"{source}: no participants after the header")
    return people


def parse_pairs(text: str, source: str = "PAIRS.csv") -> list[tuple[str, str]]:
    """Pairs of ids from CSV text (header ``a,b`` optional).

    >>> parse_pairs("a,b\\nA,B\\nB,C\\n")
    [('A', 'B'), ('B', 'C')]
    >>> parse_pairs("a,b\\nA\\n")
    Traceback (most recent call last):
    ...
    optimiser.errors.InvalidInput: PAIRS.csv, line 2: expected two ids, found 1 field(s)
    """
    out: list[tuple[str, str]] = []
    reader = csv.reader(io.StringIO(text))
    for row in reader:
        line = reader.line_num
        if not row or all(not c.strip() for c in row):
            continue
        cells = [c.strip() for c in row]
        if line == 1 and [c.lower() for c in cells] == ["a", "b"]:
            continue
        if len(cells) != 2:
            raise InvalidInput(f"{source}, line {line}: expected two ids, found {len(cells)} field(s)")
        if not cells[0] or not cells[1]:
            raise InvalidInput(f"{source}, line {line}: an id is empty")
        if cells[0] == cells[1]:
            raise InvalidInput(f"{source}, line {line}: a pair of the same id {cells[0]!r}")
        out.append((cells[0], cells[1]))
    return out


def _read(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: the file is not UTF-8 text") from None


def read_people(path: str | Path) -> list[Participant]:
    """Participants from a ``PEOPLE.csv`` file (see :func:`parse_people`)."""
    return parse_people(_read(path), str(path))


def read_pairs(path: str | Path) -> list[tuple[str, str]]:
    """Pairs from a ``PAIRS.csv`` file (see :func:`parse_pairs`)."""
    return parse_pairs(_read(path), str(path))
