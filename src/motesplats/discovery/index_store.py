"""The discovery index of this process: built from the database, kept current through a shared change log.

Nothing is pickled. What is expensive to compute, the sentence-model vectors of every text, is stored in
the database (`TextVector`, keyed by model and text digest), so a process builds its index from the
registry and the stored vectors without running the model again. The rest of the index (character n-grams,
stems, standard scores) is a pure function of the projects it holds, so every process that holds the same
projects ranks them the same way.

`IndexedProject` is the change log: when a project, its themes, datasets or needs change,
`services.index_project` records its new digest there (after the commit) and updates this process's
index. Every query first asks for log rows changed since this process last looked (one indexed query, plus
a count) and applies them, so a change made through one web process is in every other process's results at
its next request. Rows are read again a few seconds back, so a transaction that committed late is not
missed; the digests make applying a row twice harmless.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from motesplats.discovery.engine.documents import DatasetDoc, ProjectDoc
from motesplats.discovery.engine.index import DiscoveryIndex
from motesplats.discovery.engine.semantic import CachedEncoder, load_encoder, model_available
from motesplats.discovery.models import IndexedProject, TextVector
from motesplats.registry.models import DataNeed, Dataset, Project

_lock = threading.RLock()
LOOK_BACK = dt.timedelta(seconds=10)  # re-read log rows this far back (transactions that committed late)
BULK_CHANGES = 200  # above this many changed projects at once, this process rebuilds instead


class DatabaseVectorStore:
    """Sentence vectors in the `TextVector` table, shared by every process."""

    CHUNK = 500

    def get_many(self, model: str, digests: Sequence[str]) -> dict[str, np.ndarray]:  # type: ignore[type-arg]
        found: dict[str, np.ndarray] = {}  # type: ignore[type-arg]
        for start in range(0, len(digests), self.CHUNK):
            rows = TextVector.objects.filter(model=model, digest__in=digests[start : start + self.CHUNK])
            for digest, vector in rows.values_list("digest", "vector"):
                found[digest] = np.frombuffer(bytes(vector), dtype=np.float32).copy()
        return found

    def put_many(self, model: str, vectors: dict[str, np.ndarray]) -> None:  # type: ignore[type-arg]
        TextVector.objects.bulk_create(
            [TextVector(model=model, digest=d, vector=v.astype(np.float32).tobytes()) for d, v in vectors.items()],
            ignore_conflicts=True, batch_size=self.CHUNK)


_encoders: dict[str, CachedEncoder] = {}


def engine_name() -> str:
    """The engine in use: DISCOVERY_ENGINE, where "auto" is "blend" when the sentence model is installed."""
    engine = getattr(settings, "DISCOVERY_ENGINE", "auto") or "auto"
    if engine == "auto":
        return "blend" if model_available(_model_setting()) else "lexical"
    return str(engine)


def _model_setting() -> str | None:
    return getattr(settings, "DISCOVERY_MODEL_PATH", "") or None


def encoder() -> CachedEncoder:
    """This process's sentence model, loaded once, with vectors kept in memory and in the database."""
    name = _model_setting() or "e5"
    if name not in _encoders:
        _encoders[name] = CachedEncoder(load_encoder(name), DatabaseVectorStore())
    return _encoders[name]


@dataclass
class _State:
    index: DiscoveryIndex
    engine: str
    watermark: dt.datetime
    digests: dict[int, str] = field(default_factory=dict)
    need_ids: dict[int, list[int]] = field(default_factory=dict)
    dataset_ids: dict[int, list[int]] = field(default_factory=dict)


_state: _State | None = None


def _projects_with_data() -> Any:
    return (Project.objects.select_related("owner").order_by("pk")
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
        themes=tuple(sorted(t.name for t in project.themes.all())),
        datasets=tuple(DatasetDoc(d.name, d.description) for d in project.datasets.all()),
        needs=tuple(n.description for n in project.data_needs.all()),
    )


def digest_of(doc: ProjectDoc) -> str:
    payload = [doc.org, doc.title, doc.summary, doc.description, list(doc.themes),
               [[d.name, d.description] for d in doc.datasets], list(doc.needs)]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def new_index() -> DiscoveryIndex:
    engine = engine_name()
    return DiscoveryIndex(mode=engine, encoder=encoder() if engine != "lexical" else None)


def _remember(state: _State, project: Project, doc: ProjectDoc) -> None:
    state.digests[project.pk] = digest_of(doc)
    state.need_ids[project.pk] = [n.pk for n in project.data_needs.all()]
    state.dataset_ids[project.pk] = [d.pk for d in project.datasets.all()]


def _build(progress: Callable[[int, int], None] | None = None) -> _State:
    watermark = timezone.now()
    index = new_index()
    projects = list(_projects_with_data())
    docs = [project_doc(p) for p in projects]
    step = 200
    for start in range(0, len(docs), step):
        index.add(docs[start : start + step])
        if progress is not None:
            progress(min(start + step, len(docs)), len(docs))
    state = _State(index, index.mode, watermark)
    for project, doc in zip(projects, docs, strict=True):
        _remember(state, project, doc)
    return state


def apply_project(state: _State, project_id: int) -> None:
    project = _projects_with_data().filter(pk=project_id).first()
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
    changes = list(IndexedProject.objects.filter(changed__gte=state.watermark - LOOK_BACK)
                   .values_list("project_id", "digest", "is_deleted", "changed"))
    for project_id, digest, deleted, changed in changes:
        if (deleted and project_id in state.digests) or (not deleted and state.digests.get(project_id) != digest):
            apply_project(state, project_id)
        state.watermark = max(state.watermark, changed)


def get_index() -> _State:
    """This process's index, caught up with the registry."""
    global _state
    with _lock:
        engine = engine_name()
        if _state is None or _state.engine != engine:
            _state = _build()
        _sync(_state)
        if Project.objects.count() != len(_state.index):
            _state = _build()
        return _state


def record_changes(project_ids: list[int]) -> None:
    """Log changes of projects and apply them here; called (after commit) by the services and signals."""
    projects = {p.pk: p for p in _projects_with_data().filter(pk__in=project_ids)}
    if engine_name() != "lexical" and len(project_ids) <= BULK_CHANGES:
        # store the new vectors before the change is logged, so other processes read them, not encode them
        passages, queries = DiscoveryIndex.vector_texts([project_doc(p) for p in projects.values()])
        encoder().passages(passages)
        encoder().queries(queries)
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


def source_version() -> str:
    """A short digest of the change log and the number of projects: changes whenever the index would."""
    latest = IndexedProject.objects.order_by("-changed").values_list("changed", flat=True).first()
    return hashlib.sha1(f"{latest}|{Project.objects.count()}|{engine_name()}".encode(),
                        usedforsecurity=False).hexdigest()[:16]


def warm(progress: Callable[[int, int], None] | None = None) -> _State:
    """Build this process's index now (storing every sentence vector that was missing)."""
    global _state
    with _lock:
        _state = _build(progress)
        return _state


def reset() -> None:
    """Forget this process's index (tests; after a bulk import)."""
    global _state
    with _lock:
        _state = None
