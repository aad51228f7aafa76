"""QR codes for table cards: the seminar app's SVG drawer when present, else the qrcode package."""

from __future__ import annotations


def outcome_qr(url: str, title: str) -> str:
    try:
        from motesplats.events.qr import qr_svg
    except ImportError:  # pragma: no cover - the events app draws them in this project
        import io

        import qrcode
        import qrcode.image.svg

        buf = io.BytesIO()
        qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage).save(buf)
        return buf.getvalue().decode()
    return qr_svg(url, title=title)
