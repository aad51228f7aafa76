"""N+1 guards: the number of SQL queries of each list page does not grow with the number of rows shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motesplats.registry import services
from motesplats.registry.models import DataNeed, Dataset

pytestmark = pytest.mark.django_db


def add_rows(start, count, org, other_org):
    """Projects, people and organisations with every relation a list shows: owner, partners, themes, contacts."""
    for number in range(start, start + count):
        owner = services.organisation_create(name=f"Organisation {number:03d}", kind="bolag")
        person = services.person_create(name=f"Person {number:03d}", organisation=owner, email=f"p{number}@x.se",
                                        interests=[f"intresse {number}"])
        colleague = services.person_create(name=f"Kollega {number:03d}", organisation=org, title="Utredare")
        project = services.project_create(title=f"Projekt {number:03d}", owner=owner, themes=[f"Tema {number}", "Data"],
                                          partners=[org, other_org], contacts=[person, colleague])
        Dataset.objects.create(project=project, name=f"Data {number}")
        DataNeed.objects.create(project=project, description=f"Behov {number}")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


URLS = ["/", "/projects/", "/projects/?q=projekt&organisation=miljoforvaltningen", "/projects/?sort=new",
        "/organisations/", "/organisations/miljoforvaltningen/", "/people/", "/people/?q=intresse",
        "/projects/export.csv", "/projects/export.xlsx",
        "/api/registry/projects", "/api/registry/organisations", "/api/registry/people",
        "/api/registry/datasets", "/api/registry/needs"]


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "reader"])
def test_list_pages_run_a_fixed_number_of_queries(client, reader, org, other_org, signed_in):
    if signed_in:
        client.force_login(reader)
    urls = [url for url in URLS if signed_in or not url.startswith(("/people/", "/api/registry/people",
                                                                    "/projects/export"))]
    add_rows(0, 2, org, other_org)
    few = {url: queries(client, url) for url in urls}
    add_rows(2, 40, org, other_org)  # more than a page (20) of every list
    many = {url: queries(client, url) for url in urls}
    assert many == few
    assert max(many.values()) <= 20


def test_detail_pages_run_a_fixed_number_of_queries(client, reader, org, other_org):
    client.force_login(reader)
    person = services.person_create(name="Flitig Person", organisation=org, interests=["data"])
    hub = services.project_create(title="Navet", owner=org, contacts=[person], themes=["A"], partners=[other_org])

    def grow(start, count):
        for number in range(start, start + count):
            partner = services.organisation_create(name=f"Partner {number:03d}")
            contact = services.person_create(name=f"Kontakt {number:03d}", organisation=partner)
            services.project_update(project=hub, themes=[t.name for t in hub.themes.all()] + [f"Tema {number}"],
                                    partners=[*hub.partners.all(), partner], contacts=[*hub.contacts.all(), contact])
            Dataset.objects.create(project=hub, name=f"Data {number}")
            DataNeed.objects.create(project=hub, description=f"Behov {number}")
            services.project_create(title=f"Sidoprojekt {number:03d}", owner=partner, contacts=[person],
                                    themes=[f"Tema {number}"])

    urls = [f"/projects/{hub.slug}/", f"/people/{person.pk}/", f"/api/registry/projects/{hub.slug}",
            f"/api/registry/people/{person.pk}", "/accounts/profile/"]
    grow(0, 1)
    few = {url: queries(client, url) for url in urls}
    grow(1, 25)
    assert {url: queries(client, url) for url in urls} == few
