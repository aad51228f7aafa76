"""The figures of insight, counted on a small programme whose answers are known (see conftest)."""

from __future__ import annotations

from typing import Any

import pytest

from motesplats.discovery.models import Verdict
from motesplats.insight import sections, selectors
from motesplats.registry import services

pytestmark = pytest.mark.django_db


def test_ties_count_only_people_checked_in_and_only_pairs_that_had_not_met(programme: Any) -> None:
    first, second = selectors.ties_per_held_seminar()
    assert (first.participants, first.new_cross_org_ties, first.met_someone_new) == (3, 1, 3)
    # 0-2 met at the first seminar (not new); 2-3 met there too but 3 was absent, so it is new now (same org).
    assert (second.participants, second.new_cross_org_ties, second.met_someone_new) == (3, 0, 2)
    assert second.share_met_new == pytest.approx(66.7)


def test_a_coming_seminar_has_no_ties_and_its_figures_are_registrations(programme: Any, reader: Any) -> None:
    assert [t.event.pk for t in selectors.ties_per_held_seminar()] == [e.pk for e in programme.events[:2]]
    figure = selectors.seminars(user=reader)
    assert figure.header[1:] == ["Anmälda", "Incheckade", "Organisationer på plats"]
    assert figure.table_rows[0][1:] == [4, 3, 2]
    assert figure.table_rows[2][1:] == [1, 0, 0]


def test_the_portfolio_counts_projects_by_start_year_and_the_organisations_taking_part(
        programme: Any, reader: Any) -> None:
    figure = selectors.portfolio_over_time(user=reader)
    row = dict(zip(figure.categories, figure.table_rows, strict=True))["2024"]
    assert row[figure.header.index("Pågående")] == 1
    assert row[figure.header.index("Organisationer som deltar")] == 2  # owner and partner
    themes = selectors.portfolio_by_theme(user=reader)
    assert sorted(themes.categories) == ["Energi", "IoT"]


def test_overlaps_by_what_became_of_them(programme: Any, reader: Any) -> None:
    other = services.project_create(title="Fiber i förorten", owner=programme.orgs[1], summary="Fiber.")
    a, b = sorted([programme.project, other], key=lambda p: p.pk)
    Verdict.objects.create(kind="pair", project_a=a, project_b=b, status="samarbetar")
    figure = selectors.overlaps(sections.Facts(reader))
    assert dict(zip(figure.categories, figure.series[0].values, strict=True)) == {
        "Kontaktad": 0, "Samarbetar": 1, "Inte relevant": 0, "Öppna": 0}
    assert selectors.key_numbers(user=reader).collaborations == 1


def test_findings_per_seminar_count_tables_that_wrote_something(programme: Any, reader: Any) -> None:
    figure = selectors.findings_per_seminar(user=reader)
    assert figure.categories == [selectors._event_label(programme.events[1])]
    assert figure.table_rows[0][1:] == [1, 2]


def test_every_default_section_is_there_and_a_registered_one_replaces_it_in_place(
        programme: Any, reader: Any) -> None:
    keys = [s.key for s in sections.fill_sections(reader)]
    assert keys == ["portfolio", "seminars", "ties", "overlaps", "data_sharing", "follow_ups"]
    original = next(s for s in sections.insight_sections if s.key == "data_sharing")
    replacement = sections.InsightSection("data_sharing", "Datadelning", "Avtal.", lambda facts: [])
    sections.insight_sections.register(replacement)
    try:
        filled = sections.fill_sections(reader)
        assert [s.key for s in filled] == keys and filled[4].figures == []
    finally:
        sections.insight_sections.register(original)


def test_the_event_report_has_programme_attendance_ties_and_findings(programme: Any) -> None:
    report = selectors.event_report(programme.events[1])
    assert report.counts.checked_in == 3
    assert report.ties is not None and report.ties.met_someone_new == 2
    [tables] = report.findings
    assert tables.tables == 1
    assert [(f.question, f.answers) for f in tables.findings] == [
        ("Möjligheter?", ["=Dela data öppet"]), ("Hinder?", ["Juridik"])]


def test_figures_take_a_fixed_number_of_queries(programme: Any, reader: Any, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(30):
        sections.fill_sections(reader)


def test_data_sharing_counts_requests_by_state_and_agreements_between_organisations(
        programme: Any, reader: Any, organiser: Any) -> None:
    from django.utils import timezone

    from motesplats.datasharing.models import Agreement, DataRequest
    from motesplats.registry.models import Dataset

    stokab, kth = programme.orgs
    dataset = Dataset.objects.create(project=programme.project, name="Fiberkartan")
    public = DataRequest.objects.create(dataset=dataset, requester=programme.people[2], purpose="Forskning",
                                        idempotency_key="a", status="accepted", is_public=True,
                                        answered_at=timezone.now())
    Agreement.objects.create(request=public, producer=stokab, consumer=kth, licence="CC0", delivery_route="api")
    hidden = DataRequest.objects.create(dataset=dataset, requester=programme.people[3], purpose="Annat",
                                        idempotency_key="b", status="accepted", answered_at=timezone.now())
    Agreement.objects.create(request=hidden, producer=stokab, consumer=kth, licence="CC0", delivery_route="file",
                             status="in_use")
    DataRequest.objects.create(dataset=dataset, requester=programme.people[2], purpose="Mer", idempotency_key="c")
    states = selectors.data_requests_by_state(user=reader)
    assert dict(zip(states.categories, states.series[0].values, strict=True))["Accepterad"] == 2
    assert sum(states.series[0].values) == 3
    over_time = selectors.data_requests_over_time(user=reader)
    assert sum(over_time.series[0].values) == 3 and sum(over_time.series[2].values) == 2
    # the reader sees the public request's agreement only; the programme office sees both
    seen = selectors.data_agreements_between_organisations(user=reader)
    assert seen.categories == ["Stokab → KTH"] and sum(v for s in seen.series for v in s.values) == 1
    office = selectors.data_agreements_between_organisations(user=organiser)
    assert sum(v for s in office.series for v in s.values) == 2
