"""HTML templates to PDF with WeasyPrint (its system libraries, Pango and HarfBuzz, come from `make weasyprint`).

The PDF is tagged (PDF/UA-1) so that screen readers read it in order, with the pictures' descriptions.
"""

from __future__ import annotations

import base64
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from . import charts
from .figures import Figure


def svg_data_uri(figure: Figure) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(charts.to_svg(figure).encode()).decode()


def render_pdf(request: HttpRequest, template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(pdf_variant="pdf/ua-1")


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
