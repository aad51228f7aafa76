"""registry.signals.projects_changed: once per transaction, after the commit, naming every project written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from motesplats.discovery.models import IndexedProject
from motesplats.registry import services
from motesplats.registry.models import Organisation, Project
from motesplats.registry.services import DatasetData
from motesplats.registry.signals import batched_announcements, projects_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard() -> Iterator[list[list[int]]]:
    calls: list[list[int]] = []

    def receiver(sender: Any, ids: list[int], **kwargs: Any) -> None:
        assert sender is Project
        calls.append(ids)

    projects_changed.connect(receiver, dispatch_uid="test_heard")
    yield calls
    projects_changed.disconnect(dispatch_uid="test_heard")


def test_each_service_announces_after_the_commit(
        org: Organisation, heard: list[list[int]], django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            first = services.project_create(title="Ett", owner=org)
            services.project_update(project=first, summary="Nu med sammanfattning", themes=["Luft"],
                                    datasets=[DatasetData(name="Data")])
            assert heard == []  # nothing before the commit
    assert heard == [[first.pk], [first.pk]]  # the update with its lists announces once


def test_a_batch_announces_once_for_every_service_in_it(
        org: Organisation, heard: list[list[int]], django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic(), batched_announcements():
            first = services.project_create(title="Ett", owner=org)
            second = services.project_create(title="Två", owner=org, datasets=[DatasetData(name="Data")])
            services.project_update(project=first, summary="Nu med sammanfattning", themes=["Luft"])
            services.data_need_create(project=second, description="Väder")
        assert heard == []
    assert heard == [sorted([first.pk, second.pk])]


def test_a_rolled_back_transaction_announces_nothing_and_the_next_one_only_its_own(
        org: Organisation, heard: list[list[int]], django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.project_create(title="Ångrad", owner=org)
            raise RuntimeError
        kept = services.project_create(title="Kvar", owner=org)
    assert heard == [[kept.pk]]


def test_outside_a_transaction_the_signal_comes_at_once(org: Organisation, heard: list[list[int]],
                                                        django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        project = services.project_create(title="Ett", owner=org)
    pk = project.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.project_delete(project=project)
    assert heard == [[pk], [pk]]  # created, then deleted


def test_unchanged_lists_announce_nothing(public_project: Project, heard: list[list[int]],
                                          django_capture_on_commit_callbacks: Any) -> None:
    same = [DatasetData(id=d.pk, name=d.name, description=d.description, format=d.format,
                        update_frequency=d.update_frequency, openness=d.openness)
            for d in public_project.datasets.all()]
    with django_capture_on_commit_callbacks(execute=True):
        services.project_data_replace(project=public_project, datasets=same)
    assert heard == []


def test_anonymising_a_contact_announces_their_projects(public_project: Project, member_person: Any,
                                                        heard: list[list[int]],
                                                        django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.person_anonymise(None, member_person)
    assert heard == [[public_project.pk]]


def test_discovery_listens_and_logs_every_project_of_a_bulk_write(
        org: Organisation, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        created = services.project_bulk_create(projects=[
            services.ProjectData(title=f"Projekt {n}", owner=org, summary="Luft och buller") for n in range(30)])
    assert set(IndexedProject.objects.values_list("project_id", flat=True)) == {p.pk for p in created}


def test_the_admin_announces_what_it_changes(org: Organisation, heard: list[list[int]], client: Any,
                                             make_user: Any, django_capture_on_commit_callbacks: Any) -> None:
    project = services.project_create(title="I admin", owner=org)
    client.force_login(make_user("admin@example.se", role="organiser", is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/registry/project/{project.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert heard == [[project.pk]]
