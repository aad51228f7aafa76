"""The network picture tells the truth: only seminars that took place count (people who checked in), coming
ones are "planned"; ties new at the selected seminar are told apart from earlier ones; threshold, theme and the
kind-sorted matrix."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from motesplats.events.models import Event, Registration
from motesplats.networking.models import Encounter
from motesplats.networking.picture import heat_level, network_picture, took_place
from motesplats.registry.models import Organisation, Theme

pytestmark = pytest.mark.django_db


def meet(event: Event, a: Any, b: Any, kind: str = "speed") -> None:
    lo, hi = sorted((a, b), key=lambda p: p.pk)
    Encounter.objects.create(series=event.series, event=event, kind=kind, person_a=lo, person_b=hi)


def hold(event: Event) -> None:
    """The seminar took place and everybody checked in."""
    Event.objects.filter(pk=event.pk).update(status="avslutad", ends_at=timezone.now() - dt.timedelta(days=1),
                                             starts_at=timezone.now() - dt.timedelta(days=1, hours=4),
                                             date=timezone.localdate() - dt.timedelta(days=1))
    Registration.objects.filter(event=event).update(checked_in_at=timezone.now())
    event.refresh_from_db()


def test_took_place_means_finished_or_published_and_over(world: Any) -> None:
    now = timezone.now()
    past, future = now - dt.timedelta(days=1), now + dt.timedelta(days=1)
    assert took_place(Event(status="avslutad", ends_at=future), now)
    assert took_place(Event(status="publicerad", ends_at=past), now)
    assert not took_place(Event(status="publicerad", ends_at=future), now)
    assert not took_place(Event(status="utkast", ends_at=past), now)
    assert not took_place(Event(status="inställd", ends_at=past), now)


def test_a_coming_seminar_is_only_planned(world: Any) -> None:
    p = world.people
    meet(world.first, p[0], p[1])
    for a, b in ((p[2], p[3]), (p[4], p[5]), (p[0], p[7])):
        meet(world.second, a, b)  # a published plan of a seminar still to come
    picture = network_picture(world.series)
    assert [s.title for s in picture.held] == ["Första"]
    assert [(s.title, s.ties) for s in picture.planned] == [("Andra", 3)]
    assert picture.selected is not None and picture.selected.title == "Första"
    assert picture.selected.cumulative_ties == 1
    assert [(t.source_label, t.target_label, t.weight) for t in picture.ties] == [("Org 0", "Org 1", 1)]


def test_only_people_who_checked_in_met(world: Any) -> None:
    p = world.people
    meet(world.first, p[0], p[1])
    meet(world.first, p[2], p[3])
    Registration.objects.filter(event=world.first, person=p[3]).update(checked_in_at=None)
    picture = network_picture(world.series)
    assert picture.selected.ties == 1
    assert {(t.source_label, t.target_label) for t in picture.ties} == {("Org 0", "Org 1")}
    assert "Org 3" in {n["label"] for n in picture.apart}, "Org 3 was there but met nobody"


def test_same_organisation_encounters_are_no_ties(world: Any) -> None:
    meet(world.first, world.people[0], world.people[6])  # both Org 0
    assert network_picture(world.series).ties == []


def test_new_ties_of_the_selected_seminar_against_earlier_ones(world: Any) -> None:
    p = world.people
    meet(world.first, p[0], p[1])  # Org 0 - Org 1
    hold(world.second)
    meet(world.second, p[6], p[7])  # Org 0 - Org 1 again: an earlier tie, stronger
    meet(world.second, p[2], p[3], kind="tables")  # Org 2 - Org 3: new
    picture = network_picture(world.series, seminar="andra")
    ties = {(t.source_label, t.target_label): t for t in picture.ties}
    assert ties[("Org 0", "Org 1")].weight == 2 and ties[("Org 0", "Org 1")].added == 1
    assert not ties[("Org 0", "Org 1")].new
    assert ties[("Org 2", "Org 3")].new and ties[("Org 2", "Org 3")].weight == 1
    assert picture.selected.new_org_pairs == 1 and picture.selected.cumulative_ties == 3
    assert picture.ties[0].new, "new ties come first"
    nodes = {n["label"]: n for n in picture.nodes}
    assert nodes["Org 2"]["new"] and not nodes["Org 0"]["new"]
    earlier = network_picture(world.series, seminar="forsta")
    assert [(t.source_label, t.new) for t in earlier.ties] == [("Org 0", True)]


def test_a_pair_met_twice_the_same_day_is_one_tie(world: Any) -> None:
    p = world.people
    meet(world.first, p[0], p[1], kind="speed")
    meet(world.first, p[0], p[1], kind="tables")
    assert network_picture(world.series).selected.ties == 1


def test_threshold_hides_weak_ties(world: Any) -> None:
    p = world.people
    meet(world.first, p[0], p[1])
    meet(world.first, p[6], p[7])
    meet(world.first, p[2], p[3])
    picture = network_picture(world.series, threshold=2)
    assert [(t.source_label, t.target_label, t.weight) for t in picture.ties] == [("Org 0", "Org 1", 2)]
    assert picture.hidden == 1 and picture.max_weight == 2
    assert {n["label"] for n in picture.apart} >= {"Org 2", "Org 3"}
    row = next(r for r in picture.matrix if r["org"].name == "Org 2")
    assert next(c for c in row["cells"] if c["column"] == "Org 3")["weight"] == 1, "the matrix shows every tie"


def test_a_chosen_threshold_keeps_new_ties_in_sight(world: Any) -> None:
    p = world.people
    for a, b in ((0, 1), (6, 7), (12, 13), (0, 7)):
        meet(world.first, p[a], p[b])  # Org 0 - Org 1: 4 people pairs
    hold(world.second)
    meet(world.second, p[2], p[3])  # Org 2 - Org 3: new, weight 1
    picture = network_picture(world.series, seminar="andra", threshold=None)
    assert picture.new_threshold == 1 and picture.automatic
    assert {(t.source_label, t.target_label) for t in picture.ties} == {("Org 0", "Org 1"), ("Org 2", "Org 3")}


def test_theme_keeps_encounters_of_projects_with_the_theme(world: Any) -> None:
    p = world.people  # person i came for a project of theme i % 4
    meet(world.first, p[0], p[1])  # themes 0 and 1
    meet(world.first, p[2], p[3])  # themes 2 and 3
    theme = Theme.objects.get(slug="tema-2")
    picture = network_picture(world.series, theme=theme)
    assert [(t.source_label, t.target_label) for t in picture.ties] == [("Org 2", "Org 3")]


def test_matrix_and_nodes_sorted_by_kind(world: Any) -> None:
    kinds = ["testbädd", "förvaltning", "akademi", "förvaltning", "bolag", "annan"]
    for i, kind in enumerate(kinds):
        Organisation.objects.filter(name=f"Org {i}").update(kind=kind)
    meet(world.first, world.people[0], world.people[1])
    picture = network_picture(world.series)
    assert [n["label"] for n in picture.nodes] == ["Org 1", "Org 3", "Org 4", "Org 2", "Org 0", "Org 5"]
    assert [k["kind"] for k in picture.kinds] == ["förvaltning", "bolag", "akademi", "testbädd", "annan"]
    row = next(r for r in picture.matrix if r["org"].name == "Org 0")
    cell = next(c for c in row["cells"] if c["column"] == "Org 1")
    assert cell["weight"] == 1 and cell["new"] and cell["level"] == 4
    assert [r["first_of_kind"] for r in picture.matrix] == [True, False, True, True, True, True]


def test_heat_levels() -> None:
    assert [heat_level(w, 4) for w in (0, 1, 2, 3, 4)] == [0, 1, 2, 3, 4]
    assert heat_level(3, 0) == 0


@pytest.mark.parametrize("language", ["sv", "en"])
def test_picture_page_in_both_languages(client: Any, world: Any, language: str) -> None:
    p = world.people
    meet(world.first, p[0], p[1])
    meet(world.second, p[2], p[3])
    client.cookies["django_language"] = language
    url = reverse("networking:picture", kwargs={"slug": world.series.slug})
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'data-planned="andra"' in html and 'data-ties="forsta">1<' in html
    assert ("planned" if language == "en" else "planerat") in html
    assert "network-data" in html and "vendor/cytoscape.min.js" in html
    matrix = client.get(url, {"view": "matrix", "threshold": "1"}).content.decode()
    assert 'class="heatmap"' in matrix and "cytoscape" not in matrix


def test_picture_filters_explain_bad_input(client: Any, world: Any) -> None:
    meet(world.first, world.people[0], world.people[1])
    url = reverse("networking:picture", kwargs={"slug": world.series.slug})
    response = client.get(url, {"threshold": "0", "seminar": "andra"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 400
    html = response.content.decode()
    assert "errorlist" in html and "Första" in html


def test_api_counts_only_seminars_that_took_place(client: Any, world: Any) -> None:
    meet(world.first, world.people[0], world.people[1])
    meet(world.second, world.people[2], world.people[3])
    steps = client.get(f"/api/networking/series/{world.series.slug}/picture").json()
    assert [(s["event"], s["cross_org_ties"]) for s in steps] == [("Första", 1)]
