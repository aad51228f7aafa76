"""Writes of the discovery app: keeping the index current, and the programme office's verdicts."""

from __future__ import annotations

import threading
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motesplats.common import permissions
from motesplats.discovery import index_store
from motesplats.discovery.models import Verdict, VerdictKind, VerdictStatus
from motesplats.registry.models import DataNeed, Dataset, Project

_pending = threading.local()


def _flush() -> None:
    ids = getattr(_pending, "ids", set())
    _pending.ids = set()
    if ids:
        index_store.record_changes(sorted(ids))


def index_project(*, project_id: int) -> None:
    """Bring the discovery index up to date for a project (new, changed or deleted) after the commit.

    Changes within one transaction (a project, its themes, datasets and needs; or a whole import) are
    collected and applied once, together, by the first callback that runs after the commit; the others find
    nothing left to do. Ids of a rolled-back transaction go along with the next commit (where their digest
    shows nothing changed).
    """
    ids = getattr(_pending, "ids", None)
    if ids is None:
        ids = _pending.ids = set()
    ids.add(project_id)
    transaction.on_commit(_flush)


def index_rebuild() -> None:
    """Build the whole index again in this process (after a bulk import that bypassed save())."""
    index_store.reset()
    index_store.get_index()


@transaction.atomic
def verdict_set(*, user: Any, status: str, project_a: Project, project_b: Project,
                need: DataNeed | None = None, dataset: Dataset | None = None) -> Verdict:
    """Record the programme office's verdict on a pair of projects, or on a need met by a dataset."""
    if not permissions.can_review_links(user):
        raise PermissionError(_("Bara programkontoret kan bedöma förslag."))
    if status not in VerdictStatus.values:
        raise ValidationError(_("Okänd bedömning."))
    if project_a.pk == project_b.pk:
        raise ValidationError(_("Ett projekt kan inte bedömas mot sig självt."))
    if need is not None or dataset is not None:
        if need is None or dataset is None or need.project_id != project_a.pk or dataset.project_id != project_b.pk:
            raise ValidationError(_("Behovet måste höra till det första projektet och datamängden till det andra."))
        verdict, _created = Verdict.objects.update_or_create(
            kind=VerdictKind.DATA, need=need, dataset=dataset,
            defaults={"project_a": project_a, "project_b": project_b, "status": status, "decided_by": user})
        return verdict
    low, high = sorted([project_a, project_b], key=lambda p: p.pk)
    verdict, _created = Verdict.objects.update_or_create(
        kind=VerdictKind.PAIR, project_a=low, project_b=high,
        defaults={"status": status, "decided_by": user})
    return verdict
