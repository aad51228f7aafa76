"""The pages: the catalogue (filters, relevance search, the public sees open data only), asking for data through
the form (a double submit makes one request), the answer forms, the history export, the home page link."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from motesplats.datasharing import services
from motesplats.datasharing.models import Agreement, DataRequest, Step

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_public_catalogue_lists_open_datasets_of_public_projects_only(world):
    body = _client().get("/data/").content.decode()
    assert "Halter av NO2 per gata och timme" in body  # open
    assert "Trafikflöden per gata och timme" not in body  # shared within the city
    assert "Trafikflöden och halter per gata" not in body  # a private project's


def test_signed_in_people_see_every_dataset_and_filters_narrow_it(world):
    client = _client(world["reader"])
    assert "Trafikflöden per gata och timme" in client.get("/data/").content.decode()
    body = client.get("/data/", {"openness": "öppen"}).content.decode()
    assert "Halter av NO2" in body and "Trafikflöden per gata och timme" not in body
    body = client.get("/data/", {"organisation": world["orgs"]["TK"].slug}).content.decode()
    assert "Trafikflöden per gata och timme" in body and "Halter av NO2" not in body
    body = client.get("/data/", {"q": "trafikflöden"}).content.decode()
    assert "Trafikflöden per gata och timme" in body and "Nivåer i dagvattenbrunnar" not in body
    assert client.get("/data/", {"format": "CSV"}).status_code == 200
    assert client.get("/data/", {"frequency": "varje timme"}).content.decode().count("Halter av NO2") >= 1


def test_the_home_page_numbers_link_to_the_catalogue(world):
    body = _client().get("/").content.decode()
    assert 'href="/data/"' in body and 'href="/data/?openness=' in body


def test_the_form_asks_once_however_often_it_is_posted(world, django_capture_on_commit_callbacks, mailoutbox):
    client = _client(world["member"])
    page = client.get(f"/data/{world['dataset'].pk}/request/", {"project": "luft", "need": world["need"].pk})
    key = page.context["form"].initial["idempotency_key"]
    assert page.context["form"].initial["purpose"] == world["need"].description
    form = {"project": world["projects"]["luft"].pk, "purpose": "Koppla halter till trafik", "fields": "gata",
            "frequency": "daily", "need": world["need"].pk, "idempotency_key": key}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/data/{world['dataset'].pk}/request/", form)
        second = client.post(f"/data/{world['dataset'].pk}/request/", form)
    request = DataRequest.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == request.get_absolute_url()
    assert Step.objects.count() == 1 and len(mailoutbox) == 1


def test_bad_input_says_what_is_wrong_and_saves_nothing(world):
    client = _client(world["member"])
    response = client.post(f"/data/{world['dataset'].pk}/request/", {"purpose": "", "frequency": "sometimes",
                                                                     "idempotency_key": "x"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"purpose", "frequency"}
    assert not DataRequest.objects.exists()


def test_the_owner_accepts_with_conditions_through_the_form(world, make_request):
    request = make_request(personal_data=True)
    client = _client(world["owner"])
    page = client.get(request.get_absolute_url())
    assert page.context["moves"] == ["ask", "accept", "decline"]
    refused = client.post(f"/data/requests/{request.pk}/accept/", {"licence": "CC0", "delivery_route": "api"})
    assert refused.status_code == 400 and "legal_basis" in refused.context["accept_form"].errors
    done = client.post(f"/data/requests/{request.pk}/accept/", {"licence": "CC0", "delivery_route": "api",
                                                                "legal_basis": "Avtal", "dpia_needed": "on"})
    agreement = Agreement.objects.get()
    assert done["Location"] == agreement.get_absolute_url() and agreement.dpia_needed
    again = client.post(f"/data/requests/{request.pk}/accept/", {"licence": "CC0", "delivery_route": "api",
                                                                 "legal_basis": "Avtal"})
    assert again.status_code == 302 and Agreement.objects.count() == 1


def test_the_requester_may_not_answer_their_own_request(world, make_request):
    request = make_request()
    response = _client(world["member"]).post(f"/data/requests/{request.pk}/accept/",
                                             {"licence": "CC0", "delivery_route": "api"})
    assert response.status_code == 403 and not Agreement.objects.exists()


def test_agreement_steps_through_the_page(world, make_request):
    agreement = services.data_request_accept(request=make_request(), by=world["owner"], licence="CC0",
                                             delivery_route="file")
    owner, member = _client(world["owner"]), _client(world["member"])
    assert owner.post(agreement.get_absolute_url(), {"step": "deliver"}).status_code == 302
    assert member.post(agreement.get_absolute_url(), {"step": "deliver"}).status_code == 403
    assert member.post(agreement.get_absolute_url(), {"step": "in_use", "note": "tack"}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "in_use"
    page = member.get(agreement.get_absolute_url())
    assert [m["name"] for m in page.context["move_buttons"]] == ["end"]


def test_the_history_export_is_safe_for_spreadsheets(world, make_request):
    request = make_request(purpose="=HYPERLINK(\"http://evil\")")
    response = _client(world["owner"]).get(f"/data/requests/{request.pk}/history.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] in {"Förfrågan", "Request"} and len(rows) == 2
    assert rows[1][-1].startswith("'=")
    assert rows[1][7] == "Maja Medlem"


def test_the_organiser_exports_every_step(world, make_request):
    make_request()
    response = _client(world["organiser"]).get("/data/requests/history.csv")
    assert response.status_code == 200 and response.content.decode("utf-8-sig").count("\n") == 2


def test_the_owner_sees_a_task_on_their_page(world, make_request):
    make_request()
    body = _client(world["owner"]).get("/accounts/profile/").content.decode()
    assert "väntar på dig" in body or "waiting for you" in body
    assert "väntar på dig" not in _client(world["third"]).get("/accounts/profile/").content.decode()
    page = _client(world["owner"]).get("/data/requests/")
    assert page.context["mine"].tasks == 1 and 'badge badge-warn">1<' in page.content.decode()


def test_owners_say_how_to_get_the_data(world):
    dataset = world["dataset"]
    response = _client(world["owner"]).post(f"/data/{dataset.pk}/", {
        "kind": "api", "url": "https://data.example.se/trafik", "licence": "cc-by-4.0", "contact_email": ""})
    assert response.status_code == 302
    assert dataset.access.kind == "api" and dataset.access.licence_uri.endswith("/by/4.0/")
    assert _client(world["member"]).post(f"/data/{dataset.pk}/", {"kind": "link"}).status_code == 403


def test_the_project_page_offers_to_ask_for_each_dataset(world):
    url = f"/data/{world['dataset'].pk}/request/"
    project_page = world["projects"]["trafik"].get_absolute_url()
    assert url in _client(world["member"]).get(project_page).content.decode()
    assert url not in _client(world["owner"]).get(project_page).content.decode()  # their own data
    assert url not in _client().get(project_page).content.decode()
