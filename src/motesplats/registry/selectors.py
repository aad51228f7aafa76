"""Reads of the registry: every list is a fixed number of queries, whatever the number of rows shown."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from motesplats.common import permissions
from motesplats.common.search import Field, search
from motesplats.registry.models import (
    DataNeed,
    Dataset,
    Openness,
    Organisation,
    OrganisationKind,
    Person,
    Project,
    ProjectStatus,
    Theme,
)

# --- projects -------------------------------------------------------------------------------------


def visible_projects(user: Any) -> QuerySet[Project]:
    projects = Project.objects.all()
    if not permissions.can_read_private(user):
        projects = projects.filter(is_public=True)
    return projects


@dataclass(frozen=True)
class ProjectFilters:
    q: str = ""
    theme: str = ""          # theme slug
    organisation: str = ""   # organisation slug: owner or partner
    status: str = ""
    sort: str = ""           # "" (title), "new" (newest first) or "updated" (recently changed first)

    @property
    def active(self) -> bool:
        return bool(self.q or self.theme or self.organisation or self.status)


PROJECT_ORDERINGS = {"": ("title", "pk"), "new": ("-created", "-pk"), "updated": ("-updated", "-pk")}
PROJECT_SEARCH = (Field("title", 1.0), Field("summary", 0.6), Field("description", 0.3), Field("themes__name", 0.6))
ORGANISATION_SEARCH = (Field("name", 1.0), Field("description", 0.3))
PERSON_SEARCH = (Field("name", 1.0), Field("title", 0.6), Field("interests_search", 0.6),
                 Field("organisation__name", 0.3))
DATASET_SEARCH = (Field("name", 1.0), Field("description", 0.3), Field("project__title", 0.6))
NEED_SEARCH = (Field("description", 1.0), Field("project__title", 0.3))


def project_list(*, user: Any, filters: ProjectFilters | None = None) -> QuerySet[Project]:
    """Visible projects that pass the filters: by relevance when there is a query (unless a sort is chosen),
    else by title."""
    filters = filters or ProjectFilters()
    projects = visible_projects(user)
    if filters.theme:
        projects = projects.filter(Exists(Project.themes.through.objects.filter(
            project_id=OuterRef("pk"), theme__slug=filters.theme)))
    if filters.organisation:
        partner = Project.partners.through.objects.filter(project_id=OuterRef("pk"),
                                                           organisation__slug=filters.organisation)
        projects = projects.filter(Q(owner__slug=filters.organisation) | Q(Exists(partner)))
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.q:
        projects = search(projects, filters.q, PROJECT_SEARCH)
    if not filters.q or filters.sort in {"new", "updated"}:
        projects = projects.order_by(*PROJECT_ORDERINGS.get(filters.sort, PROJECT_ORDERINGS[""]))
    return projects.select_related("owner").prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))


def project_detail(*, user: Any, slug: str) -> Project | None:
    """The project with everything its page shows, or None when it does not exist or is not visible."""
    contacts = Person.objects.filter(is_anonymised=False).select_related("organisation").order_by("name")
    return (visible_projects(user)
            .select_related("owner")
            .prefetch_related("themes", "partners", Prefetch("contacts", queryset=contacts),
                              Prefetch("datasets", queryset=Dataset.objects.order_by("name")),
                              Prefetch("data_needs", queryset=DataNeed.objects.order_by("id")))
            .filter(slug=slug).first())


def projects_for_export(*, user: Any, filters: ProjectFilters | None = None) -> QuerySet[Project]:
    return project_list(user=user, filters=filters).prefetch_related("partners", "contacts", "datasets",
                                                                       "data_needs")


def filter_choices(*, user: Any) -> dict[str, list[tuple[str, str]]]:
    """Options of the filter form: themes in use by visible projects, organisations, statuses."""
    visible = visible_projects(user)
    themes = (Theme.objects.filter(Exists(Project.themes.through.objects.filter(
        theme_id=OuterRef("pk"), project__in=visible))).order_by("name").values_list("slug", "name"))
    organisations = Organisation.objects.order_by("name").values_list("slug", "name")
    return {
        "themes": list(themes),
        "organisations": list(organisations),
        "statuses": [(value, str(label)) for value, label in ProjectStatus.choices],
    }


# --- organisations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationFilters:
    q: str = ""
    kind: str = ""

    @property
    def active(self) -> bool:
        return bool(self.q or self.kind)


def organisation_list(*, user: Any, filters: OrganisationFilters | None = None) -> QuerySet[Organisation]:
    filters = filters or OrganisationFilters()
    organisations = Organisation.objects.all()
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.q:
        organisations = search(organisations, filters.q, ORGANISATION_SEARCH)
    else:
        organisations = organisations.order_by("name")
    visible = visible_projects(user)
    owned = visible.filter(owner=OuterRef("pk")).order_by().values("owner").annotate(n=Count("pk")).values("n")
    people = Person.objects.filter(organisation=OuterRef("pk"), is_anonymised=False).order_by().values(
        "organisation").annotate(n=Count("pk")).values("n")
    return organisations.annotate(project_count=_subquery_count(owned), person_count=_subquery_count(people))


def _subquery_count(subquery: QuerySet[Any]) -> Any:
    from django.db.models import IntegerField, Subquery
    from django.db.models.functions import Coalesce

    return Coalesce(Subquery(subquery, output_field=IntegerField()), 0)


def organisation_detail(*, user: Any, slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def organisation_projects(*, user: Any, organisation: Organisation) -> QuerySet[Project]:
    return project_list(user=user, filters=ProjectFilters(organisation=organisation.slug))


def organisation_people(*, user: Any, organisation: Organisation) -> QuerySet[Person]:
    if not permissions.can_view_people(user):
        return Person.objects.none()
    return organisation.people.filter(is_anonymised=False).order_by("name")


# --- people ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFilters:
    q: str = ""
    organisation: str = ""

    @property
    def active(self) -> bool:
        return bool(self.q or self.organisation)


def person_list(*, user: Any, filters: PersonFilters | None = None) -> QuerySet[Person]:
    if not permissions.can_view_people(user):
        return Person.objects.none()
    filters = filters or PersonFilters()
    people = Person.objects.filter(is_anonymised=False)
    if filters.organisation:
        people = people.filter(organisation__slug=filters.organisation)
    people = search(people, filters.q, PERSON_SEARCH) if filters.q else people.order_by("name", "pk")
    projects = Project.contacts.through.objects.filter(person_id=OuterRef("pk")).order_by().values(
        "person_id").annotate(n=Count("pk")).values("n")
    return people.select_related("organisation").annotate(project_count=_subquery_count(projects))


def person_pick(*, user: Any, q: str, exclude: set[str] | None = None, limit: int = 12) -> list[Person]:
    """The person picker's matches: the people search, without those already chosen."""
    people = person_list(user=user, filters=PersonFilters(q=q))
    if exclude:
        people = people.exclude(pk__in=[int(v) for v in exclude if v.isdigit()])
    return list(people[:limit])


def person_detail(*, user: Any, pk: int) -> Person | None:
    if not permissions.can_view_people(user):
        return None
    return (Person.objects.filter(pk=pk, is_anonymised=False).select_related("organisation", "user")
            .prefetch_related(Prefetch("projects", queryset=Project.objects.select_related("owner")
                                       .prefetch_related("themes").order_by("title")))
            .first())


# --- the portfolio in numbers ---------------------------------------------------------------------


@dataclass
class PortfolioNumbers:
    projects: int = 0
    organisations: int = 0
    datasets: int = 0
    needs: int = 0
    people: int = 0
    themes: int = 0
    projects_by_status: list[tuple[str, str, int]] = field(default_factory=list)
    organisations_by_kind: list[tuple[str, str, int]] = field(default_factory=list)
    datasets_by_openness: list[tuple[str, str, int]] = field(default_factory=list)


def _counted(choices: list[tuple[str, Any]], counts: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(value, str(label), counts.get(value, 0)) for value, label in choices]


def portfolio_numbers(*, user: Any) -> PortfolioNumbers:
    projects = visible_projects(user)
    by_status = dict(projects.order_by().values_list("status").annotate(n=Count("pk")))
    by_kind = dict(Organisation.objects.order_by().values_list("kind").annotate(n=Count("pk")))
    datasets = Dataset.objects.filter(project__in=projects)
    by_openness = dict(datasets.order_by().values_list("openness").annotate(n=Count("pk")))
    themes = Theme.objects.filter(Exists(Project.themes.through.objects.filter(
        theme_id=OuterRef("pk"), project__in=projects)))
    return PortfolioNumbers(
        projects=sum(by_status.values()),
        organisations=sum(by_kind.values()),
        datasets=sum(by_openness.values()),
        needs=DataNeed.objects.filter(project__in=projects).count(),
        people=Person.objects.filter(is_anonymised=False).count(),
        themes=themes.count(),
        projects_by_status=_counted(ProjectStatus.choices, by_status),
        organisations_by_kind=_counted(OrganisationKind.choices, by_kind),
        datasets_by_openness=_counted(Openness.choices, by_openness),
    )


def common_themes(*, user: Any, limit: int = 15) -> list[Theme]:
    projects = visible_projects(user)
    return list(Theme.objects.annotate(n=Count("projects", filter=Q(projects__in=projects)))
                .filter(n__gt=0).order_by("-n", "name")[:limit])


def recent_projects(*, user: Any, limit: int = 6) -> list[Project]:
    return list(visible_projects(user).select_related("owner").prefetch_related("themes")
                .order_by("-created", "-pk")[:limit])


def datasets(*, user: Any, q: str = "", openness: str = "") -> QuerySet[Dataset]:
    """Datasets of visible projects, by relevance to `q` when given (else by name): the dataset search that
    a catalogue page can reuse."""
    items = Dataset.objects.filter(project__in=visible_projects(user))
    if openness:
        items = items.filter(openness=openness)
    items = search(items, q, DATASET_SEARCH) if q.strip() else items.order_by("name", "pk")
    return items.select_related("project")


def data_needs(*, user: Any, q: str = "") -> QuerySet[DataNeed]:
    items = DataNeed.objects.filter(project__in=visible_projects(user))
    items = search(items, q, NEED_SEARCH) if q.strip() else items.order_by("project__title", "pk")
    return items.select_related("project")


def people_by_email(emails: Iterable[str]) -> dict[str, Person]:
    """The registry's people with these e-mail addresses (case-insensitively), by address in lower case.

    Anonymised people are never found. Where several share an address, the one with an account wins, then the
    one added first.
    """
    wanted = {email.strip().lower() for email in emails if email and email.strip()}
    if not wanted:
        return {}
    found: dict[str, Person] = {}
    people = (Person.objects.filter(is_anonymised=False).annotate(email_lower=Lower("email"))
              .filter(email_lower__in=wanted).select_related("organisation").order_by("pk"))
    for person in people:
        address = person.email.lower()
        best = found.get(address)
        if best is None or (best.user_id is None and person.user_id is not None):
            found[address] = person
    return found
