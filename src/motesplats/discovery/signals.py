"""Keep the index current whatever code saves a project, a dataset, a need or the themes.

`projects_changed` receives the registry's bulk signal; the model signals are the fallback for code
that saves rows one by one."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from motesplats.discovery import services
from motesplats.registry.models import DataNeed, Dataset, Project


def _project_saved(sender: Any, instance: Project, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        services.index_project(project_id=instance.pk)


def _part_saved(sender: Any, instance: Dataset | DataNeed, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        services.index_project(project_id=instance.project_id)


def _themes_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Project):
        services.index_project(project_id=instance.pk)


def projects_changed(sender: Any, ids: list[int] | None = None, **kwargs: Any) -> None:
    """Receiver of the registry's `projects_changed(ids)` signal (bulk writes such as the importer)."""
    services.index_projects(project_ids=list(ids or []))


def connect() -> None:
    try:  # the registry's own signal for bulk writes, where it exists
        from motesplats.registry.signals import projects_changed as registry_projects_changed
    except ImportError:
        registry_projects_changed = None
    if registry_projects_changed is not None:
        registry_projects_changed.connect(projects_changed, dispatch_uid="discovery_projects_changed")
    post_save.connect(_project_saved, sender=Project, dispatch_uid="discovery_project_saved")
    post_delete.connect(_project_saved, sender=Project, dispatch_uid="discovery_project_deleted")
    for model in (Dataset, DataNeed):
        post_save.connect(_part_saved, sender=model, dispatch_uid=f"discovery_{model.__name__}_saved")
        post_delete.connect(_part_saved, sender=model, dispatch_uid=f"discovery_{model.__name__}_deleted")
    m2m_changed.connect(_themes_changed, sender=Project.themes.through, dispatch_uid="discovery_themes_changed")
