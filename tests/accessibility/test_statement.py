"""The accessibility statement (DIGG's model, sv and en, kept in the database) and its barrier reports."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core import mail

from motesplats.accessibility.models import BarrierReport, Statement
from motesplats.accounts import services as account_services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "expected"), [
    ("sv", ["Hur tillgänglig är webbplatsen?", "Myndigheten för digital förvaltning (DIGG)", "delvis förenlig",
            "granskades senast den", "Administrationsgränssnittet"]),
    ("en", ["How accessible is the site?", "Agency for Digital Government (DIGG)", "partially compliant",
            "last reviewed on", "administration interface"]),
])
def test_the_statement_follows_the_model_in_each_language(client: Any, language: str, expected: list[str]) -> None:
    html = client.get(f"/accessibility/?lang={language}").content.decode()
    for text in expected:
        assert text in html


def test_every_page_links_to_the_statement_from_its_footer(client: Any) -> None:
    for url in ("/", "/projects/", "/accounts/login/"):
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        assert 'href="/accessibility/"' in footer


def test_the_programme_office_edits_the_text_and_the_page_shows_it(client: Any) -> None:
    statement = Statement.objects.get(language="sv")
    statement.compliance = "full"
    statement.save()
    statement.shortcomings.all().delete()
    html = client.get("/accessibility/").content.decode()
    assert "helt förenlig" in html and "Vi känner inte till några brister." in html


def test_a_barrier_report_is_saved_logged_and_mailed_to_the_programme_office(client: Any, organiser: Any,
                                                                             caplog: Any,
                                                                             django_capture_on_commit_callbacks: Any) -> None:
    with caplog.at_level(logging.INFO, logger="motesplats.accessibility"), \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accessibility/", {"description": "Knappen saknar namn.", "page": "/insight/",
                                                   "email": "Anna@Example.se"})
    assert response.status_code == 302
    report = BarrierReport.objects.get()
    assert (report.page, report.email, report.notified_at is not None) == ("/insight/", "anna@example.se", True)
    assert any(f"barrier report {report.pk} received" in r.getMessage() for r in caplog.records)
    [message] = mail.outbox
    assert set(message.to) == {"programkontoret@motesplats.example", organiser.email}
    assert "Knappen saknar namn." in message.body and "/insight/" in message.body


@pytest.mark.parametrize("data", [{"description": ""}, {"description": "x\x00y"},
                                  {"description": "Ok", "email": "inte-en-adress"}])
def test_a_report_that_is_not_valid_is_refused_and_nothing_is_saved(client: Any, data: dict[str, str]) -> None:
    response = client.post("/accessibility/?lang=en", data)
    assert response.status_code == 400 and "The form has errors" in response.content.decode()
    assert not BarrierReport.objects.exists() and not mail.outbox


def test_reports_are_in_the_gdpr_export_and_erasure_keeps_the_report_without_the_person(client: Any,
                                                                                       reader: Any) -> None:
    client.force_login(reader)
    client.post("/accessibility/", {"description": "Kontrasten är för låg.", "name": "Rita Läsare"})
    exported = account_services.gdpr_export(user=reader)
    assert exported["accessibility_reports"][0]["name"] == "Rita Läsare"
    account_services.account_erase(user=reader)
    report = BarrierReport.objects.get()
    assert (report.description, report.name, report.user_id) == ("Kontrasten är för låg.", "", None)


def test_the_programme_office_edits_the_statement_in_the_admin(client: Any, make_user: Any) -> None:
    office = make_user("kontoret@example.se", role="organiser", is_staff=True)
    client.force_login(office)
    statement = Statement.objects.get(language="en")
    assert client.get("/admin/accessibility/statement/").status_code == 200
    page = client.get(f"/admin/accessibility/statement/{statement.pk}/change/")
    assert page.status_code == 200 and "shortcomings-TOTAL_FORMS" in page.content.decode()
    assert client.get("/admin/accessibility/barrierreport/").status_code == 200
    reader = make_user("staff-reader@example.se", role="reader", is_staff=True)
    client.force_login(reader)
    assert client.get("/admin/accessibility/statement/").status_code == 403


def test_barrier_reports_are_throttled_per_address_with_a_clear_429(client: Any, settings: Any) -> None:
    settings.BARRIER_REPORTS_PER_IP = 3
    for n in range(3):
        assert client.post("/accessibility/", {"description": f"Hinder {n}"}).status_code == 302
    refused = client.post("/accessibility/", {"description": "Hinder 4"})
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert "Formuläret har skickats för många gånger på kort tid" in refused.content.decode()
    assert BarrierReport.objects.count() == 3  # the fourth was not saved
    english = client.post("/accessibility/?lang=en", {"description": "Hinder 5"})
    assert english.status_code == 429 and "The form has been sent too many times" in english.content.decode()
    other = client.post("/accessibility/", {"description": "Från en annan adress"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302 and BarrierReport.objects.count() == 4
    assert client.get("/accessibility/").status_code == 200  # reading the page is never throttled
