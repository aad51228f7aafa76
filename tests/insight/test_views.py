"""Insight, its CSV downloads and PDF reports, "Min sida", and each role's first page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from motesplats.registry import services

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.mark.parametrize("url", ["/insight/", "/insight/report.pdf", "/insight/seminars.csv", "/my-page/",
                                 "/events/andra-mötet/report.pdf"])
def test_anonymous_visitors_are_sent_to_log_in(client: Any, programme: Any, url: str) -> None:
    url = url.replace("andra-mötet", programme.events[1].slug)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_insight_shows_every_section_as_pictures_with_tables_and_downloads(client: Any, programme: Any,
                                                                          reader: Any) -> None:
    client.force_login(reader)
    response = client.get("/insight/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<canvas") >= 5  # every figure with figures: portfolio, themes, seminars, ties, findings
    assert html.count('role="img"') == html.count("<canvas")
    assert html.count("<table") == html.count("<canvas")
    for key in ("portfolio", "themes", "seminars", "ties", "overlaps", "data_requests", "data_request_states",
                "data_agreements", "data_matches", "findings"):
        assert f'href="/insight/{key}.csv"' in html
    assert "chart.umd.min.js" in html and 'id="chart-data-ties"' in html
    assert 'href="/networking/series/smart-stad/network/"' in html  # the network picture, found from insight


def test_a_figure_downloads_as_csv_that_a_spreadsheet_cannot_run(client: Any, programme: Any, reader: Any) -> None:
    services.project_create(title="Formler", owner=programme.orgs[0], themes=["=HYPERLINK(\"x\")"])
    client.force_login(reader)
    response = client.get("/insight/themes.csv")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith("Tema;Idé;Planerad;Pågående;Avslutad")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
    assert client.get("/insight/no-such-figure.csv").status_code == 404


def test_the_report_is_a_real_pdf_of_a_few_pages_with_the_figures(client: Any, programme: Any,
                                                                   reader: Any) -> None:
    client.force_login(reader)
    response = client.get("/insight/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pages, text = _pdf_text(response.content)
    assert 2 <= pages <= 12
    assert "Portföljen över tid" in text and "Nya kontakter mellan organisationer" in text
    assert "Andra mötet" in text


def test_the_report_follows_the_language(client: Any, programme: Any, reader: Any) -> None:
    client.force_login(reader)
    _pages, text = _pdf_text(client.get("/insight/report.pdf?lang=en").content)
    assert "Portfolio over time" in text


def test_a_seminar_report_has_programme_attendance_networking_and_findings(client: Any, programme: Any,
                                                                           reader: Any) -> None:
    client.force_login(reader)
    response = client.get(f"/events/{programme.events[1].slug}/report.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    _pages, text = _pdf_text(response.content)
    for expected in ("Rundabord om data", "Möjligheter?", "Dela data öppet", "Incheckade", "Stokab"):
        assert expected in text


def test_a_draft_seminar_has_no_report_except_for_the_programme_office(client: Any, programme: Any,
                                                                       reader: Any, organiser: Any) -> None:
    event = programme.events[2]
    event.status = "utkast"
    event.save()
    client.force_login(reader)
    assert client.get(f"/events/{event.slug}/report.pdf").status_code == 404
    client.force_login(organiser)
    assert client.get(f"/events/{event.slug}/report.pdf").status_code == 200


def test_my_page_shows_the_members_projects_and_seminars(client: Any, programme: Any) -> None:
    client.force_login(programme.people[0].user)
    html = client.get("/my-page/").content.decode()
    assert "Smarta ledningar" in html and "Tredje mötet" in html and "Första mötet" in html


def test_my_page_without_a_person_says_so(client: Any, reader: Any) -> None:
    client.force_login(reader)
    response = client.get("/my-page/")
    assert response.status_code == 200 and "inte kopplat till en person" in response.content.decode()


@pytest.mark.parametrize(("role", "home"), [("organiser", "/events/organiser/"), ("reader", "/insight/"),
                                            ("member", "/my-page/")])
def test_each_role_lands_on_its_first_page_after_signing_in(client: Any, make_user: Any, role: str,
                                                            home: str) -> None:
    make_user(f"{role}@example.se", role=role)
    response = client.post("/accounts/login/", {"username": f"{role}@example.se", "password": "demo-password-1"})
    assert response.status_code == 302 and response["Location"] == home
    client.logout()
    response = client.post("/accounts/login/?next=/projects/",
                           {"username": f"{role}@example.se", "password": "demo-password-1"})
    assert response["Location"] == "/projects/"


def test_the_menu_groups_the_programme_office_and_has_a_menu_button(client: Any, organiser: Any,
                                                                    reader: Any) -> None:
    client.force_login(organiser)
    html = client.get("/insight/").content.decode()
    assert 'aria-controls="site-menu"' in html and 'aria-controls="nav-office"' in html
    assert html.index('id="nav-office"') < html.index("/discovery/overlap/")
    client.force_login(reader)
    html = client.get("/insight/").content.decode()
    assert 'id="nav-office"' not in html and 'href="/insight/" aria-current="page"' in html


@pytest.mark.parametrize(("role", "published", "draft"), [
    ("anonymous", "login", 404), ("reader", 200, 404), ("member", 200, 404), ("organiser", 200, 200)])
def test_seminar_report_for_every_role(client: Any, programme: Any, make_user: Any, role: str,
                                       published: Any, draft: int) -> None:
    if role != "anonymous":
        client.force_login(make_user(f"{role}-matrix@example.se", role=role))
    event, coming = programme.events[1], programme.events[2]
    coming.status = "utkast"
    coming.save()
    response = client.get(f"/events/{event.slug}/report.pdf")
    if published == "login":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == published
    assert client.get(f"/events/{coming.slug}/report.pdf").status_code == draft


def test_my_page_shows_the_data_requests_waiting_for_the_member(client: Any, programme: Any) -> None:
    from motesplats.datasharing.models import DataRequest
    from motesplats.registry.models import Dataset

    dataset = Dataset.objects.create(project=programme.project, name="Fiberkartan")
    DataRequest.objects.create(dataset=dataset, requester=programme.people[2], purpose="Forskning",
                               idempotency_key="k")
    client.force_login(programme.people[0].user)
    html = client.get("/my-page/").content.decode()
    section = html.split('id="my-requests-heading"')[1].split("</section>")[0]
    assert "1 förfrågan väntar på dig." in section and "Fiberkartan" in section, section
