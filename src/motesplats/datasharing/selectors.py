"""Reads of data sharing: the catalogue, requests and agreements a user may see, the data flows and their figures.

Every read takes the user: the public sees open datasets of public projects; a request that is not public is
seen only by its parties and the programme office.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from motesplats.common import permissions
from motesplats.common.search import Field, search
from motesplats.datasharing.models import Agreement, AgreementStatus, DataRequest, RequestStatus, Step
from motesplats.registry.models import Dataset, Openness, Organisation, Person, Project, Theme

DATASET_SEARCH = (Field("name", 1.0), Field("description", 0.4), Field("project__title", 0.6),
                  Field("project__owner__name", 0.3), Field("format", 0.3))


# --- the catalogue --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    openness: str = ""
    theme: str = ""         # theme slug
    organisation: str = ""  # slug of the owner organisation
    format: str = ""
    frequency: str = ""

    @property
    def active(self) -> bool:
        return any((self.q, self.openness, self.theme, self.organisation, self.format, self.frequency))


def visible_datasets(user: Any) -> QuerySet[Dataset]:
    if permissions.can_read_private(user):
        return Dataset.objects.all()
    return Dataset.objects.filter(openness=Openness.OPPEN, project__is_public=True)


def catalogue(*, user: Any, filters: CatalogueFilters | None = None) -> QuerySet[Dataset]:
    """The datasets `user` may see that pass the filters: by relevance when there is a query, else by name."""
    filters = filters or CatalogueFilters()
    items = visible_datasets(user)
    if filters.openness:
        items = items.filter(openness=filters.openness)
    if filters.theme:
        items = items.filter(Exists(Project.themes.through.objects.filter(
            project_id=OuterRef("project_id"), theme__slug=filters.theme)))
    if filters.organisation:
        items = items.filter(project__owner__slug=filters.organisation)
    if filters.format:
        items = items.filter(format__iexact=filters.format)
    if filters.frequency:
        items = items.filter(update_frequency__iexact=filters.frequency)
    items = search(items, filters.q, DATASET_SEARCH) if filters.q.strip() else items.order_by("name", "pk")
    return items.select_related("project__owner").prefetch_related(
        Prefetch("project__themes", queryset=Theme.objects.order_by("name")))


def catalogue_choices(*, user: Any) -> dict[str, list[tuple[str, str]]]:
    visible = visible_datasets(user)
    themes = Theme.objects.filter(Exists(Project.themes.through.objects.filter(
        theme_id=OuterRef("pk"), project__datasets__in=visible))).order_by("name").values_list("slug", "name")
    organisations = Organisation.objects.filter(Exists(visible.filter(project__owner=OuterRef("pk")))).order_by(
        "name").values_list("slug", "name")

    def distinct(name: str) -> list[tuple[str, str]]:
        values = sorted({v.strip() for v in visible.values_list(name, flat=True) if v and v.strip()}, key=str.lower)
        return [(v, v) for v in values]

    return {"themes": list(themes), "organisations": list(organisations), "formats": distinct("format"),
            "frequencies": distinct("update_frequency"),
            "openness": [(value, str(label)) for value, label in Openness.choices
                         if permissions.can_read_private(user) or value == Openness.OPPEN]}


def dataset_detail(*, user: Any, pk: int) -> Dataset | None:
    dataset = (Dataset.objects.select_related("project__owner")
               .prefetch_related(Prefetch("project__contacts", queryset=Person.objects.filter(
                   is_anonymised=False).select_related("organisation").order_by("name")), "project__themes")
               .filter(pk=pk).first())
    if dataset is None or not permissions.can_view_dataset(user, dataset):
        return None
    return dataset


def dataset_needs(*, user: Any, dataset: Dataset, k: int = 8) -> list[Any]:
    """Who needs the dataset: the discovery engine's matched needs of other projects, best first."""
    from motesplats.discovery.selectors import data_matches_for_project

    if not permissions.can_view_project(user, dataset.project):
        return []
    matches = data_matches_for_project(project=dataset.project, user=user, k=k)
    for found, consumers in matches.datasets:
        if found.pk == dataset.pk:
            return [c for c in consumers if not c.is_weak]
    return []


# --- requests and agreements ----------------------------------------------------------------------


def _party_filter(user: Any) -> Q:
    person = permissions.person_of(user)
    if person is None:
        return Q(pk__in=[])
    my_projects = Project.contacts.through.objects.filter(person_id=person.pk).values("project_id")
    return Q(requester_id=person.pk) | Q(project_id__in=my_projects) | Q(dataset__project_id__in=my_projects)


def visible_requests(user: Any) -> QuerySet[DataRequest]:
    if not permissions.is_signed_in(user):
        return DataRequest.objects.none()
    if permissions.is_organiser(user):
        return DataRequest.objects.all()
    return DataRequest.objects.filter(_party_filter(user) | Q(is_public=True))


def _with_relations(items: QuerySet[DataRequest]) -> QuerySet[DataRequest]:
    return items.select_related("dataset__project__owner", "requester__organisation", "project__owner",
                                "agreement")


def request_list(*, user: Any, status: str = "", dataset: Dataset | None = None) -> QuerySet[DataRequest]:
    items = visible_requests(user)
    if status:
        items = items.filter(status=status)
    if dataset is not None:
        items = items.filter(dataset=dataset)
    return _with_relations(items).order_by("-created", "-pk")


@dataclass
class MyRequests:
    to_answer: list[DataRequest] = field(default_factory=list)     # tasks: requests for my data, open
    waiting_on_me: list[DataRequest] = field(default_factory=list)  # my requests with a question to answer
    mine: list[DataRequest] = field(default_factory=list)
    for_my_data: list[DataRequest] = field(default_factory=list)

    @property
    def tasks(self) -> int:
        return len(self.to_answer) + len(self.waiting_on_me)


def my_requests(*, user: Any) -> MyRequests:
    """The person's tasks and requests, both ways."""
    result = MyRequests()
    person = permissions.person_of(user)
    if person is None:
        return result
    my_projects = list(Project.contacts.through.objects.filter(person_id=person.pk).values_list("project_id", flat=True))
    items = _with_relations(DataRequest.objects.filter(
        Q(requester_id=person.pk) | Q(project_id__in=my_projects) | Q(dataset__project_id__in=my_projects)))
    for item in items.order_by("-created", "-pk"):
        owner = item.dataset.project_id in my_projects
        if owner:
            result.for_my_data.append(item)
            if item.status == RequestStatus.OPEN:
                result.to_answer.append(item)
        if item.requester_id == person.pk or item.project_id in my_projects:
            result.mine.append(item)
            if item.status == RequestStatus.QUESTION:
                result.waiting_on_me.append(item)
    return result


def task_count(*, user: Any) -> int:
    """Requests that wait for this person: to answer as owner, or a question to reply to."""
    person = permissions.person_of(user)
    if person is None:
        return 0
    my_projects = Project.contacts.through.objects.filter(person_id=person.pk).values("project_id")
    return DataRequest.objects.filter(
        Q(status=RequestStatus.OPEN, dataset__project_id__in=my_projects)
        | Q(status=RequestStatus.QUESTION) & (Q(requester_id=person.pk) | Q(project_id__in=my_projects))).count()


def request_detail(*, user: Any, pk: int) -> DataRequest | None:
    item = _with_relations(DataRequest.objects.filter(pk=pk)).prefetch_related(
        Prefetch("steps", queryset=Step.objects.order_by("at", "pk"))).first()
    if item is None or not permissions.can_view_data_request(user, item):
        return None
    return item


def agreement_list(*, user: Any) -> QuerySet[Agreement]:
    return (Agreement.objects.filter(request__in=visible_requests(user))
            .select_related("producer", "consumer", "request__dataset__project", "request__project")
            .order_by("-created", "-pk"))


def agreement_detail(*, user: Any, pk: int) -> Agreement | None:
    agreement = (Agreement.objects.select_related("producer", "consumer", "request__dataset__project__owner",
                                                  "request__requester__organisation", "request__project__owner")
                 .prefetch_related(Prefetch("request__steps", queryset=Step.objects.order_by("at", "pk")))
                 .filter(pk=pk).first())
    if agreement is None or not permissions.can_view_data_request(user, agreement.request):
        return None
    return agreement


def steps_for_export(*, user: Any, request: DataRequest | None = None) -> QuerySet[Step]:
    steps = Step.objects.filter(request__in=visible_requests(user))
    if request is not None:
        steps = steps.filter(request=request)
    return steps.select_related("request__dataset", "agreement").order_by("request_id", "at", "pk")


# --- data flows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlowFilters:
    theme: str = ""
    status: str = ""


@dataclass
class Flow:
    agreement: Agreement
    themes: list[str]


@dataclass
class FlowFigures:
    """Counts over time (by month) and the median days from a request to its first answer."""

    months: list[str] = field(default_factory=list)
    made: list[int] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)
    accepted: list[int] = field(default_factory=list)
    median_days_to_answer: float | None = None
    total_made: int = 0
    total_answered: int = 0
    total_accepted: int = 0


def flows(*, user: Any, filters: FlowFilters | None = None) -> list[Flow]:
    """Agreements the user may see, as arrows from producer to consumer organisation."""
    filters = filters or FlowFilters()
    items = agreement_list(user=user).prefetch_related(
        Prefetch("request__dataset__project__themes", queryset=Theme.objects.order_by("name")))
    if filters.status:
        items = items.filter(status=filters.status)
    if filters.theme:
        items = items.filter(Exists(Project.themes.through.objects.filter(
            project_id=OuterRef("request__dataset__project_id"), theme__slug=filters.theme)))
    return [Flow(a, [t.name for t in a.request.dataset.project.themes.all()]) for a in items]


def flow_graph(items: list[Flow]) -> dict[str, Any]:
    """Nodes (organisations) and edges (agreements) for the picture, as plain data."""
    nodes: dict[int, dict[str, Any]] = {}
    edges = []
    for flow in items:
        a = flow.agreement
        for org in (a.producer, a.consumer):
            nodes.setdefault(org.pk, {"id": f"o{org.pk}", "label": org.name, "url": org.get_absolute_url()})
        edges.append({"id": f"a{a.pk}", "source": f"o{a.producer_id}", "target": f"o{a.consumer_id}",
                      "status": a.status, "status_label": str(a.get_status_display()),
                      "label": a.request.dataset.name, "url": a.get_absolute_url()})
    return {"nodes": list(nodes.values()), "edges": edges}


def flow_figures(*, user: Any, months: int = 12) -> FlowFigures:
    """Requests made, answered and accepted per month (the last `months`), and the median days to an answer.
    Counts of every request for everyone signed in (they name no one: the city leadership reads them too);
    the arrows and tables show only the requests the user may see."""
    if not permissions.is_signed_in(user):
        return FlowFigures()
    requests = list(DataRequest.objects.values_list("created", "answered_at", "status"))
    now = timezone.localtime()
    keys = []
    year, month = now.year, now.month
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    keys.reverse()
    made, answered, accepted = Counter[str](), Counter[str](), Counter[str]()
    days = []
    for created, answered_at, status in requests:
        made[timezone.localtime(created).strftime("%Y-%m")] += 1
        if answered_at is not None:
            answered[timezone.localtime(answered_at).strftime("%Y-%m")] += 1
            days.append((answered_at - created).total_seconds() / 86400)
        if status == RequestStatus.ACCEPTED:
            accepted[timezone.localtime(answered_at or created).strftime("%Y-%m")] += 1
    return FlowFigures(
        months=keys, made=[made[k] for k in keys], answered=[answered[k] for k in keys],
        accepted=[accepted[k] for k in keys],
        median_days_to_answer=round(statistics.median(days), 1) if days else None,
        total_made=len(requests), total_answered=sum(1 for r in requests if r[1] is not None),
        total_accepted=sum(1 for r in requests if r[2] == RequestStatus.ACCEPTED))


def flow_theme_choices(*, user: Any) -> list[tuple[str, str]]:
    themes = defaultdict(str)
    for flow in flows(user=user):
        for theme in flow.agreement.request.dataset.project.themes.all():
            themes[theme.slug] = theme.name
    return sorted(themes.items(), key=lambda item: item[1].lower())


def status_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in AgreementStatus.choices]
