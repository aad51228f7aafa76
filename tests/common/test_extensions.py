"""Extension points: the extended app defines them, the others register in AppConfig.ready()."""

from __future__ import annotations

import doctest
from typing import Any

import pytest
from django.urls import reverse

from motesplats.common import extensions
from motesplats.common.menu import MenuItem, items_for, menu
from motesplats.events.extensions import my_day_sections


def test_the_examples_in_the_docstring() -> None:
    result = doctest.testmod(extensions)
    assert result.attempted > 0 and result.failed == 0


def test_apps_register_their_menu_items_in_the_order_of_installed_apps() -> None:
    assert [item.key for item in menu] == ["overlap", "events", "my_day", "events_organiser", "networking", "data",
                                           "data_flows", "insight", "my_page", "mailings", "news", "followups", "audit"]
    assert [section.key for section in my_day_sections] == ["networking"]


@pytest.mark.django_db
def test_each_audience_sees_its_menu_items(make_user: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    anonymous = [item["key"] for item in items_for(AnonymousUser())]
    member = [item["key"] for item in items_for(make_user("m@example.se", role="member"))]
    organiser = [item["key"] for item in items_for(make_user("o@example.se", role="organiser"))]
    assert anonymous == ["events", "data", "news"]
    assert member == ["events", "my_day", "data", "data_flows", "insight", "my_page", "news"]
    assert organiser == ["overlap", "events", "my_day", "events_organiser", "networking", "data", "data_flows",
                         "insight", "my_page", "mailings", "news", "followups", "audit"]
    assert items_for(AnonymousUser())[0] == {"key": "events", "label": "Seminarier", "url": reverse("events:index"),
                                             "office": False}


@pytest.mark.django_db
def test_a_registered_item_is_in_the_menu_and_one_that_does_not_route_is_left_out(client: Any) -> None:
    menu.register(MenuItem("elsewhere", "Någon annanstans", "registry:project_list"))
    menu.register(MenuItem("broken", "Trasig", "no:such_url"))
    try:
        html = client.get(reverse("registry:project_list")).content.decode()
    finally:
        menu.unregister("elsewhere")
        menu.unregister("broken")
    assert ">Någon annanstans</a>" in html and "Trasig" not in html
