"""Keep the index current: the registry announces changed projects (`registry.signals.projects_changed`, once
per transaction, after the commit, bulk imports included); the model signals below remain as a fallback for
writes that bypass the registry's services (shell, fixtures)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from motesplats.discovery import index_store, services
from motesplats.registry.models import DataNeed, Dataset, Project
from motesplats.registry.signals import projects_changed


def _projects_changed(sender: Any, ids: list[int], **kwargs: Any) -> None:
    index_store.record_changes(list(ids))


def _project_saved(sender: Any, instance: Project, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        services.index_project(project_id=instance.pk)


def _part_saved(sender: Any, instance: Dataset | DataNeed, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        services.index_project(project_id=instance.project_id)


def _themes_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Project):
        services.index_project(project_id=instance.pk)


def connect() -> None:
    projects_changed.connect(_projects_changed, dispatch_uid="discovery_projects_changed")
    post_save.connect(_project_saved, sender=Project, dispatch_uid="discovery_project_saved")
    post_delete.connect(_project_saved, sender=Project, dispatch_uid="discovery_project_deleted")
    for model in (Dataset, DataNeed):
        post_save.connect(_part_saved, sender=model, dispatch_uid=f"discovery_{model.__name__}_saved")
        post_delete.connect(_part_saved, sender=model, dispatch_uid=f"discovery_{model.__name__}_deleted")
    m2m_changed.connect(_themes_changed, sender=Project.themes.through, dispatch_uid="discovery_themes_changed")
