import pytest
from django.contrib.auth.models import AnonymousUser

from motesplats.registry import selectors, services
from motesplats.registry.selectors import OrganisationFilters, PersonFilters, ProjectFilters
from tests.registry.conftest import make_projects

pytestmark = pytest.mark.django_db


def titles(queryset):
    return [p.title for p in queryset]


def test_anonymous_sees_public_projects_only(public_project, private_project, reader):
    assert titles(selectors.project_list(user=AnonymousUser())) == ["Luftkvalitet på Ängen"]
    assert titles(selectors.project_list(user=reader)) == ["Intern parkeringsstudie", "Luftkvalitet på Ängen"]


@pytest.mark.parametrize("query", ["luftkvalitet", "LUFTKVALITET", "ängen", "ÄNGEN", "Ängen", "realtid",
                                   "no2", "iot", "Luft ängen"])
def test_search_is_case_insensitive_across_title_summary_description_and_themes(public_project,
                                                                                private_project, query):
    assert titles(selectors.project_list(user=AnonymousUser(), filters=ProjectFilters(q=query))) == [
        "Luftkvalitet på Ängen"]


def test_search_finds_nothing_for_an_unknown_word_and_needs_every_word(public_project):
    assert titles(selectors.project_list(user=AnonymousUser(), filters=ProjectFilters(q="parkering"))) == []
    assert titles(selectors.project_list(user=AnonymousUser(), filters=ProjectFilters(q="luft parkering"))) == []


def test_search_by_theme_name_does_not_duplicate_rows(org):
    services.project_create(title="Sensorer", owner=org, themes=["IoT-sensorer", "IoT-nät"])
    assert titles(selectors.project_list(user=AnonymousUser(), filters=ProjectFilters(q="iot"))) == ["Sensorer"]


def test_filters_by_theme_organisation_and_status(public_project, private_project, reader, other_org, org):
    def run(**filters):
        return titles(selectors.project_list(user=reader, filters=ProjectFilters(**filters)))

    assert run(theme="parkering") == ["Intern parkeringsstudie"]
    assert run(status="idé") == ["Intern parkeringsstudie"]
    assert run(organisation=org.slug) == ["Luftkvalitet på Ängen"]
    # an organisation's projects are those it owns and those where it is a partner
    assert run(organisation=other_org.slug) == ["Intern parkeringsstudie", "Luftkvalitet på Ängen"]
    assert run(organisation=other_org.slug, status="pågående", theme="iot") == ["Luftkvalitet på Ängen"]


def _render_rows(projects):
    return [(p.title, p.owner.name, [t.name for t in p.themes.all()]) for p in projects]


@pytest.mark.parametrize("count", [1, 30])
def test_project_list_queries_do_not_grow_with_rows(org, django_assert_num_queries, count):
    make_projects(org, count)
    with django_assert_num_queries(2):  # the projects with their owners, and their themes
        rows = _render_rows(selectors.project_list(user=AnonymousUser())[:50])
    assert len(rows) == count


@pytest.mark.parametrize("count", [1, 12])
def test_person_and_organisation_lists_have_a_fixed_number_of_queries(org, make_user, reader,
                                                                      django_assert_num_queries, count):
    for number in range(count):
        services.person_create(name=f"Person {number}", organisation=org)
        services.organisation_create(name=f"Organisation {number}")
    with django_assert_num_queries(1):
        people = [(p.name, p.organisation.name, p.project_count) for p in selectors.person_list(user=reader)]
    with django_assert_num_queries(1):
        organisations = [(o.name, o.project_count, o.person_count)
                         for o in selectors.organisation_list(user=reader)]
    assert len(people) == count
    assert len(organisations) == count + 1


def test_people_are_invisible_to_anonymous(member_person):
    assert list(selectors.person_list(user=AnonymousUser())) == []
    assert selectors.person_detail(user=AnonymousUser(), pk=member_person.pk) is None


def test_person_list_search_and_filter(member_person, other_member, reader, other_org):
    assert [p.name for p in selectors.person_list(user=reader, filters=PersonFilters(q="MAJA"))] == ["Maja Medlem"]
    assert [p.name for p in selectors.person_list(user=reader, filters=PersonFilters(q="trafik"))] == ["Olle Annan"]
    assert [p.name for p in selectors.person_list(
        user=reader, filters=PersonFilters(organisation=other_org.slug))] == ["Olle Annan"]


def test_anonymised_people_are_left_out(member_person, reader):
    services.person_anonymise(member_person.user, member_person)
    assert list(selectors.person_list(user=reader)) == []


def test_organisation_list_counts_visible_projects(public_project, private_project, reader, other_org):
    anonymous = {o.name: o.project_count for o in selectors.organisation_list(user=AnonymousUser())}
    signed_in = {o.name: o.project_count for o in selectors.organisation_list(user=reader)}
    assert anonymous == {"Miljöförvaltningen": 1, "Trafikkontoret": 0}
    assert signed_in == {"Miljöförvaltningen": 1, "Trafikkontoret": 1}
    found = selectors.organisation_list(user=reader, filters=OrganisationFilters(q="trafik"))
    assert [o.name for o in found] == ["Trafikkontoret"]


def test_portfolio_numbers_count_what_the_user_may_see(public_project, private_project, reader):
    anonymous = selectors.portfolio_numbers(user=AnonymousUser())
    signed_in = selectors.portfolio_numbers(user=reader)
    assert (anonymous.projects, signed_in.projects) == (1, 2)
    assert dict((v, n) for v, _label, n in anonymous.projects_by_status)["pågående"] == 1
    assert dict((v, n) for v, _label, n in signed_in.projects_by_status)["idé"] == 1
    assert anonymous.organisations == 2
    assert anonymous.datasets == 1 and anonymous.needs == 1
    assert dict((v, n) for v, _label, n in anonymous.datasets_by_openness)["öppen"] == 1
    assert (anonymous.themes, signed_in.themes) == (2, 3)
    assert anonymous.people == 1


def test_common_themes_are_ordered_by_use(org, reader):
    make_projects(org, 3, themes=("Mobilitet",))
    make_projects(org, 1, themes=("Energi",))
    assert [(t.name, t.n) for t in selectors.common_themes(user=reader)][:2] == [("Mobilitet", 3), ("Energi", 1)]


def test_project_list_sorts_by_title_newest_or_recently_changed(org, public_project):
    first, second = make_projects(org, 2)
    services.project_update(project=first, summary="Ändrad")
    assert titles(selectors.project_list(user=AnonymousUser())) == ["Luftkvalitet på Ängen", "Projekt 000",
                                                                    "Projekt 001"]
    assert titles(selectors.project_list(user=AnonymousUser(), filters=ProjectFilters(sort="new")))[0] == \
        "Projekt 001"
    assert titles(selectors.project_list(user=AnonymousUser(), filters=ProjectFilters(sort="updated")))[0] == \
        "Projekt 000"
