"""CSV downloads of rows (header first), through the one formula-safe exporter `common.exports`: UTF-8 with
BOM (Excel reads å, ä, ö), semicolons, and no cell that a spreadsheet would run as a formula.

>>> csv_safe("=SUM(A1)"), csv_safe("-3 dagar"), csv_safe(-3), csv_safe(None)
("'=SUM(A1)", "'-3 dagar", -3, '')
>>> csv_text([["Namn", "Antal"], ["@alla", 2]])
"\\ufeffNamn;Antal\\r\\n'@alla;2\\r\\n"
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

from . import exports


def csv_safe(value: Any) -> Any:
    """A value as a spreadsheet should read it: text never starts a formula; dates in ISO form."""
    return exports.csv_cell(value)


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """The rows, the first being the header."""
    remaining = iter(rows)
    return exports.csv_text(next(remaining, []), remaining)


def csv_response(rows: Iterable[Sequence[Any]], filename: str) -> HttpResponse:
    response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
