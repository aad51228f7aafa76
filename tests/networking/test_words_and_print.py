"""Words and print: "par" for speed dating, the projector's clock, table cards, and the person pickers
(search by name instead of Ctrl-click lists)."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict
from django.urls import reverse

from motesplats.networking.forms import PlanOptionsForm
from motesplats.networking.models import Plan, Seat
from motesplats.networking.selectors import timer_minutes

pytestmark = pytest.mark.django_db


def _plan(item: Any, people: list[Any], per_group: int) -> Plan:
    """A plan written directly (no engine): people in groups of `per_group`, one round."""
    groups = (len(people) + per_group - 1) // per_group
    plan = Plan.objects.create(agenda_item=item, kind="speed" if item.kind == "speed_dating" else "tables",
                               status="ready", options={"rounds": 1, "tables_count": groups})
    Seat.objects.bulk_create(Seat(plan=plan, round=0, table=i // per_group, person=p) for i, p in enumerate(people))
    return plan


def test_speed_dating_locks_pairs_not_tables(client: Any, world: Any, organiser: Any) -> None:
    client.force_login(organiser)
    speed = _plan(world.items["second_speed"], world.people[:6], 2)
    html = client.get(reverse("networking:plan_adjust", kwargs={"pk": speed.pk}), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Lås par 1" in html and "Lås bord" not in html
    tables = _plan(world.items["second_tables"], world.people[:8], 4)
    html = client.get(reverse("networking:plan_adjust", kwargs={"pk": tables.pk}), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Lås bord 1" in html and "Lås par" not in html


def test_projector_clock_takes_the_items_length_or_one_round(client: Any, world: Any, organiser: Any) -> None:
    client.force_login(organiser)
    tables = world.items["second_tables"]  # 60 minutes, no minutes per round
    plan = _plan(tables, world.people[:8], 4)
    html = client.get(reverse("networking:projector", kwargs={"pk": plan.pk})).content.decode()
    assert 'data-round-minutes="60"' in html and ">60:00<" in html
    speed = world.items["second_speed"]  # 40 minutes, 6 minutes per round
    assert timer_minutes(speed, 3) == 6
    speed.round_minutes = None
    assert timer_minutes(speed, 3) == 13  # 40 minutes shared by 3 rounds


def test_table_cards_show_the_events_questions_and_a_big_number(client: Any, world: Any, organiser: Any) -> None:
    client.force_login(organiser)
    item = world.items["second_tables"]
    item.questions = ["Vad behöver ni av varandra?", "Vem saknas i rummet?"]
    item.save()
    plan = _plan(item, world.people[:8], 4)
    html = client.get(reverse("networking:table_cards", kwargs={"pk": plan.pk}), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Vad behöver ni av varandra?" in html and "Vem saknas i rummet?" in html
    assert "möjligheter, hinder" not in html  # no fixed prompt of its own
    assert html.count('class="card-number" data-table-number>') == 2


def test_person_picker_searches_participants_by_name(client: Any, world: Any, organiser: Any, reader: Any) -> None:
    url = reverse("networking:people", kwargs={"slug": world.second.slug})
    assert client.get(url, {"field": "hosts", "hosts-q": "Person"}).status_code == 302
    client.force_login(reader)
    assert client.get(url, {"field": "hosts", "hosts-q": "Person"}).status_code == 403
    client.force_login(organiser)
    first, second = world.people[0], world.people[1]
    html = client.get(url, {"field": "hosts", "hosts-q": "person 0"}).content.decode()
    assert "<strong>Person 00</strong>" in html and "<strong>Person 01</strong>" in html
    html = client.get(url, {"field": "hosts", "hosts-q": "person 0", "hosts": [str(first.pk)]}).content.decode()
    assert "<strong>Person 00</strong>" not in html and "<strong>Person 01</strong>" in html
    assert 'hx-swap="beforeend"' in html
    html = client.get(url, {"field": "hosts", "hosts-q": "org 5"}).content.decode()
    assert all(f"<strong>Person {i:02d}</strong>" in html for i in (5, 11, 17))  # by organisation, too
    assert "Ingen person" in client.get(url, {"field": "hosts", "hosts-q": "zzz"},
                                           HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    picked = client.get(url, {"field": "apart_a", "pick": str(second.pk)}).content.decode()
    assert f'name="apart_a" value="{second.pk}"' in picked and "checked" in picked
    assert client.get(url, {"field": "hosts", "pick": str(first.pk), "hosts": [str(first.pk)]}).content == b""
    assert client.get(url, {"field": "hosts", "pick": "999999"}).content == b""
    assert client.get(url, {"field": "secret", "q": "x"}).status_code == 404
    assert client.get(url).content == b""  # an htmx partial: nothing asked, nothing found


def test_plan_form_takes_picked_hosts_in_order_and_a_pair_to_keep_apart(world: Any) -> None:
    people = [(str(p.pk), p.name) for p in world.people]
    a, b, c = (str(p.pk) for p in world.people[:3])
    data = QueryDict(mutable=True)
    data.update({"rounds": "1", "tables": "4", "w_organisation": "1.0", "w_related": "0.5", "w_role": "0.3",
                 "apart_a": b, "apart_b": a, "hosts-q": "ignored"})
    data.setlist("hosts", [c, a])
    form = PlanOptionsForm(data, people=people, speed=False, apart_pairs=[], search_url="/x/")
    assert form.is_valid(), form.errors
    options = form.options()
    assert options.hosts == ((int(c), 0), (int(a), 1))
    assert options.apart == ((int(a), int(b)),)
    html = str(form["hosts"])
    assert 'id="id_hosts-q"' in html and 'type="search"' in html and "<select" not in html
    assert form["hosts"].id_for_label == "id_hosts-q"


def test_plan_page_has_searchable_pickers(client: Any, world: Any, organiser: Any) -> None:
    client.force_login(organiser)
    item = world.items["second_tables"]
    html = client.get(reverse("networking:event", kwargs={"slug": item.event.slug}) + f"?item={item.pk}").content.decode()
    assert '<label for="id_hosts-q">' in html and '<label for="id_apart_a-q">' in html
    assert 'form="person-search"' in html and 'id="person-search"' in html
    assert "Ctrl" not in html
