"""Issue 9 on the organiser's page: plan the whole day, sizes with a one-click proposal, confirmations before a
published plan changes, the pair named in "har träffats", "Min dag" marking a changed seat."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from motesplats.networking import services
from motesplats.networking.models import Plan, PlanStatus, PlanVersion

from .conftest import compute


def _plan_url(item: Any) -> str:
    return reverse("networking:event", kwargs={"slug": item.event.slug}) + f"?item={item.pk}"


def test_new_routes_are_for_organisers(client: Any, world: Any, reader: Any) -> None:
    plan = compute(world.items["second_tables"], tables=4)
    client.force_login(reader)
    slug = world.second.slug
    item = world.items["second_tables"].pk
    assert client.post(reverse("networking:plan_day", kwargs={"slug": slug}), {"item": item}).status_code == 403
    assert client.post(reverse("networking:item_tables", kwargs={"slug": slug}),
                       {"item": item, "tables": 3}).status_code == 403
    assert client.post(reverse("networking:plan_pending", kwargs={"pk": plan.pk})).status_code == 403
    assert client.get(reverse("networking:plan_day", kwargs={"slug": slug})).status_code in (403, 405)


def test_plan_the_whole_day_from_the_page(client: Any, world: Any, organiser: Any,
                                          django_capture_on_commit_callbacks: Any) -> None:
    client.force_login(organiser)
    item = world.items["second_tables"]
    assert "Planera hela dagen" in client.get(_plan_url(item)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("networking:plan_day", kwargs={"slug": world.second.slug}),
                               {"item": item.pk})
    assert response.status_code == 302
    plans = list(Plan.objects.filter(agenda_item__event=world.second))
    assert {p.kind for p in plans} == {"speed", "tables"} and all(p.status == PlanStatus.READY for p in plans)
    html = client.get(_plan_url(item)).content.decode()
    assert 'data-count="repeats">0<' in html


def test_size_advice_and_one_click(client: Any, world: Any, organiser: Any) -> None:
    item = world.items["second_tables"]
    item.tables = 9
    item.save()
    client.force_login(organiser)
    html = client.get(_plan_url(item)).content.decode()
    assert 'id="size-advice"' in html and "9 bord för 18 deltagare" in html
    response = client.post(reverse("networking:item_tables", kwargs={"slug": world.second.slug}),
                           {"item": item.pk, "tables": 3})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.tables == 3
    assert 'id="size-advice"' not in client.get(_plan_url(item)).content.decode()


def test_published_plan_changes_ask_first_and_my_day_shows_them(client: Any, world: Any, organiser: Any) -> None:
    plan = services.plan_publish(plan=compute(world.items["second_tables"], tables=4))
    client.force_login(organiser)
    seat = plan.seats.get(person=world.people[0])
    url = reverse("networking:plan_move", kwargs={"pk": plan.pk})
    data = {"round": 1, "person": seat.person_id, "table": (seat.table + 1) % 4 + 1}
    asked = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="confirm-change"' in asked and "flyttar 1 person" in asked
    assert plan.seats.get(person=world.people[0]).table == seat.table and not PlanVersion.objects.exists()
    client.post(url, {**data, "confirm": "1"})
    assert plan.seats.get(person=world.people[0]).table == (seat.table + 1) % 4
    version = PlanVersion.objects.get()
    assert version.by == organiser and version.people == [seat.person_id]
    assert "Ändringar efter publiceringen" in client.get(_plan_url(plan.agenda_item)).content.decode()
    client.force_login(world.people[0].user)
    my_day = client.get(reverse("events:my_day", kwargs={"slug": world.second.slug})).content.decode()
    assert "seat-changed" in my_day
    client.force_login(organiser)
    publish = reverse("networking:plan_publish", kwargs={"pk": plan.pk})
    warned = client.post(publish, {"unpublish": "1"}).content.decode()
    assert "inte längre" in warned and Plan.objects.get(pk=plan.pk).is_published
    client.post(publish, {"unpublish": "1", "confirm": "1"})
    assert not Plan.objects.get(pk=plan.pk).is_published


def test_met_before_badge_names_the_pair_and_place(client: Any, world: Any, organiser: Any) -> None:
    tables = compute(world.items["second_tables"], tables=4)
    speed = compute(world.items["second_speed"])
    a = speed.seats.filter(round=0).order_by("table").first()
    b = speed.seats.filter(round=0, table=a.table).exclude(person_id=a.person_id).get()
    services.seat_move(plan=tables, person_id=a.person_id, round_=0,
                       table=tables.seats.get(person_id=b.person_id).table)
    client.force_login(organiser)
    html = client.get(_plan_url(tables.agenda_item)).content.decode()
    assert "har träffats: Speed dating, runda 1" in html
    assert a.person.name in html.split("har träffats: Speed dating, runda 1")[0].rsplit("<li>", 1)[1]
