import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motesplats.common.slugs import slug_base
from motesplats.registry import services
from motesplats.registry.models import Dataset, Organisation, Project, Theme

pytestmark = pytest.mark.django_db


def test_slug_base_folds_swedish_letters():
    assert slug_base("Översvämning på Ängen och Åsen") == "oversvamning-pa-angen-och-asen"


def test_slugs_are_unique_with_a_number_suffix(org):
    first = services.project_create(title="Smarta lyktstolpar", owner=org)
    second = services.project_create(title="Smarta lyktstolpar", owner=org)
    third = services.project_create(title="Smarta  lyktstolpar!", owner=org)
    assert [first.slug, second.slug, third.slug] == ["smarta-lyktstolpar", "smarta-lyktstolpar-2",
                                                     "smarta-lyktstolpar-3"]


def test_slugs_never_take_words_the_urls_use(org):
    assert services.project_create(title="New", owner=org).slug == "new-2"
    assert services.organisation_create(name="Import").slug == "import-2"


def test_parse_tags_trims_and_drops_repeats_case_insensitively():
    assert services.parse_tags(" luft, IoT ,, Luft,  öppna   data ") == ["luft", "IoT", "öppna data"]


def test_themes_are_reused_case_insensitively_and_created_when_new(org):
    existing = Theme.objects.create(name="Luftkvalitet", slug="luftkvalitet")
    project = services.project_create(title="P", owner=org, themes=["luftkvalitet", "Översvämning"])
    names = sorted(project.themes.values_list("name", flat=True))
    assert names == ["Luftkvalitet", "Översvämning"]
    assert Theme.objects.count() == 2
    assert project.themes.filter(pk=existing.pk).exists()
    assert Theme.objects.get(name="Översvämning").slug == "oversvamning"


def test_project_create_rejects_end_before_start_and_saves_nothing(org):
    with pytest.raises(ValidationError) as error:
        services.project_create(title="Baklänges", owner=org, themes=["ny tagg"],
                                start_date=dt.date(2026, 5, 1), end_date=dt.date(2026, 4, 1))
    assert "end_date" in error.value.message_dict
    assert not Project.objects.exists()
    assert not Theme.objects.exists()


def test_project_create_keeps_the_owner_out_of_the_partners(org, other_org, member_person):
    project = services.project_create(title="P", owner=org, partners=[org, other_org], contacts=[member_person])
    assert list(project.partners.all()) == [other_org]
    assert list(project.contacts.all()) == [member_person]


def test_project_update_changes_fields_and_relations_but_keeps_the_slug(public_project, other_org):
    slug = public_project.slug
    services.project_update(project=public_project, title="Ny titel", status="avslutad", themes=["Buller"],
                            partners=[], contacts=[])
    public_project.refresh_from_db()
    assert public_project.title == "Ny titel"
    assert public_project.slug == slug
    assert list(public_project.themes.values_list("name", flat=True)) == ["Buller"]
    assert not public_project.partners.exists()
    assert not public_project.contacts.exists()


def test_project_update_refuses_unknown_fields(public_project):
    with pytest.raises(TypeError):
        services.project_update(project=public_project, slug="hack")


def test_project_update_with_bad_dates_changes_nothing(public_project):
    with pytest.raises(ValidationError):
        services.project_update(project=public_project, title="Ändrad", start_date=dt.date(2026, 2, 1),
                                end_date=dt.date(2026, 1, 1))
    public_project.refresh_from_db()
    assert public_project.title == "Luftkvalitet på Ängen"


def test_dataset_create_validates_the_openness(public_project):
    with pytest.raises(ValidationError):
        services.dataset_create(project=public_project, name="X", openness="hemlig")
    dataset = services.dataset_create(project=public_project, name="Buller per kvarter", openness="intern")
    assert Dataset.objects.filter(pk=dataset.pk, project=public_project).exists()


def test_person_update_normalises_interests(member_person, other_org):
    services.person_update(person=member_person, interests=["luft", " Luft ", "buller"], organisation=other_org)
    member_person.refresh_from_db()
    assert member_person.interests == ["luft", "buller"]
    assert member_person.organisation == other_org


def test_person_anonymise_removes_personal_data_and_contact_roles(public_project, member_person):
    services.person_anonymise(member_person.user, member_person)
    member_person.refresh_from_db()
    assert member_person.name == services.ANONYMISED_NAME
    assert (member_person.email, member_person.title, member_person.interests) == ("", "", [])
    assert member_person.is_anonymised
    assert not public_project.contacts.exists()


def test_organisation_update_keeps_the_slug(org):
    services.organisation_update(organisation=org, name="Miljö- och hälsoskydd", website="https://example.se")
    org.refresh_from_db()
    assert org.slug == "miljoforvaltningen"
    assert Organisation.objects.get(pk=org.pk).name == "Miljö- och hälsoskydd"
