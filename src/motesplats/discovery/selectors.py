"""Reads of the discovery app: related projects, data matches, people, and the overlap overview.

Every selector takes the user: anonymous people only ever see public projects, in results and reasons.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from django.db.models import Q
from django.utils.translation import gettext

from motesplats.common import permissions
from motesplats.discovery import index_store
from motesplats.discovery.engine.index import BAND_POSSIBLE, BAND_STRONG, BAND_WEAK, Feedback, Reason
from motesplats.discovery.models import OverlapSnapshot, Verdict, VerdictKind, VerdictStatus
from motesplats.discovery.reasons import render_band, render_match, render_reasons
from motesplats.registry.models import DataNeed, Dataset, Person, Project

CONFIRMED_BOOST = 0.05
MIN_RELATED = 0.05  # below this a "related" project is noise on a project page
PAIR_THRESHOLD = 0.3
DATA_THRESHOLD = 0.3


@dataclass(frozen=True)
class RelatedProject:
    project: Project
    score: float
    reasons: list[str]
    verdict: str = ""


BAND_CLASSES = {BAND_STRONG: "badge-ok", BAND_POSSIBLE: "badge-warn"}


class _Banded:
    """A data match's confidence band and reason, in the reader's language."""

    band: str
    terms: tuple[str, ...]

    @property
    def band_label(self) -> str:
        return render_band(self.band, translate=gettext)

    @property
    def band_class(self) -> str:
        return BAND_CLASSES.get(self.band, "")

    @property
    def is_weak(self) -> bool:
        return self.band == BAND_WEAK

    @property
    def why(self) -> str:
        return render_match(self.terms, translate=gettext)


@dataclass(frozen=True)
class ProducerMatch(_Banded):
    project: Project
    dataset: Dataset
    score: float
    terms: tuple[str, ...]
    band: str = BAND_WEAK


@dataclass(frozen=True)
class ConsumerMatch(_Banded):
    project: Project
    need: DataNeed
    score: float
    terms: tuple[str, ...]
    band: str = BAND_WEAK


@dataclass
class ProjectDataMatches:
    """For each need its best candidates (best first), and for each dataset who needs it.

    A need's list is empty only when no other visible project has a dataset; when its best candidate is
    weak the page says that there is no good match and shows the candidates below.
    """

    needs: list[tuple[DataNeed, list[ProducerMatch]]] = field(default_factory=list)
    datasets: list[tuple[Dataset, list[ConsumerMatch]]] = field(default_factory=list)


@dataclass(frozen=True)
class RelatedPerson:
    person: Person
    score: float
    via: list[tuple[Project, Project]]  # (your project, their related project)
    shared_interests: list[str]


def _hidden_keys(user: Any) -> set[str]:
    if permissions.can_read_private(user):
        return set()
    return {str(pk) for pk in Project.objects.filter(is_public=False).values_list("pk", flat=True)}


def _pair_verdicts(project_ids: list[int] | None) -> dict[frozenset[int], str]:
    """Verdicts on pairs involving these projects (None: all pair verdicts)."""
    rows = Verdict.objects.filter(kind=VerdictKind.PAIR)
    if project_ids is not None:
        rows = rows.filter(Q(project_a_id__in=project_ids) | Q(project_b_id__in=project_ids))
    rows = rows.values_list("project_a_id", "project_b_id", "status")
    return {frozenset((a, b)): status for a, b, status in rows}


def feedback_from_verdicts() -> list[Feedback]:
    """The programme office's verdicts on pairs, as the engine learns from them: "kontaktad" and
    "samarbetar" raise similar pairs, "inte relevant" lowers them."""
    rows = Verdict.objects.filter(kind=VerdictKind.PAIR).order_by("pk").values_list(
        "project_a_id", "project_b_id", "status")
    return [Feedback(str(a), str(b), -1.0 if status == VerdictStatus.INTE_RELEVANT else 1.0)
            for a, b, status in rows]


def _projects_by_key(keys: list[str]) -> dict[str, Project]:
    ids = [int(k) for k in keys]
    return {str(p.pk): p for p in Project.objects.filter(pk__in=ids).select_related("owner")}


def similar_projects(*, project: Project, user: Any, k: int = 5, other_orgs_only: bool = True) -> list[RelatedProject]:
    """The k projects most related to `project` (of other organisations by default), with reasons."""
    state = index_store.get_index()
    key = str(project.pk)
    if key not in state.index:
        return []
    verdicts = {other: status for pair, status in _pair_verdicts([project.pk]).items()
                for other in pair if other != project.pk}
    exclude = _hidden_keys(user) | {str(o) for o, s in verdicts.items() if s == VerdictStatus.INTE_RELEVANT}
    boost = {str(o): CONFIRMED_BOOST for o, s in verdicts.items() if s != VerdictStatus.INTE_RELEVANT}
    related = state.index.similar(key, k, other_orgs_only=other_orgs_only, exclude=exclude, boost=boost,
                                  feedback=feedback_from_verdicts())
    projects = _projects_by_key([r.key for r in related])
    out = []
    for r in related:
        other = projects.get(r.key)
        if other is None or not permissions.can_view_project(user, other) or r.score < MIN_RELATED:
            continue
        reasons = render_reasons(r.reasons, me=project.title, other=other.title, translate=gettext)
        out.append(RelatedProject(other, r.score, reasons, verdicts.get(other.pk, "")))
    return out


def _data_verdicts(need_ids: list[int], dataset_ids: list[int]) -> dict[tuple[int, int], str]:
    rows = Verdict.objects.filter(Q(need_id__in=need_ids) | Q(dataset_id__in=dataset_ids),
                                  kind=VerdictKind.DATA).values_list("need_id", "dataset_id", "status")
    return {(n, d): s for n, d, s in rows}


def data_matches_for_project(*, project: Project, user: Any, k: int = 5) -> ProjectDataMatches:
    """For each need of `project` the projects that collect matching data; for each dataset, who needs it."""
    state = index_store.get_index()
    key = str(project.pk)
    result = ProjectDataMatches()
    if key not in state.index:
        return result
    hidden = _hidden_keys(user)
    need_ids = state.need_ids.get(project.pk, [])
    dataset_ids = state.dataset_ids.get(project.pk, [])
    need_matches = [state.index.producers(key, i, k + 3, exclude=hidden) for i in range(len(need_ids))]
    set_matches = [state.index.consumers(key, i, k + 3, exclude=hidden) for i in range(len(dataset_ids))]
    other_keys = {p.key for m in need_matches for p in m.producers} | {c.key for m in set_matches for c in m.consumers}
    projects = _projects_by_key(sorted(other_keys))
    wanted_sets: set[int] = set()
    wanted_needs: set[int] = set()
    for match in need_matches:
        for p in match.producers:
            if p.key in projects:
                wanted_sets.update(state.dataset_ids.get(int(p.key), []))
    for dmatch in set_matches:
        for c in dmatch.consumers:
            if c.key in projects:
                wanted_needs.update(state.need_ids.get(int(c.key), []))
    datasets = Dataset.objects.in_bulk(list(wanted_sets) + dataset_ids)
    needs = DataNeed.objects.in_bulk(list(wanted_needs) + need_ids)
    verdicts = _data_verdicts(need_ids + list(wanted_needs), dataset_ids + list(wanted_sets))

    def dataset_named(owner: str, name: str) -> Dataset | None:
        return next((datasets[i] for i in state.dataset_ids.get(int(owner), []) if i in datasets
                     and datasets[i].name == name), None)

    def need_named(owner: str, text: str) -> DataNeed | None:
        return next((needs[i] for i in state.need_ids.get(int(owner), []) if i in needs
                     and needs[i].description == text), None)

    for need_id, match in zip(need_ids, need_matches, strict=True):
        need = needs.get(need_id)
        if need is None:
            continue
        found = []
        for p in match.producers:
            other = projects.get(p.key)
            dataset = dataset_named(p.key, p.dataset)
            if other is None or dataset is None or not permissions.can_view_project(user, other):
                continue
            if verdicts.get((need.pk, dataset.pk)) == VerdictStatus.INTE_RELEVANT:
                continue
            found.append(ProducerMatch(other, dataset, p.score, p.terms, p.band))
        result.needs.append((need, found[:k]))
    for dataset_id, dmatch in zip(dataset_ids, set_matches, strict=True):
        dataset = datasets.get(dataset_id)
        if dataset is None:
            continue
        consumers = []
        for c in dmatch.consumers:
            other = projects.get(c.key)
            need = need_named(c.key, c.need)
            if other is None or need is None or not permissions.can_view_project(user, other):
                continue
            if verdicts.get((need.pk, dataset.pk)) == VerdictStatus.INTE_RELEVANT:
                continue
            consumers.append(ConsumerMatch(other, need, c.score, c.terms, c.band))
        result.datasets.append((dataset, consumers[:k]))
    return result


def _interest_key(text: str) -> str:
    from motesplats.discovery.engine.index import theme_key

    return theme_key(text)


def people_like(*, person: Person, user: Any, k: int = 5) -> list[RelatedPerson]:
    """People of other organisations who work on the same things: contacts of projects related to the
    person's projects, and people with the same interests."""
    if not permissions.can_view_people(user):
        return []
    mine = list(person.projects.all())
    scores: dict[int, float] = defaultdict(float)
    via: dict[int, list[tuple[Project, Project]]] = defaultdict(list)
    related_ids: dict[int, list[tuple[Project, RelatedProject]]] = defaultdict(list)
    for project in mine:
        for related in similar_projects(project=project, user=user, k=8):
            related_ids[related.project.pk].append((project, related))
    contacts = (Project.contacts.through.objects.filter(project_id__in=list(related_ids))
                .exclude(person_id=person.pk).values_list("project_id", "person_id"))
    for project_id, person_id in contacts:
        for own, related in related_ids[project_id]:
            scores[person_id] += related.score
            via[person_id].append((own, related.project))
    own_interests = {_interest_key(i): i for i in person.interests or [] if isinstance(i, str)}
    shared: dict[int, list[str]] = {}
    if own_interests:
        candidates = Person.objects.exclude(pk=person.pk).exclude(organisation_id=person.organisation_id)
        candidates = candidates.filter(is_anonymised=False).only("pk", "interests")
        for other in candidates:
            theirs = {_interest_key(i) for i in other.interests or [] if isinstance(i, str)}
            common = sorted(own_interests[i] for i in own_interests.keys() & theirs)
            if common:
                shared[other.pk] = common
                scores[other.pk] += 0.15 * len(common)
    people = Person.objects.in_bulk(list(scores))
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    out = []
    for person_id, score in ranked:
        other = people.get(person_id)
        if other is None or other.organisation_id == person.organisation_id or other.is_anonymised:
            continue
        out.append(RelatedPerson(other, round(score, 3), via.get(person_id, [])[:3], shared.get(person_id, [])))
        if len(out) >= k:
            break
    return out


# --- overlap overview for the programme office -------------------------------------------------


@dataclass(frozen=True)
class OverlapPair:
    a: Project
    b: Project
    score: float
    reasons: list[str]
    verdict: str = ""


@dataclass(frozen=True)
class DataOpportunity:
    consumer: Project
    need: DataNeed
    producer: Project
    dataset: Dataset
    score: float
    verdict: str = ""


@dataclass
class Overlap:
    clusters: list[tuple[list[Project], list[OverlapPair]]]
    handled_pairs: list[OverlapPair]
    opportunities: list[DataOpportunity]
    handled_opportunities: list[DataOpportunity]


def overlap_snapshot() -> OverlapSnapshot | None:
    return OverlapSnapshot.objects.order_by("-computed_at", "-pk").first()


def overlap_is_stale(snapshot: OverlapSnapshot | None) -> bool:
    """True when the registry changed after the snapshot was computed (or there is none)."""
    return snapshot is None or snapshot.source != index_store.source_version()


def overlap(*, user: Any, threshold: float = PAIR_THRESHOLD, data_threshold: float = DATA_THRESHOLD,
            snapshot: OverlapSnapshot | None = None) -> Overlap:
    """Clusters of closely related projects across organisations (connected components of the pairs above
    the threshold), and needs of one organisation met by data another collects, from the snapshot the
    background task stored (`services.overlap_compute`): no request computes all pairs. Pairs marked
    "inte relevant" are left out; pairs already handled are listed apart."""
    snapshot = snapshot or overlap_snapshot()
    if snapshot is None:
        return Overlap([], [], [], [])
    hidden = _hidden_keys(user)
    verdicts = _pair_verdicts(None)
    pairs = [(a, b, score, reasons) for a, b, score, reasons in snapshot.payload.get("pairs", [])
             if score >= threshold and a not in hidden and b not in hidden]
    needs_found = [(project, need_index, [p for p in producers if p[0] not in hidden and p[2] >= data_threshold])
                   for project, need_index, producers in snapshot.payload.get("needs", []) if project not in hidden]
    keys = {k for a, b, _, _ in pairs for k in (a, b)} | {m[0] for m in needs_found} | {
        p[0] for m in needs_found for p in m[2]}
    projects = _projects_by_key(sorted(keys))
    graph: nx.Graph[str] = nx.Graph()
    open_pairs: dict[frozenset[str], OverlapPair] = {}
    handled: list[OverlapPair] = []
    for a_key, b_key, score, raw_reasons in sorted(pairs, key=lambda e: (-e[2], e[0], e[1])):
        a, b = projects.get(a_key), projects.get(b_key)
        if a is None or b is None:
            continue
        status = verdicts.get(frozenset((a.pk, b.pk)), "")
        if status == VerdictStatus.INTE_RELEVANT:
            continue
        reasons = tuple(Reason(code, tuple(terms)) for code, terms in raw_reasons)
        item = OverlapPair(a, b, score, render_reasons(reasons, me=a.title, other=b.title, translate=gettext),
                           status)
        if status:
            handled.append(item)
        else:
            open_pairs[frozenset((a_key, b_key))] = item
            graph.add_edge(a_key, b_key)
    clusters = []
    for component in sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))):
        members = sorted((projects[k] for k in component), key=lambda p: p.title)
        cluster_pairs = [p for pair, p in open_pairs.items() if pair <= component]
        clusters.append((members, sorted(cluster_pairs, key=lambda p: -p.score)))
    need_ids = {int(key): ids for key in {m[0] for m in needs_found}
                for ids in [list(DataNeed.objects.filter(project_id=int(key)).order_by("id")
                                 .values_list("pk", flat=True))]}
    needs = DataNeed.objects.in_bulk([i for ids in need_ids.values() for i in ids])
    datasets_by_project: dict[int, list[Dataset]] = defaultdict(list)
    for dataset in Dataset.objects.filter(project_id__in=[int(p[0]) for m in needs_found for p in m[2]]):
        datasets_by_project[dataset.project_id].append(dataset)
    data_verdicts = _data_verdicts(list(needs), [d.pk for ds in datasets_by_project.values() for d in ds])
    opportunities, handled_opps = [], []
    for project_key, need_index, producers in needs_found:
        consumer = projects.get(project_key)
        ids = need_ids.get(int(project_key), [])
        need = needs.get(ids[need_index]) if need_index < len(ids) else None
        if consumer is None or need is None:
            continue
        for producer_key, dataset_name, score, _band in producers:
            producer = projects.get(producer_key)
            if producer is None or producer.owner_id == consumer.owner_id:
                continue
            dataset = next((d for d in datasets_by_project.get(producer.pk, []) if d.name == dataset_name), None)
            if dataset is None:
                continue
            status = data_verdicts.get((need.pk, dataset.pk), "")
            if status == VerdictStatus.INTE_RELEVANT:
                continue
            item = DataOpportunity(consumer, need, producer, dataset, score, status)
            (handled_opps if status else opportunities).append(item)
    opportunities.sort(key=lambda o: (-o.score, o.consumer.pk, o.need.pk))
    return Overlap(clusters, handled, opportunities, handled_opps)
