"""QR codes as SVG (no Pillow): inline on the confirmation page and "Min dag", attached to the e-mail.

The SVG is drawn from the module matrix as one path of horizontal runs, and cached per text: a code never
changes, and pages such as "Min dag" are opened again and again on the day.
"""

from __future__ import annotations

from functools import lru_cache

import qrcode
from django.utils.html import escape

BORDER = 4  # the quiet zone the standard asks for, in modules


@lru_cache(maxsize=4096)
def _matrix_path(text: str) -> tuple[int, str]:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(text)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    parts = []
    for y, row in enumerate(matrix):
        x, width = 0, len(row)
        while x < width:
            if row[x]:
                start = x
                while x < width and row[x]:
                    x += 1
                parts.append(f"M{start + BORDER},{y + BORDER}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return len(matrix) + 2 * BORDER, "".join(parts)


def qr_svg(text: str, *, title: str = "", size: str = "100%") -> str:
    """An SVG document encoding `text`. `title` becomes the accessible name (role="img", aria-label, <title>).
    Always black on white whatever the page's colours: scanners need the contrast."""
    side, path = _matrix_path(text)
    label = f' aria-label="{escape(title)}"' if title else ""
    title_element = f"<title>{escape(title)}</title>" if title else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {side} {side}" '
            f'width="{size}" height="{size}" role="img"{label} shape-rendering="crispEdges">{title_element}'
            f'<rect width="{side}" height="{side}" fill="#fff"/><path fill="#000" d="{path}"/></svg>')
