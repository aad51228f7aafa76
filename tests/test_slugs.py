"""Slugs never take a word the URLs use at a slug's place: a series named "Ny" or "New", a project named "New"
or "Import" get a page of their own instead of the page that creates one."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from motesplats.common.slugs import RESERVED_SLUGS, first_free, slug_base

pytestmark = pytest.mark.django_db


def test_slug_helper_skips_reserved_words_and_taken_slugs() -> None:
    assert slug_base("Översvämning på Ängen") == "oversvamning-pa-angen"
    assert slug_base("!!!", fallback="serie") == "serie"
    assert first_free("new", set()) == "new-2"
    assert first_free("ny", {"ny-2"}) == "ny-3"
    assert first_free("luft", {"luft-2"}) == "luft"
    assert {"new", "ny", "organiser", "series"} <= RESERVED_SLUGS


@pytest.mark.parametrize("name", ["Ny", "New", "Series", "Organiser"])
def test_a_series_named_like_a_url_word_gets_its_own_page(client: Any, organiser: Any, name: str) -> None:
    from motesplats.events.models import Series

    client.force_login(organiser)
    response = client.post(reverse("events:series_create"), {"name": name, "description": "Om serien"})
    series = Series.objects.get(name=name)
    assert series.slug not in RESERVED_SLUGS
    assert response.status_code == 302 and response["Location"] == series.get_absolute_url()
    page = client.get(series.get_absolute_url())
    assert page.status_code == 200 and page.context["series"] == series  # not the form that creates a series
    # and the page that creates a series is still that page
    assert client.get(reverse("events:series_create")).context["series"] is None


def test_an_event_and_a_project_named_like_a_url_word_get_their_own_pages(client: Any, organiser: Any) -> None:
    from motesplats.events.models import Event, Series
    from motesplats.events.services import event_create
    from motesplats.registry import services
    from motesplats.registry.models import Organisation

    owner = Organisation.objects.create(name="Stokab", slug="stokab")
    for title in ("New", "Import"):
        project = services.project_create(title=title, owner=owner)
        assert project.slug not in RESERVED_SLUGS
        client.force_login(organiser)
        assert client.get(project.get_absolute_url()).context["project"] == project
    series = Series.objects.create(name="S", slug="s")
    starts = dt.datetime(2031, 5, 5, 13, tzinfo=ZoneInfo("Europe/Stockholm"))
    event = event_create(series=series, title="Organiser", starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                         capacity=5)
    assert Event.objects.get(pk=event.pk).slug not in RESERVED_SLUGS
    assert client.get(event.get_absolute_url()).context["event"] == event


def test_the_importer_never_gives_a_project_a_reserved_slug() -> None:
    from motesplats.registry.models import Project
    from motesplats.registry.portfolio_io import import_portfolio

    portfolio = {"organisations": [{"key": "MF", "name": "Miljöförvaltningen", "kind": "förvaltning"}],
                 "projects": [{"key": "a", "org": "MF", "title": "New"}, {"key": "b", "org": "MF", "title": "Import"}]}
    import_portfolio(json.dumps(portfolio).encode())
    assert not set(Project.objects.values_list("slug", flat=True)) & RESERVED_SLUGS


def test_the_migration_moves_a_series_that_the_paths_hid() -> None:
    from importlib import import_module

    from django.apps import apps

    from motesplats.events.models import Series

    Series.objects.create(name="Ny", slug="ny")
    Series.objects.create(name="New", slug="new")
    Series.objects.create(name="New 2", slug="new-2")
    import_module("motesplats.events.migrations.0002_series_slugs_not_url_words").rename(apps, None)
    assert sorted(Series.objects.values_list("slug", flat=True)) == ["new-2", "new-3", "ny-2"]
