from __future__ import annotations

from typing import Any

from django.urls import reverse

from motesplats.networking import services
from motesplats.networking.models import Plan, PlanStatus

from .conftest import compute


def _plan_url(item: Any) -> str:
    return reverse("networking:event", kwargs={"slug": item.event.slug}) + f"?item={item.pk}"


def _login(client: Any, user: Any) -> None:
    client.force_login(user)


def test_plan_page_needs_an_organiser(client: Any, world: Any, reader: Any) -> None:
    url = _plan_url(world.items["second_tables"])
    assert client.get(url).status_code == 302
    _login(client, reader)
    assert client.get(url).status_code == 403
    assert client.post(reverse("networking:plan_start", kwargs={"slug": world.second.slug}),
                       {"item": world.items["second_tables"].pk, "rounds": 1, "tables": 4, "w_organisation": 1, "w_related": 0.5,
                        "w_role": 0.3}).status_code == 403
    assert not Plan.objects.exists()


def test_organiser_plans_adjusts_and_publishes(client: Any, world: Any, organiser: Any,
                                               django_capture_on_commit_callbacks: Any) -> None:
    item = world.items["second_tables"]
    _login(client, organiser)
    page = client.get(_plan_url(item))
    assert page.status_code == 200 and "Beräkna plan" in page.content.decode()
    data = {"rounds": 1, "tables": 4, "w_organisation": "1.0", "w_related": "0.5", "w_role": "0.3"}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("networking:plan_start", kwargs={"slug": item.event.slug}),
                               {"item": item.pk, **data})
    requested = [c for c in callbacks if "my_day_cache" not in c.__module__]  # (cache bumps after the commit)
    assert response.status_code == 302 and len(requested) == 1
    plan = Plan.objects.get(agenda_item=item)
    assert plan.status == PlanStatus.READY and plan.seats.count() == 18
    html = client.get(_plan_url(item)).content.decode()
    assert "Bord 4" in html and world.people[0].name in html
    progress = client.get(reverse("networking:plan_progress", kwargs={"pk": plan.pk}))
    assert progress["HX-Refresh"] == "true"
    seat = plan.seats.get(person=world.people[0])
    target = (seat.table + 1) % 4
    response = client.post(reverse("networking:plan_move", kwargs={"pk": plan.pk}),
                           {"round": 1, "person": world.people[0].pk, "table": target + 1}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="plan-counts"' in response.content.decode()
    assert plan.seats.get(person=world.people[0]).table == target
    client.post(reverse("networking:plan_lock_table", kwargs={"pk": plan.pk}),
                {"round": 1, "table": 1, "locked": "1"})
    assert all(plan.seats.filter(table=0).values_list("locked", flat=True))
    response = client.post(reverse("networking:plan_publish", kwargs={"pk": plan.pk}))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_published
    for name in ("table_cards", "room", "projector", "outcomes"):
        assert client.get(reverse(f"networking:{name}", kwargs={"pk": plan.pk})).status_code == 200
    cards = client.get(reverse("networking:table_cards", kwargs={"pk": plan.pk})).content.decode()
    assert "<svg" in cards and "/networking/table-outcome/" in cards


def test_invalid_options_are_explained_and_nothing_is_saved(client: Any, world: Any, organiser: Any) -> None:
    _login(client, organiser)
    item = world.items["second_tables"]
    response = client.post(reverse("networking:plan_start", kwargs={"slug": item.event.slug}),
                           {"item": item.pk, "rounds": 0, "w_organisation": "9", "w_related": "x", "w_role": "0"})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not Plan.objects.exists()


def test_participant_sees_only_own_seats_once_published(client: Any, world: Any) -> None:
    plan = compute(world.items["second_speed"])
    me = world.people[0]
    _login(client, me.user)
    my_day = reverse("events:my_day", kwargs={"slug": world.second.slug})
    assert "Runda 1" not in client.get(my_day).content.decode()
    services.plan_publish(plan=plan)
    html = client.get(my_day).content.decode()
    partner_seat = plan.seats.exclude(person=me).get(round=0, table=plan.seats.get(person=me, round=0).table)
    assert "Runda 1" in html and partner_seat.person.name in html
    assert "Olika organisationer" in html
    strangers = {s.person.name for s in plan.seats.select_related("person")} - {
        s.person.name for s in plan.seats.filter(table__in=plan.seats.filter(person=me).values("table"),
                                                 round__in=plan.seats.filter(person=me).values("round"))}
    response = client.get("/api/networking/my-seats", {"event": world.second.slug})
    assert response.status_code == 200
    names = {p["name"] for row in response.json() for p in row["partners"]}
    assert len(response.json()) == 3 and names and not names & (strangers - names)
    assert client.get(f"/api/networking/plans/{plan.pk}/assignments").status_code == 403
    assert client.get(reverse("networking:plan_adjust", kwargs={"pk": plan.pk})).status_code == 403


def test_api_for_organisers(client: Any, world: Any, organiser: Any) -> None:
    plan = compute(world.items["first_tables"])
    assert client.get("/api/networking/plans").status_code == 401
    _login(client, organiser)
    plans = client.get("/api/networking/plans", {"event": world.first.slug}).json()
    assert [p["id"] for p in plans] == [plan.pk]
    rounds = client.get(f"/api/networking/plans/{plan.pk}/rounds").json()
    assert len(rounds) == 1 and sum(len(t) for t in rounds[0]["tables"]) == 18
    assert len(client.get(f"/api/networking/plans/{plan.pk}/assignments").json()) == 18


def test_outcome_form_by_secret_link_only(client: Any, world: Any, organiser: Any) -> None:
    plan = services.plan_publish(plan=compute(world.items["first_tables"]))
    outcome = plan.outcomes.get(table=1)
    assert client.get("/networking/table-outcome/not-a-token/").status_code == 404
    url = reverse("networking:outcome", kwargs={"code": outcome.code})
    # the first event ended 60 days ago: its table links are closed (issue 14) until the organiser reopens them
    closed = client.get(url)
    assert closed.status_code == 410 and "Länken är stängd" in closed.content.decode()
    assert client.post(url, {"q0": "=HYPERLINK(1)"}).status_code == 410
    _login(client, organiser)
    assert client.post(reverse("networking:outcomes_reopen", kwargs={"pk": plan.pk})).status_code == 302
    client.logout()
    page = client.get(url)
    assert page.status_code == 200 and "Vilka hinder finns?" in page.content.decode()
    response = client.post(url, {"q0": "Delad sensordata", "q1": "Sekretess", "q2": "Avtal"})
    assert response.status_code == 200
    outcome.refresh_from_db()
    assert outcome.answers == ["Delad sensordata", "Sekretess", "Avtal"]
    assert client.get(reverse("networking:outcomes", kwargs={"pk": plan.pk})).status_code == 302
    _login(client, organiser)
    page = client.get(reverse("networking:outcomes", kwargs={"pk": plan.pk})).content.decode()
    assert "Delad sensordata" in page
    client.post(reverse("networking:outcomes", kwargs={"pk": plan.pk}),
                {"q0": "Sensordata delas", "q1": "", "q2": "Avtal", "publish": "1"})
    from django.template.loader import render_to_string

    include = render_to_string("networking/_event_outcomes.html", {"event": world.first})
    assert "Sensordata delas" in include and "Vilka möjligheter finns?" in include
    csv = client.get(reverse("networking:outcomes_csv", kwargs={"pk": plan.pk}))
    assert csv["Content-Type"].startswith("text/csv") and "Sekretess" in csv.content.decode()


def test_series_picture_page(client: Any, world: Any) -> None:
    services.plan_publish(plan=compute(world.items["first_speed"]))
    page = client.get(reverse("networking:picture", kwargs={"slug": world.series.slug}))
    html = page.content.decode()
    assert page.status_code == 200 and "network-data" in html and "cytoscape.min.js" in html
    assert ">27<" in html  # cross-organisation ties of the first seminar, in the table alternative
    assert client.get(f"/api/networking/series/{world.series.slug}/picture").json()[0]["cross_org_ties"] == 27


def test_progress_partial_polls_while_the_task_runs(client: Any, world: Any, organiser: Any) -> None:
    from motesplats.networking.services import _progress_writer

    plan = Plan.objects.create(agenda_item=world.items["second_tables"], kind="tables", status=PlanStatus.RUNNING)
    _progress_writer(plan)(0.4, 12.0)
    _login(client, organiser)
    response = client.get(reverse("networking:plan_progress", kwargs={"pk": plan.pk}))
    html = response.content.decode()
    assert 'value="40"' in html and "every 1s" in html and "HX-Refresh" not in response
    page = client.get(_plan_url(world.items["second_tables"])).content.decode()
    assert 'id="plan-progress-bar"' in page
    response = client.post(reverse("networking:plan_start", kwargs={"slug": world.second.slug}),
                           {"item": world.items["second_tables"].pk, "rounds": 1, "tables": 4,
                            "w_organisation": "1", "w_related": "0.5", "w_role": "0.3"}, follow=True)
    assert "Planen beräknas redan" in response.content.decode()


def test_participants_cannot_adjust_or_publish(client: Any, world: Any) -> None:
    plan = compute(world.items["second_tables"])
    seat = plan.seats.first()
    _login(client, world.people[0].user)
    for name, data in (("plan_move", {"round": 1, "person": seat.person_id, "table": 1}),
                       ("plan_swap", {"round": 1, "person_a": seat.person_id, "person_b": seat.person_id}),
                       ("plan_lock_table", {"round": 1, "table": 1, "locked": "1"}), ("plan_publish", {})):
        assert client.post(reverse(f"networking:{name}", kwargs={"pk": plan.pk}), data).status_code == 403
    for name in ("table_cards", "room", "projector", "outcomes", "outcomes_csv"):
        assert client.get(reverse(f"networking:{name}", kwargs={"pk": plan.pk})).status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.READY and not plan.seats.filter(locked=True).exists()


def test_the_table_result_link_is_throttled_per_link_and_per_address(client: Any, world: Any, organiser: Any,
                                                                    settings: Any) -> None:
    settings.OUTCOME_SAVES_PER_LINK, settings.OUTCOME_SAVES_PER_IP = 3, 5
    plan = services.plan_publish(plan=compute(world.items["first_tables"]))
    _login(client, organiser)
    client.post(reverse("networking:outcomes_reopen", kwargs={"pk": plan.pk}))
    client.logout()
    first, second = plan.outcomes.get(table=1), plan.outcomes.get(table=2)
    url = reverse("networking:outcome", kwargs={"code": first.code})
    for n in range(3):
        assert client.post(url, {"q0": f"Svar {n}"}).status_code == 200
    refused = client.post(url, {"q0": "För mycket"})
    assert refused.status_code == 429 and refused["Retry-After"] == "600"
    assert "Formuläret har skickats för många gånger på kort tid" in refused.content.decode()
    first.refresh_from_db()
    assert first.answers[0] == "Svar 2"  # the refused save changed nothing
    assert client.get(url).status_code == 200  # the link still opens
    other = reverse("networking:outcome", kwargs={"code": second.code})
    assert client.post(other, {"q0": "Bord två"}).status_code == 200  # another table: its own count
    assert client.post(other, {"q0": "Bord två igen"}).status_code == 429  # but the address has sent 6
    assert client.post(other, {"q0": "Bord två"}, REMOTE_ADDR="10.0.0.7").status_code == 200
