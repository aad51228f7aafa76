"""CSV downloads that spreadsheets open safely: UTF-8 with BOM (Excel reads å, ä, ö), semicolons, and no cell
that a spreadsheet would run as a formula (CSV injection: a text starting with = + - @ gets a leading apostrophe).

>>> csv_safe("=SUM(A1)"), csv_safe("-3 dagar"), csv_safe(-3), csv_safe(None)
("'=SUM(A1)", "'-3 dagar", -3, '')
>>> csv_text([["Namn", "Antal"], ["@alla", 2]])
"\\ufeffNamn;Antal\\r\\n'@alla;2\\r\\n"
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A value as a spreadsheet should read it: text never starts a formula; dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return buffer.getvalue()


def csv_response(rows: Iterable[Sequence[Any]], filename: str) -> HttpResponse:
    response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
