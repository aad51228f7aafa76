"""QR codes as SVG (no Pillow): inline on the confirmation page and "Min dag", attached to the e-mail."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from django.utils.html import escape


def qr_svg(text: str, *, title: str = "", size: str = "100%") -> str:
    """An SVG document encoding `text`. `title` becomes the accessible name (role="img" + <title>)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    image = qr.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    head, rest = svg.split(">", 1)
    head = re.sub(r' (width|height)="[^"]*"', "", head)
    accessible = f' role="img" width="{size}" height="{size}"'
    if title:
        accessible += f' aria-label="{escape(title)}"'
        rest = f"<title>{escape(title)}</title>" + rest
    # Black on white whatever the page's colours: scanners need the contrast.
    rest = rest.replace("<path ", '<rect width="100%" height="100%" fill="#fff"/><path ', 1).replace(' id="qr-path"', "")
    return head + accessible + ">" + rest
