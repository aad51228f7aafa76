"""The discovery index of this process, built from the registry and kept up to date incrementally.

Each process holds one in-memory index. `IndexedProject` is the shared change log: when a project, one of
its datasets or needs, or its themes change, `services.index_project` records a new digest there and
updates this process's index; other processes pick the change up at their next query (one indexed query
for rows changed since they last looked). A full build happens only on first use, when the number of
projects disagrees with the index (e.g. after a bulk import that bypassed save()), or when the engine
setting changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from motesplats.discovery.engine.documents import DatasetDoc, ProjectDoc
from motesplats.discovery.engine.index import DiscoveryIndex
from motesplats.discovery.models import IndexedProject
from motesplats.registry.models import DataNeed, Dataset, Project

_lock = threading.RLock()


@dataclass
class _State:
    index: DiscoveryIndex
    engine: str
    watermark: dt.datetime
    digests: dict[int, str] = field(default_factory=dict)
    need_ids: dict[int, list[int]] = field(default_factory=dict)
    dataset_ids: dict[int, list[int]] = field(default_factory=dict)


_state: _State | None = None


def _projects_with_data() -> object:
    return (Project.objects.select_related("owner")
            .prefetch_related("themes",
                              Prefetch("datasets", queryset=Dataset.objects.order_by("id")),
                              Prefetch("data_needs", queryset=DataNeed.objects.order_by("id"))))


def project_doc(project: Project) -> ProjectDoc:
    """The engine's view of a project (themes, datasets and needs prefetched)."""
    return ProjectDoc(
        key=str(project.pk),
        org=str(project.owner_id),
        title=project.title,
        summary=project.summary,
        description=project.description,
        themes=tuple(t.name for t in project.themes.all()),
        datasets=tuple(DatasetDoc(d.name, d.description) for d in project.datasets.all()),
        needs=tuple(n.description for n in project.data_needs.all()),
    )


def digest_of(doc: ProjectDoc) -> str:
    payload = [doc.org, doc.title, doc.summary, doc.description, list(doc.themes),
               [[d.name, d.description] for d in doc.datasets], list(doc.needs)]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def _new_index() -> DiscoveryIndex:
    engine = getattr(settings, "DISCOVERY_ENGINE", "lexical") or "lexical"
    encoder = None
    if engine != "lexical":
        from motesplats.discovery.engine.semantic import load_encoder

        encoder = load_encoder(getattr(settings, "DISCOVERY_MODEL_PATH", "") or None)
    return DiscoveryIndex(mode=engine, encoder=encoder)


def _remember(state: _State, project: Project, doc: ProjectDoc) -> None:
    state.digests[project.pk] = digest_of(doc)
    state.need_ids[project.pk] = [n.pk for n in project.data_needs.all()]
    state.dataset_ids[project.pk] = [d.pk for d in project.datasets.all()]


def _build(progress: Callable[[int, int], None] | None = None) -> _State:
    watermark = timezone.now()
    index = _new_index()
    projects = list(_projects_with_data())  # type: ignore[call-overload]
    docs = [project_doc(p) for p in projects]
    index.analyzer.learn(d.text for d in docs)
    step = 500
    for start in range(0, len(docs), step):
        index.add(docs[start : start + step])
        if progress is not None:
            progress(min(start + step, len(docs)), len(docs))
    state = _State(index, index.mode, watermark)
    for project, doc in zip(projects, docs, strict=True):
        _remember(state, project, doc)
    return state


def snapshot_path(engine: str) -> Path:
    folder = Path(getattr(settings, "DISCOVERY_SNAPSHOT_DIR", "") or Path(settings.VAR_DIR) / "discovery")
    return folder / f"index-{engine}.pickle"


def save_snapshot(state: _State) -> Path:
    """Write the index so that other processes start from it instead of building (atomic replace)."""
    path = snapshot_path(state.engine)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
        pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(handle.name, path)
    return path


def _load_snapshot(engine: str) -> _State | None:
    """The snapshot written by `manage.py discovery_index`, if every change since then is in the change log."""
    path = snapshot_path(engine)
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            # the file is written only by this application, into its own var directory
            state = pickle.load(handle)  # noqa: S301
    except Exception:  # noqa: BLE001 - an unreadable snapshot is rebuilt
        return None
    if not isinstance(state, _State) or state.engine != engine:
        return None
    if engine != "lexical":
        state.index.encoder = _new_index().encoder
    logged = IndexedProject.objects.filter(changed__gte=state.watermark).values("project_id")
    unlogged = (Project.objects.filter(updated__gt=state.watermark).exclude(pk__in=logged).exists()
                or Dataset.objects.filter(updated__gt=state.watermark).exclude(project_id__in=logged).exists()
                or DataNeed.objects.filter(updated__gt=state.watermark).exclude(project_id__in=logged).exists())
    return None if unlogged else state


def apply_project(state: _State, project_id: int) -> None:
    project = _projects_with_data().filter(pk=project_id).first()  # type: ignore[attr-defined]
    key = str(project_id)
    if project is None:
        state.index.remove(key)
        for mapping in (state.digests, state.need_ids, state.dataset_ids):
            mapping.pop(project_id, None)
        return
    doc = project_doc(project)
    if state.digests.get(project_id) == digest_of(doc) and key in state.index:
        return
    state.index.upsert(doc)
    _remember(state, project, doc)


def _sync(state: _State) -> None:
    changes = list(IndexedProject.objects.filter(changed__gte=state.watermark)
                   .values_list("project_id", "digest", "changed"))
    for project_id, digest, changed in changes:
        if state.digests.get(project_id) != digest:
            apply_project(state, project_id)
        state.watermark = max(state.watermark, changed)


def get_index() -> _State:
    """This process's index, caught up with the registry."""
    global _state
    with _lock:
        engine = getattr(settings, "DISCOVERY_ENGINE", "lexical") or "lexical"
        if _state is None or _state.engine != engine:
            _state = _load_snapshot(engine) or _build()
        _sync(_state)
        if Project.objects.count() != len(_state.index):
            _state = _build()
        return _state


BULK_CHANGES = 200  # above this many changed projects at once, this process rebuilds instead


def record_changes(project_ids: list[int]) -> None:
    """Log changes of projects and apply them here; called (after commit) by the services and signals."""
    projects = {p.pk: p for p in _projects_with_data().filter(pk__in=project_ids)}  # type: ignore[attr-defined]
    now = timezone.now()
    existing = set(IndexedProject.objects.filter(project_id__in=project_ids).values_list("project_id", flat=True))
    rows = [IndexedProject(project_id=pk, digest=digest_of(project_doc(projects[pk])) if pk in projects else "",
                           is_deleted=pk not in projects, changed=now) for pk in project_ids]
    IndexedProject.objects.bulk_update([r for r in rows if r.project_id in existing],
                                       ["digest", "is_deleted", "changed"])
    IndexedProject.objects.bulk_create([r for r in rows if r.project_id not in existing], ignore_conflicts=True)
    global _state
    with _lock:
        if _state is None:
            return
        if len(project_ids) > BULK_CHANGES:
            _state = None
            return
        for pk in project_ids:
            apply_project(_state, pk)


def record_change(project_id: int) -> None:
    record_changes([project_id])


def build_and_save(progress: Callable[[int, int], None] | None = None) -> tuple[_State, Path]:
    """Build this process's index from the registry and save it as the snapshot other processes start from."""
    global _state
    with _lock:
        _state = _build(progress)
        return _state, save_snapshot(_state)


def reset() -> None:
    """Forget this process's index (tests; after a bulk import)."""
    global _state
    with _lock:
        _state = None
