"""The one exporter of spreadsheets: every CSV and XLSX file the service writes goes through these helpers,
so no cell can run as a formula (CSV/formula injection: a text such as `=HYPERLINK(...)` typed into a public
form must arrive in the organiser's spreadsheet as text).

    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("-1+1"), safe_cell("Anna"), safe_cell(3), safe_cell(None)
    ('\\'=HYPERLINK("http://x")', "'-1+1", 'Anna', 3, '')
    >>> csv_text(["namn"], [["@SUM(A1)"]], bom=False)
    "namn\\r\\n'@SUM(A1)\\r\\n"
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import IO, Any

# What spreadsheets (Excel, LibreOffice, Google Sheets) may read as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: Any) -> Any:
    """A value as a cell: a text that could start a formula gets a leading apostrophe; None becomes ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.lstrip(" ").startswith(FORMULA_STARTS) else value
    return value


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: dates in ISO form, texts through `safe_cell`."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return safe_cell(value if not hasattr(value, "__html__") else str(value))


def write_csv(stream: IO[str], header: Sequence[Any], rows: Iterable[Sequence[Any]], *, delimiter: str = ";",
              bom: bool = True) -> int:
    """Write the header and the rows (each cell through `safe_cell`); return the number of rows.

    `bom` starts with a UTF-8 byte order mark, which makes Excel read å, ä and ö right; ";" is what Excel
    expects in Swedish settings.
    """
    if bom:
        stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([csv_cell(name if isinstance(name, int | float) else str(name)) for name in header])
    count = 0
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        count += 1
    return count


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, delimiter: str = ";", bom: bool = True) -> str:
    buffer = io.StringIO()
    write_csv(buffer, header, rows, delimiter=delimiter, bom=bom)
    return buffer.getvalue()


def xlsx_append(sheet: Any, values: Sequence[Any]) -> None:
    """Append a row to an openpyxl sheet with every text stored as a text cell (never a formula): the text is
    kept exactly, since a text cell is not run whatever it starts with (openpyxl would otherwise make a text
    that starts with "=" a formula)."""
    sheet.append(["" if value is None else value for value in values])
    row = sheet.max_row
    for index, value in enumerate(values, start=1):
        if isinstance(value, str):
            sheet.cell(row=row, column=index).data_type = "s"
