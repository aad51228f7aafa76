"""The QR code SVG draws exactly the modules of the qrcode library's matrix, quiet zone included."""

from __future__ import annotations

import re
import struct
import zlib

import qrcode

from motesplats.events.qr import qr_png, qr_svg


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


def png_pixels(png: bytes) -> list[list[int]]:
    """Decode the 1-bit greyscale PNG qr_png writes (a tiny reader, so the test needs no image library)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks = 8, {}
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset:offset + 4])
        kind, data = png[offset + 4:offset + 8], png[offset + 8:offset + 8 + length]
        assert struct.unpack(">I", png[offset + 8 + length:offset + 12 + length])[0] == zlib.crc32(kind + data)
        chunks[kind] = chunks.get(kind, b"") + data
        offset += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (1, 0) and b"IEND" in chunks
    raw, stride = zlib.decompress(chunks[b"IDAT"]), 1 + (width + 7) // 8
    rows = []
    for y in range(height):
        line = raw[y * stride:(y + 1) * stride]
        assert line[0] == 0
        bits = "".join(f"{byte:08b}" for byte in line[1:])
        rows.append([int(bit) for bit in bits[:width]])
    return rows


def test_png_matches_the_library_matrix() -> None:
    text = "q3Wc8rZ1h0mVxk2B6yTnLw:Vx3o1a2b3c4d5e6f7g8h9i0jklmnopqrstuvwxyzABC"
    reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    reference.add_data(text)
    reference.make(fit=True)
    matrix = reference.get_matrix()
    pixels = png_pixels(qr_png(text, scale=3))
    assert len(pixels) == len(pixels[0]) == 3 * len(matrix)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            block = {pixels[3 * y + dy][3 * x + dx] for dy in range(3) for dx in range(3)}
            assert block == {0 if dark else 1}  # 0 is black
