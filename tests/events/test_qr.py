"""The QR code SVG draws exactly the modules of the qrcode library's matrix, quiet zone included."""

from __future__ import annotations

import re

import qrcode

from motesplats.events.qr import qr_svg


def cells_of(svg: str) -> tuple[int, set[tuple[int, int]]]:
    side = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    cells = set()
    for x, y, width in re.findall(r"M(\d+),(\d+)h(\d+)v1h-\d+z", svg):
        cells |= {(int(x) + dx, int(y)) for dx in range(int(width))}
    return side, cells


def test_svg_matches_the_library_matrix() -> None:
    text = "q3Wc8rZ1h0mVxk2B6yTnLw:Vx3o1a2b3c4d5e6f7g8h9i0jklmnopqrstuvwxyzABC"
    reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    reference.add_data(text)
    reference.make(fit=True)
    matrix = reference.get_matrix()
    expected = {(x, y) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark}
    side, cells = cells_of(qr_svg(text))
    assert side == len(matrix) and cells == expected


def test_accessible_name_is_escaped() -> None:
    svg = qr_svg("x", title='Anna "A" & co')
    assert 'role="img"' in svg and 'aria-label="Anna &quot;A&quot; &amp; co"' in svg
    assert "<title>Anna &quot;A&quot; &amp; co</title>" in svg
