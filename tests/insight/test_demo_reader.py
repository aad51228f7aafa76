"""The bars of issue 12, on the demo data, as the demo reader (ledning@motesplats.example)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from pypdf import PdfReader

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_the_demo_reader_sees_insight_with_pictures_and_gets_a_real_pdf(client: Any) -> None:
    call_command("load_demo", verbosity=0)
    response = client.post("/accounts/login/", {"username": "ledning@motesplats.example",
                                                "password": "demo-password-1"})
    assert response.status_code == 302 and response["Location"] == "/insight/"
    response = client.get("/insight/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<canvas") + html.count("<svg") >= 2
    pdf = client.get("/insight/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) >= 2
    client.logout()
    assert client.get("/insight/")["Location"].startswith("/accounts/login/")
    assert client.get("/insight/report.pdf")["Location"].startswith("/accounts/login/")
