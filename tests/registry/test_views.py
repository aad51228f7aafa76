"""Every registry page for every role: anonymous, reader, member, organiser."""

import pytest
from django.urls import reverse

from motesplats.registry.models import DataNeed, Dataset, Organisation, Project
from tests.registry.conftest import make_projects

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_home_shows_the_portfolio_in_numbers(client, public_project, private_project):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    numbers = response.context["numbers"]
    assert numbers.projects == 1  # the private project is not counted for anonymous visitors
    html = response.content.decode()
    assert "Portföljen i siffror" in html and "Luftkvalitet på Ängen" in html
    assert "Intern parkeringsstudie" not in html
    assert f'?theme={public_project.themes.first().slug}' in html


def test_home_in_english(client, public_project):
    response = client.get(reverse("home") + "?lang=en")
    assert "The portfolio in numbers" in response.content.decode()


def test_home_counts_private_projects_for_signed_in(client, reader, public_project, private_project):
    client.force_login(reader)
    assert client.get(reverse("home")).context["numbers"].projects == 2


# --- project list ---------------------------------------------------------------------------------


def test_project_list_filters_and_searches(client, public_project, private_project, reader):
    url = reverse("registry:project_list")
    assert [p.title for p in client.get(url).context["page_obj"]] == ["Luftkvalitet på Ängen"]
    client.force_login(reader)
    assert len(client.get(url).context["page_obj"]) == 2
    assert [p.title for p in client.get(url, {"q": "PARKERING"}).context["page_obj"]] == ["Intern parkeringsstudie"]
    assert [p.title for p in client.get(url, {"status": "pågående"}).context["page_obj"]] == [
        "Luftkvalitet på Ängen"]


def test_project_list_htmx_returns_only_the_results(client, public_project):
    url = reverse("registry:project_list")
    full = client.get(url, {"q": "luft"})
    partial = client.get(url, {"q": "luft"}, headers={"HX-Request": "true", "HX-Target": "results"})
    assert "<html" in full.content.decode() and 'aria-live="polite"' in full.content.decode()
    assert "<html" not in partial.content.decode()
    assert "Luftkvalitet på Ängen" in partial.content.decode()
    assert "HX-Target" in partial["Vary"]


def test_project_list_paginates_and_keeps_the_filters(client, org):
    make_projects(org, 45)
    url = reverse("registry:project_list")
    first = client.get(url, {"theme": "mobilitet"})
    assert len(first.context["page_obj"]) == 20
    assert "theme=mobilitet&amp;page=2" in first.content.decode()
    last = client.get(url, {"theme": "mobilitet", "page": 3})
    assert [p.title for p in last.context["page_obj"]] == [f"Projekt {n:03d}" for n in range(40, 45)]


def test_project_list_ignores_an_unknown_filter_value_but_keeps_the_others(client, public_project, org):
    make_projects(org, 2)
    response = client.get(reverse("registry:project_list"), {"theme": "finns-inte", "status": "fel"})
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 3
    response = client.get(reverse("registry:project_list"), {"theme": "finns-inte", "q": "ängen"})
    assert [p.title for p in response.context["page_obj"]] == ["Luftkvalitet på Ängen"]


def test_project_list_page_query_count_does_not_grow(client, reader, org, django_assert_max_num_queries):
    client.force_login(reader)
    make_projects(org, 1)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("registry:project_list"))
    make_projects(org, 24)  # titles repeat: the service gives them their own slugs
    with django_assert_max_num_queries(12) as many:
        client.get(reverse("registry:project_list"))
    assert len(many) == len(one)


# --- project detail -------------------------------------------------------------------------------


def test_project_detail_shows_data_needs_and_contacts_without_email_for_anonymous(client, public_project):
    response = client.get(public_project.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Halter av NO2 per timme" in html and "Öppen" in html
    assert "Trafikflöden per timme" in html
    assert "Maja Medlem" in html
    assert "maja@example.se" not in html
    assert reverse("discovery:project_related", args=[public_project.slug]) in html
    assert reverse("discovery:project_data_matches", args=[public_project.slug]) in html
    assert "Redigera projektet" not in html


def test_project_detail_shows_emails_to_signed_in(client, reader, public_project):
    client.force_login(reader)
    html = client.get(public_project.get_absolute_url()).content.decode()
    assert "maja@example.se" in html


def test_private_project_answers_anonymous_as_an_unknown_one(client, private_project, reader):
    """A private project's slug must not reveal that it exists (issue 14): the same 404 as an unknown slug,
    whose page offers to sign in."""
    private = client.get(private_project.get_absolute_url())
    unknown = client.get(reverse("registry:project_detail", args=["finns-inte"]))
    assert private.status_code == unknown.status_code == 404
    for response in (private, unknown):
        html = response.content.decode()
        assert "<h1>Sidan finns inte</h1>" in html and reverse("accounts:login") + "?next=" in html
    client.force_login(reader)
    assert client.get(private_project.get_absolute_url()).status_code == 200


def test_unknown_project_is_404(client):
    assert client.get(reverse("registry:project_detail", args=["finns-inte"])).status_code == 404


# --- create and edit ------------------------------------------------------------------------------


def _project_post(org, **changes):
    data = {
        "title": "Smart belysning", "summary": "Lampor som dimmar.", "description": "", "status": "planerad",
        "owner": org.pk, "start_date": "2026-01-01", "end_date": "2026-12-31", "link": "", "is_public": "on",
        "themes_text": "belysning, Energi",
        "datasets-TOTAL_FORMS": "1", "datasets-INITIAL_FORMS": "0", "datasets-MIN_NUM_FORMS": "0",
        "datasets-MAX_NUM_FORMS": "100",
        "datasets-0-name": "Energiförbrukning per lampa", "datasets-0-description": "",
        "datasets-0-format": "CSV", "datasets-0-update_frequency": "dagligen", "datasets-0-openness": "öppen",
        "needs-TOTAL_FORMS": "1", "needs-INITIAL_FORMS": "0", "needs-MIN_NUM_FORMS": "0",
        "needs-MAX_NUM_FORMS": "100", "needs-0-description": "Rörelsedata från gångstråk",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["anonymous", "reader"])
def test_create_is_refused_without_the_right(client, role, reader, org):
    if role == "reader":
        client.force_login(reader)
    response = client.post(reverse("registry:project_create"), _project_post(org))
    assert response.status_code == (403 if role == "reader" else 302)
    assert not Project.objects.exists()


def test_member_creates_a_project_with_data_and_becomes_its_contact(client, member, member_person, org):
    client.force_login(member)
    form_page = client.get(reverse("registry:project_create"))
    assert form_page.status_code == 200
    assert form_page.context["form"].initial["owner"] == org.pk
    response = client.post(reverse("registry:project_create"), _project_post(org))
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.slug == "smart-belysning"
    assert sorted(project.themes.values_list("name", flat=True)) == ["Energi", "belysning"]
    assert list(project.contacts.all()) == [member_person]
    assert project.datasets.get().name == "Energiförbrukning per lampa"
    assert project.data_needs.get().description == "Rörelsedata från gångstråk"


def test_invalid_dates_show_an_error_and_save_nothing(client, member, org):
    client.force_login(member)
    response = client.post(reverse("registry:project_create"),
                           _project_post(org, start_date="2026-06-01", end_date="2026-01-01"))
    assert response.status_code == 200
    assert "Slutdatum kan inte vara före startdatum." in response.content.decode()
    assert not Project.objects.exists() and not Dataset.objects.exists() and not DataNeed.objects.exists()


def test_an_invalid_dataset_row_saves_nothing(client, member, org):
    client.force_login(member)
    response = client.post(reverse("registry:project_create"), _project_post(org, **{"datasets-0-name": ""}))
    assert response.status_code == 200
    assert not Project.objects.exists()


def test_add_rows_button_shows_one_more_row_without_saving(client, member, org):
    client.force_login(member)
    response = client.post(reverse("registry:project_create"), _project_post(org, add_rows="datasets"))
    assert response.status_code == 200
    assert len(response.context["datasets"].forms) == 2
    assert not Project.objects.exists()


def test_member_edits_own_project_and_deletes_a_dataset(client, member, public_project, org):
    client.force_login(member)
    url = reverse("registry:project_update", args=[public_project.slug])
    assert client.get(url).status_code == 200
    dataset = public_project.datasets.get()
    need = public_project.data_needs.get()
    data = _project_post(org, title="Luftkvalitet på Ängen 2.0", **{
        "contacts": [c.pk for c in public_project.contacts.all()],
        "datasets-TOTAL_FORMS": "2", "datasets-INITIAL_FORMS": "1",
        "datasets-0-id": dataset.pk, "datasets-0-project": public_project.pk, "datasets-0-name": dataset.name,
        "datasets-0-openness": "öppen", "datasets-0-DELETE": "on",
        "datasets-1-name": "Partiklar PM2.5", "datasets-1-openness": "delbar",
        "needs-INITIAL_FORMS": "1", "needs-0-id": need.pk, "needs-0-project": public_project.pk,
        "needs-0-description": "Trafikflöden per kvart",
    })
    response = client.post(url, data)
    assert response.status_code == 302
    public_project.refresh_from_db()
    assert public_project.title == "Luftkvalitet på Ängen 2.0"
    assert list(public_project.datasets.values_list("name", flat=True)) == ["Partiklar PM2.5"]
    assert list(public_project.data_needs.values_list("description", flat=True)) == ["Trafikflöden per kvart"]


@pytest.mark.parametrize("who", ["reader", "other_member"])
def test_others_cannot_edit_a_project(client, who, reader, other_member, public_project):
    client.force_login({"reader": reader, "other_member": other_member}[who])
    url = reverse("registry:project_update", args=[public_project.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Kapad"}).status_code == 403


def test_anonymous_is_sent_to_log_in_from_the_edit_page(client, public_project):
    response = client.get(reverse("registry:project_update", args=[public_project.slug]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_organiser_edits_any_project_and_deletes_it(client, organiser, private_project):
    client.force_login(organiser)
    assert client.get(reverse("registry:project_update", args=[private_project.slug])).status_code == 200
    response = client.post(reverse("registry:project_delete", args=[private_project.slug]))
    assert response.status_code == 302
    assert not Project.objects.filter(pk=private_project.pk).exists()


def test_member_cannot_delete(client, member, public_project):
    client.force_login(member)
    assert client.post(reverse("registry:project_delete", args=[public_project.slug])).status_code == 403
    assert Project.objects.filter(pk=public_project.pk).exists()


# --- organisations --------------------------------------------------------------------------------


def test_organisation_pages_are_public_but_people_only_for_signed_in(client, reader, org, public_project,
                                                                     member_person):
    listing = client.get(reverse("registry:organisation_list"))
    assert listing.status_code == 200 and "Miljöförvaltningen" in listing.content.decode()
    detail = client.get(org.get_absolute_url())
    assert detail.status_code == 200
    assert "Luftkvalitet på Ängen" in detail.content.decode()
    assert "Maja Medlem" not in detail.content.decode()
    client.force_login(reader)
    assert "Maja Medlem" in client.get(org.get_absolute_url()).content.decode()


def test_organisation_list_filters_by_kind_with_htmx(client, org):
    Organisation.objects.create(name="Uppsala universitet", slug="uu", kind="akademi")
    response = client.get(reverse("registry:organisation_list"), {"kind": "akademi"},
                          headers={"HX-Request": "true", "HX-Target": "results"})
    assert [o.name for o in response.context["page_obj"]] == ["Uppsala universitet"]
    assert "<html" not in response.content.decode()


def test_only_organisers_create_and_edit_organisations(client, member, organiser, org):
    create = reverse("registry:organisation_create")
    client.force_login(member)
    assert client.get(create).status_code == 403
    assert client.post(reverse("registry:organisation_update", args=[org.slug]), {"name": "X"}).status_code == 403
    client.force_login(organiser)
    response = client.post(create, {"name": "Lunds universitet", "kind": "akademi", "description": "",
                                    "website": "https://www.lu.se"})
    created = Organisation.objects.get(name="Lunds universitet")
    assert response.status_code == 302 and created.slug == "lunds-universitet"
    response = client.post(reverse("registry:organisation_update", args=[org.slug]),
                           {"name": "Miljöförvaltningen", "kind": "förvaltning", "description": "Ny text",
                            "website": ""})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.description == "Ny text"


def test_organisation_form_shows_errors_for_a_duplicate_name(client, organiser, org):
    client.force_login(organiser)
    response = client.post(reverse("registry:organisation_create"), {"name": org.name, "kind": "annan"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]


# --- people ---------------------------------------------------------------------------------------


def test_people_pages_need_sign_in(client, member_person):
    for url in (reverse("registry:person_list"), member_person.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_reader_sees_people_and_filters_them(client, reader, member_person, other_member, other_org):
    client.force_login(reader)
    listing = client.get(reverse("registry:person_list"), {"organisation": other_org.slug})
    assert [p.name for p in listing.context["page_obj"]] == ["Olle Annan"]
    detail = client.get(member_person.get_absolute_url())
    assert detail.status_code == 200 and "Luftkvalitet" not in detail.content.decode()
    assert "maja@example.se" in detail.content.decode()


def test_member_edits_own_profile_but_not_others(client, member, member_person, other_member):
    client.force_login(member)
    url = reverse("registry:person_update", args=[member_person.pk])
    response = client.post(url, {"name": "Maja M. Medlem", "email": "maja@example.se", "title": "Chef",
                                 "organisation": member_person.organisation_id,
                                 "interests_text": "luft, buller", "languages_text": "svenska, engelska"})
    assert response.status_code == 302
    member_person.refresh_from_db()
    assert member_person.name == "Maja M. Medlem"
    assert member_person.interests == ["luft", "buller"]
    other = other_member.person
    assert client.get(reverse("registry:person_update", args=[other.pk])).status_code == 403


def test_organiser_edits_anyone(client, organiser, member_person):
    client.force_login(organiser)
    assert client.get(reverse("registry:person_update", args=[member_person.pk])).status_code == 200


# --- import and export ----------------------------------------------------------------------------


def test_import_page_is_for_organisers(client, member, organiser):
    url = reverse("registry:portfolio_import")
    assert client.get(url).status_code == 302
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(organiser)
    assert client.get(url).status_code == 200


def test_import_page_reports_invalid_json_with_its_line(client, organiser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(organiser)
    upload = SimpleUploadedFile("portfolj.json", b'{"organisations": [\n  {"key": "MF",}\n]}',
                                content_type="application/json")
    response = client.post(reverse("registry:portfolio_import"), {"file": upload})
    assert response.status_code == 400
    assert "rad 2" in response.content.decode()
    assert not Organisation.objects.exists()


def test_export_needs_sign_in(client, public_project):
    response = client.get(reverse("registry:project_export_csv"))
    assert response.status_code == 302


def _upload(content: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("portfolj.json", content.encode("utf-8"), content_type="application/json")


PORTFOLIO = """{"organisations": [{"key": "MF", "name": "Miljöförvaltningen", "kind": "förvaltning"}],
 "projects": [{"key": "air", "org": "MF", "title": "Luft i realtid", "summary": "Sensorer",
               "themes": ["luft", "IoT"], "data_collected": ["Halter av NO2 per gata och timme"],
               "data_needed": ["Trafikflöden per timme"], "okänt": 1}]}"""


def test_import_page_imports_and_reports_counts(client, organiser):
    client.force_login(organiser)
    response = client.post(reverse("registry:portfolio_import"), {"file": _upload(PORTFOLIO)})
    assert response.status_code == 200
    project = Project.objects.get(key="air")
    assert project.owner.name == "Miljöförvaltningen"
    assert project.datasets.get().name == "Halter av NO2 per gata och timme"
    html = response.content.decode()
    assert "Resultat" in html and "1 ny" in html
    again = client.post(reverse("registry:portfolio_import"), {"file": _upload(PORTFOLIO)})
    assert again.status_code == 200
    assert Project.objects.count() == 1  # a re-import updates, never duplicates


def test_import_page_lists_every_error_and_saves_nothing(client, organiser):
    client.force_login(organiser)
    bad = """{"organisations": [{"key": "MF", "name": "Miljöförvaltningen", "kind": "fel-typ"}],
     "projects": [{"key": "air", "org": "OKÄND", "title": "Luft"}, {"key": "x", "org": "MF"}]}"""
    response = client.post(reverse("registry:portfolio_import"), {"file": _upload(bad)})
    assert response.status_code == 400
    errors = response.context["errors"]
    assert len(errors) >= 3
    html = response.content.decode()
    assert "Ingenting har sparats" in html
    for error in errors:
        assert str(error).replace('"', "&quot;") in html
    assert not Organisation.objects.exists() and not Project.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_downloads_the_filtered_list(client, reader, public_project, private_project, fmt):
    client.force_login(reader)
    response = client.get(reverse(f"registry:project_export_{fmt}"), {"theme": "luft"})
    assert response.status_code == 200
    assert f'.{fmt}"' in response["Content-Disposition"]
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert "Luftkvalitet på Ängen" in text and "Intern parkeringsstudie" not in text
    else:
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
        assert "Luftkvalitet på Ängen" in cells
        assert "Intern parkeringsstudie" not in cells


def _large_portfolio(projects: int, *, bad_at: int | None = None) -> str:
    import json

    return json.dumps({"organisations": [{"key": "MF", "name": "Miljöförvaltningen", "kind": "förvaltning"}],
                       "people": [{"key": "p1", "name": "Pia Person", "org": "MF", "email": "pia@example.se"}],
                       "projects": [{"key": f"p{n:04d}", "org": "MF", "title": f"Projekt {n}", "contacts": ["p1"],
                                     "data_collected": [f"Mätning {n}"]} for n in range(projects)]})


def test_a_large_portfolio_is_imported_in_the_background_with_progress_and_a_report(
        client, organiser, settings, django_capture_on_commit_callbacks):
    """Over PORTFOLIO_BACKGROUND_PROJECTS projects, the upload is checked, queued (the task runs on commit) and
    written in short transactions; the status page shows the bar while it runs, then the report."""
    from unittest import mock

    from motesplats.audit.models import Action, AuditEntry
    from motesplats.registry.models import Person, PortfolioImport
    from motesplats.registry.portfolio_io import importing, jobs

    settings.PORTFOLIO_BACKGROUND_PROJECTS = 20
    client.force_login(organiser)
    transactions, real_batch = [], importing.batched_announcements

    def counting_batch():  # entered once per transaction the import opens, beside transaction.atomic()
        transactions.append(1)
        return real_batch()

    with mock.patch.object(importing, "batched_announcements", counting_batch), \
            mock.patch.object(importing, "_BATCH", 10):
        # the task is queued on commit: first look at the page while the job still waits
        with django_capture_on_commit_callbacks(execute=False) as queued:
            response = client.post(reverse("registry:portfolio_import"), {"file": _upload(_large_portfolio(45))})
        job = PortfolioImport.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse(
            "registry:portfolio_import_status", kwargs={"pk": job.pk})
        assert not Project.objects.exists() and len(queued) == 1 and (job.status, job.total) == ("queued", 45)
        waiting = client.get(response["Location"]).content.decode()
        assert '<progress id="portfolio-import-progress-bar"' in waiting and 'role="status"' in waiting
        assert "0 av 45 projekt klara" in waiting and 'hx-trigger="every 1s"' in waiting
        queued[0]()  # the worker runs the task
    job.refresh_from_db()
    assert (job.status, job.done, job.source) == ("done", 45, "")
    assert len(transactions) == 1 + 5  # organisations and people, then 5 chunks of at most 10 projects
    assert Project.objects.count() == 45 and Person.objects.filter(key="p1").count() == 1
    assert AuditEntry.objects.filter(action=Action.IMPORT).count() == 1
    done = client.get(reverse("registry:portfolio_import_status", kwargs={"pk": job.pk}), HTTP_HX_REQUEST="true")
    html = done.content.decode()
    assert "<progress" not in html and "hx-trigger" not in html and "Projekt: 45 nya" in html
    assert jobs.import_run(job.pk).status == "done" and Project.objects.count() == 45  # a redelivery: no-op


def test_a_large_portfolio_that_fails_midway_reports_it_and_a_second_run_finishes_without_duplicates(
        client, organiser, settings, django_capture_on_commit_callbacks):
    from unittest import mock

    from django.core.exceptions import ValidationError

    from motesplats.registry.models import PortfolioImport
    from motesplats.registry.portfolio_io import importing

    settings.PORTFOLIO_BACKGROUND_PROJECTS = 20
    client.force_login(organiser)
    real = importing.services.project_bulk_create
    calls = []

    def failing_second_time(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise ValidationError("Tjänsten vägrade")
        return real(**kwargs)

    with mock.patch.object(importing, "_BATCH", 10), \
            mock.patch.object(importing.services, "project_bulk_create", failing_second_time), \
            django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:portfolio_import"), {"file": _upload(_large_portfolio(30))})
    job = PortfolioImport.objects.get()
    assert (job.status, job.done, job.errors) == ("failed", 10, ["Tjänsten vägrade"])
    assert Project.objects.count() == 10  # the first chunk's transaction was committed, the second rolled back
    page = client.get(reverse("registry:portfolio_import_status", kwargs={"pk": job.pk})).content.decode()
    assert "Importen avbröts" in page and "Tjänsten vägrade" in page and 'role="alert"' in page
    with mock.patch.object(importing, "_BATCH", 10), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:portfolio_import"), {"file": _upload(_large_portfolio(30))})
    assert PortfolioImport.objects.first().status == "done" and Project.objects.count() == 30


def test_a_small_portfolio_is_still_imported_at_once_all_or_nothing(client, organiser, settings):
    from motesplats.registry.models import PortfolioImport

    settings.PORTFOLIO_BACKGROUND_PROJECTS = 20
    client.force_login(organiser)
    response = client.post(reverse("registry:portfolio_import"), {"file": _upload(_large_portfolio(20))})
    assert response.status_code == 200 and "Projekt: 20 nya" in response.content.decode()
    assert not PortfolioImport.objects.exists()


def test_the_portfolio_import_status_page_is_for_organisers(client, member, reader, organiser):
    from motesplats.registry.models import PortfolioImport

    job = PortfolioImport.objects.create(started_by=organiser, source_name="stor.json", total=300)
    url = reverse("registry:portfolio_import_status", kwargs={"pk": job.pk})
    assert client.get(url).status_code == 302  # to the sign-in page
    for user in (member, reader):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(organiser)
    assert client.get(url).status_code == 200
    assert client.get(reverse("registry:portfolio_import_status", kwargs={"pk": job.pk + 1})).status_code == 404
