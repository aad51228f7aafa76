"""QR codes as SVG (no Pillow): inline on the confirmation page and "Min dag", attached to the e-mail; and as
a PNG shown in the body of the e-mail (drawn here with zlib, no image library).

The SVG is drawn from the module matrix as one path of horizontal runs, and cached per text: a code never
changes, and pages such as "Min dag" are opened again and again on the day.
"""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache

import qrcode
from django.utils.html import escape

BORDER = 4  # the quiet zone the standard asks for, in modules


@lru_cache(maxsize=4096)
def _modules(text: str) -> tuple[tuple[bool, ...], ...]:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(text)
    qr.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in qr.get_matrix())


@lru_cache(maxsize=4096)
def _matrix_path(text: str) -> tuple[int, str]:
    matrix = _modules(text)
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


def qr_png(text: str, *, scale: int = 8) -> bytes:
    """A PNG (1-bit greyscale, quiet zone included) for e-mail bodies: mail programs show PNG, rarely SVG."""
    matrix = _modules(text)
    side = (len(matrix) + 2 * BORDER) * scale
    blank = [False] * BORDER
    rows = bytearray()
    for row in [[False] * len(matrix)] * BORDER + [list(r) for r in matrix] + [[False] * len(matrix)] * BORDER:
        bits = "".join("0" if dark else "1" for dark in blank + row + blank for _ in range(scale))  # 1 = white
        bits += "1" * (-len(bits) % 8)
        line = bytes([0]) + int(bits, 2).to_bytes(len(bits) // 8, "big")  # filter type 0 (none)
        rows += line * scale

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1 bit, greyscale, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
            + chunk(b"IEND", b""))


def qr_svg(text: str, *, title: str = "", size: str = "100%") -> str:
    """An SVG document encoding `text`. `title` becomes the accessible name (role="img", aria-label, <title>).
    Always black on white whatever the page's colours: scanners need the contrast."""
    side, path = _matrix_path(text)
    label = f' aria-label="{escape(title)}"' if title else ""
    title_element = f"<title>{escape(title)}</title>" if title else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {side} {side}" '
            f'width="{size}" height="{size}" role="img"{label} shape-rendering="crispEdges">{title_element}'
            f'<rect width="{side}" height="{side}" fill="#fff"/><path fill="#000" d="{path}"/></svg>')
