"""Writes of the discovery app: keeping the index current, and the programme office's verdicts."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motesplats.common import permissions
from motesplats.discovery import index_store
from motesplats.discovery.models import OverlapSnapshot, Verdict, VerdictKind, VerdictStatus
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


OVERLAP_MIN_SCORE = 0.2  # the lowest level the overlap page offers
OVERLAP_PER_PROJECT = 5


def overlap_compute(*, progress: Callable[[int, int], None] | None = None) -> OverlapSnapshot:
    """Compute the overlap overview of the whole portfolio (every project's related projects of other
    organisations, every need's producers) and store it; the page shows the latest snapshot.

    Runs in the background (`tasks.overlap_compute_task`): with 10,000 projects it takes minutes.
    """
    from motesplats.discovery.selectors import feedback_from_verdicts

    started = time.perf_counter()
    source = index_store.source_version()
    state = index_store.get_index()
    index = state.index
    dismissed: dict[str, set[str]] = {}
    feedback = feedback_from_verdicts()
    for item in feedback:
        if item.sign < 0:
            dismissed.setdefault(item.a, set()).add(item.b)
            dismissed.setdefault(item.b, set()).add(item.a)
    keys = index.keys()
    edges: dict[frozenset[str], list[Any]] = {}
    needs: list[list[Any]] = []
    for done, key in enumerate(keys, 1):
        for r in index.similar(key, OVERLAP_PER_PROJECT, other_orgs_only=True, exclude=dismissed.get(key, ()),
                               feedback=feedback):
            if r.score < OVERLAP_MIN_SCORE:
                break
            pair = frozenset((key, r.key))
            if pair not in edges or edges[pair][2] < r.score:
                edges[pair] = [key, r.key, r.score, [[reason.code, list(reason.terms)] for reason in r.reasons]]
        for i in range(len(state.need_ids.get(int(key), []))):
            match = index.producers(key, i, 3)
            needs.append([key, i, [[p.key, p.dataset, p.score, p.band] for p in match.producers]])
        if progress is not None:
            progress(done, len(keys))
    payload = {"pairs": sorted(edges.values(), key=lambda e: (-e[2], e[0], e[1])), "needs": needs}
    snapshot = OverlapSnapshot.objects.create(computed_at=timezone.now(), seconds=time.perf_counter() - started,
                                              source=source, engine=state.engine, payload=payload)
    OverlapSnapshot.objects.exclude(pk=snapshot.pk).delete()
    return snapshot
