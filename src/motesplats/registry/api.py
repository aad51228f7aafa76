"""The registry's REST API, mounted at /api/registry/. Reads follow the same permissions as the pages
(anonymous callers read public projects, their data and the organisations); writes need a signed-in session
with the CSRF token (header X-CSRFToken) or an API token (`Authorization: Bearer ...`, see
`motesplats.common.api_auth`). Errors are problems (`motesplats.common.api_problems`)."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from motesplats.common import permissions
from motesplats.common.api import InputSchema, Pagination, one_of
from motesplats.common.api_auth import read_auth
from motesplats.common.api_problems import problems
from motesplats.common.errors import FieldError, InvalidInput, NotAllowed, NotFound
from motesplats.common.validation import Date, Id, SearchText, Slug, Text
from motesplats.registry import selectors, services
from motesplats.registry.models import (
    DataNeed,
    Dataset,
    Openness,
    Organisation,
    OrganisationKind,
    Person,
    Project,
    ProjectStatus,
)

router = Router(tags=["registry"])

LONG_TEXT = 20_000  # descriptions (TextField): long, but bounded


# --- schemas --------------------------------------------------------------------------------------


class OrganisationRef(Schema):
    slug: str
    name: str


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    description: str
    website: str


class ProjectOut(Schema):
    slug: str
    title: str
    summary: str
    status: str
    is_public: bool
    owner: OrganisationRef
    themes: list[str]
    start_date: dt.date | None
    end_date: dt.date | None

    @staticmethod
    def resolve_themes(obj: Project) -> list[str]:
        return [theme.name for theme in obj.themes.all()]


class DatasetOut(Schema):
    id: int
    project: str = Field(..., alias="project.slug")
    name: str
    description: str
    format: str
    update_frequency: str
    openness: str


class DataNeedOut(Schema):
    id: int
    project: str = Field(..., alias="project.slug")
    description: str


class ContactOut(Schema):
    id: int
    name: str
    title: str
    organisation: str
    email: str | None = Field(None, description="Only for signed-in users")


class ProjectDetailOut(ProjectOut):
    description: str
    link: str
    partners: list[OrganisationRef]
    contacts: list[ContactOut]
    datasets: list[DatasetOut]
    data_needs: list[DataNeedOut]

    @staticmethod
    def resolve_partners(obj: Project) -> list[Organisation]:
        return list(obj.partners.all())

    @staticmethod
    def resolve_datasets(obj: Project) -> list[Any]:
        return list(obj.datasets.all())

    @staticmethod
    def resolve_data_needs(obj: Project) -> list[Any]:
        return list(obj.data_needs.all())

    @staticmethod
    def resolve_contacts(obj: Project, context: dict[str, Any]) -> list[dict[str, Any]]:
        show_email = permissions.can_view_contact_details(context["request"].user)
        return [{"id": p.pk, "name": p.name, "title": p.title, "organisation": p.organisation.name,
                 "email": p.email if show_email else None} for p in obj.contacts.all()]


class PersonOut(Schema):
    id: int
    name: str
    title: str
    email: str
    organisation: OrganisationRef
    interests: list[str]
    languages: list[str]


ThemeName = Annotated[Text, Field(min_length=1, max_length=80)]
OrganisationSlug = Annotated[Slug, Field(description="Slug of an organisation")]


class ProjectIn(InputSchema):
    title: Text = Field(..., min_length=1, max_length=250)
    owner: OrganisationSlug = Field(..., description="Slug of the owner organisation")
    summary: Text = Field("", max_length=500)
    description: Text = Field("", max_length=LONG_TEXT)
    status: one_of(ProjectStatus) = ProjectStatus.PAGAENDE.value  # type: ignore[valid-type]
    themes: list[ThemeName] = Field([], max_length=50)
    partners: list[OrganisationSlug] = Field([], max_length=200, description="Slugs of partner organisations")
    contacts: list[Id] = Field([], max_length=200, description="Ids of contact people")
    start_date: Date | None = None
    end_date: Date | None = None
    link: Text = Field("", max_length=200)
    is_public: bool = True


class ProjectPatch(InputSchema):
    title: Text | None = Field(None, min_length=1, max_length=250)
    owner: OrganisationSlug | None = None
    summary: Text | None = Field(None, max_length=500)
    description: Text | None = Field(None, max_length=LONG_TEXT)
    status: one_of(ProjectStatus) | None = None  # type: ignore[valid-type]
    themes: list[ThemeName] | None = Field(None, max_length=50)
    partners: list[OrganisationSlug] | None = Field(None, max_length=200)
    contacts: list[Id] | None = Field(None, max_length=200)
    start_date: Date | None = None
    end_date: Date | None = None
    link: Text | None = Field(None, max_length=200)
    is_public: bool | None = None


class DatasetIn(InputSchema):
    name: Text = Field(..., min_length=1, max_length=300)
    description: Text = Field("", max_length=LONG_TEXT)
    format: Text = Field("", max_length=100)
    update_frequency: Text = Field("", max_length=100)
    openness: one_of(Openness) = Openness.DELBAR.value  # type: ignore[valid-type]


class DatasetPatch(InputSchema):
    name: Text | None = Field(None, min_length=1, max_length=300)
    description: Text | None = Field(None, max_length=LONG_TEXT)
    format: Text | None = Field(None, max_length=100)
    update_frequency: Text | None = Field(None, max_length=100)
    openness: one_of(Openness) | None = None  # type: ignore[valid-type]


class DataNeedIn(InputSchema):
    description: Text = Field(..., min_length=1, max_length=LONG_TEXT)


class ProjectQuery(Schema):
    q: SearchText = ""
    theme: Annotated[str, Field(max_length=100, description="Theme slug")] = ""
    organisation: Annotated[str, Field(max_length=220, description="Organisation slug (owner or partner)")] = ""
    status: one_of(ProjectStatus, blank=True) = ""  # type: ignore[valid-type]
    sort: one_of(["", "new", "updated"]) = Field("", description='"" (title), "new" or "updated"')  # type: ignore[valid-type]


# --- reads ----------------------------------------------------------------------------------------


@router.get("/organisations", response=list[OrganisationOut], auth=read_auth)
@paginate(Pagination)
def list_organisations(request: HttpRequest, q: SearchText = "",
                       kind: one_of(OrganisationKind, blank=True) = "") -> Any:  # type: ignore[valid-type]
    return selectors.organisation_list(user=request.user, filters=selectors.OrganisationFilters(q=q, kind=kind))


@router.get("/organisations/{slug}", response={200: OrganisationOut, **problems(404)}, auth=read_auth)
def get_organisation(request: HttpRequest, slug: Slug) -> Any:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise NotFound()
    return organisation


@router.get("/projects", response=list[ProjectOut], auth=read_auth)
@paginate(Pagination)
def list_projects(request: HttpRequest, filters: Query[ProjectQuery]) -> Any:
    return selectors.project_list(user=request.user, filters=selectors.ProjectFilters(
        q=filters.q.strip(), theme=filters.theme, organisation=filters.organisation, status=filters.status,
        sort=filters.sort))


@router.get("/projects/{slug}", response={200: ProjectDetailOut, **problems(404)}, auth=read_auth)
def get_project(request: HttpRequest, slug: Slug) -> Any:
    """A project the caller may see; a private project answers an anonymous caller as an unknown one does."""
    project = selectors.project_detail(user=request.user, slug=slug)
    if project is None:
        raise NotFound()
    return project


@router.get("/datasets", response=list[DatasetOut], auth=read_auth)
@paginate(Pagination)
def list_datasets(request: HttpRequest, q: SearchText = "",
                  openness: one_of(Openness, blank=True) = "") -> Any:  # type: ignore[valid-type]
    return selectors.datasets(user=request.user, q=q, openness=openness)


@router.get("/needs", response=list[DataNeedOut], auth=read_auth)
@paginate(Pagination)
def list_data_needs(request: HttpRequest, q: SearchText = "") -> Any:
    return selectors.data_needs(user=request.user, q=q)


@router.get("/people", response={200: list[PersonOut], **problems(403)})
@paginate(Pagination)
def list_people(request: HttpRequest, q: SearchText = "",
                organisation: Annotated[str, Field(max_length=220)] = "") -> Any:
    if not permissions.can_view_people(request.user):
        raise NotAllowed()
    return selectors.person_list(user=request.user,
                                 filters=selectors.PersonFilters(q=q, organisation=organisation))


@router.get("/people/{pk}", response={200: PersonOut, **problems(404)})
def get_person(request: HttpRequest, pk: Id) -> Any:
    person = selectors.person_detail(user=request.user, pk=pk)
    if person is None:
        raise NotFound()
    return person


# --- writes ---------------------------------------------------------------------------------------


def _relations(payload: dict[str, Any]) -> None:
    """Slugs and ids in the payload -> model instances (in place); unknown ones are invalid input."""
    errors: list[FieldError] = []
    if payload.get("owner") is not None:
        owner = Organisation.objects.filter(slug=payload["owner"]).first()
        if owner is None:
            errors.append(FieldError("owner", _unknown("organisation", [payload["owner"]]), "unknown"))
        payload["owner"] = owner
    if payload.get("partners") is not None:
        found = {o.slug: o for o in Organisation.objects.filter(slug__in=payload["partners"])}
        missing = [slug for slug in payload["partners"] if slug not in found]
        if missing:
            errors.append(FieldError("partners", _unknown("organisation", missing), "unknown"))
        payload["partners"] = list(found.values())
    if payload.get("contacts") is not None:
        people = {p.pk: p for p in Person.objects.filter(pk__in=payload["contacts"], is_anonymised=False)}
        missing = [str(pk) for pk in payload["contacts"] if pk not in people]
        if missing:
            errors.append(FieldError("contacts", _unknown("person", missing), "unknown"))
        payload["contacts"] = list(people.values())
    if errors:
        raise InvalidInput(field_errors=errors)


def _unknown(kind: str, names: list[str]) -> str:
    from django.utils.translation import gettext as _

    listed = ", ".join(names[:20])
    if kind == "organisation":
        return _("Okänd organisation: %(names)s") % {"names": listed}
    return _("Okänd person: %(names)s") % {"names": listed}


def _not_null(data: dict[str, Any], names: tuple[str, ...]) -> None:
    from django.utils.translation import gettext as _

    nulls = [name for name in names if name in data and data[name] is None]
    if nulls:
        raise InvalidInput(field_errors=[FieldError(name, _("Får inte vara null."), "not_null") for name in nulls])


def _detail(request: HttpRequest, project: Project) -> Project:
    found = selectors.project_detail(user=request.user, slug=project.slug)
    assert found is not None
    return found


@router.post("/projects", response={201: ProjectDetailOut, **problems(403)})
def create_project(request: HttpRequest, payload: ProjectIn) -> Any:
    if not permissions.can_create_project(request.user):
        raise NotAllowed()
    data = payload.dict()
    _relations(data)
    project = services.project_create(**data, by=request.user)
    return Status(201, _detail(request, project))


def _editable_project(request: HttpRequest, slug: str) -> Project:
    project = Project.objects.filter(slug=slug).first()
    if project is None or not permissions.can_view_project(request.user, project):
        raise NotFound()
    if not permissions.can_edit_project(request.user, project):
        raise NotAllowed()
    return project


@router.patch("/projects/{slug}", response={200: ProjectDetailOut, **problems(403, 404)})
def update_project(request: HttpRequest, slug: Slug, payload: ProjectPatch) -> Any:
    project = _editable_project(request, slug)
    data = payload.dict(exclude_unset=True)
    _not_null(data, ("owner", "title", "status", "is_public", "themes", "partners", "contacts"))
    _relations(data)
    for text_field in ("summary", "description", "link"):
        if text_field in data and data[text_field] is None:
            data[text_field] = ""
    project = services.project_update(project=project, **data)
    return _detail(request, project)


@router.delete("/projects/{slug}", response={204: None, **problems(403, 404)})
def delete_project(request: HttpRequest, slug: Slug) -> Any:
    project = Project.objects.filter(slug=slug).first()
    if project is None or not permissions.can_view_project(request.user, project):
        raise NotFound()
    if not permissions.can_delete_project(request.user, project):
        raise NotAllowed()
    services.project_delete(project=project)
    return Status(204, None)


# --- what a project collects and needs ----------------------------------------------------------------


@router.post("/projects/{slug}/datasets", response={201: DatasetOut, **problems(403, 404)})
def create_dataset(request: HttpRequest, slug: Slug, payload: DatasetIn) -> Any:
    project = _editable_project(request, slug)
    return Status(201, services.dataset_create(project=project, **payload.dict()))


def _dataset_for_edit(request: HttpRequest, pk: int) -> Dataset:
    dataset = Dataset.objects.filter(pk=pk).select_related("project").first()
    if dataset is None or not permissions.can_view_project(request.user, dataset.project):
        raise NotFound()
    if not permissions.can_edit_project(request.user, dataset.project):
        raise NotAllowed()
    return dataset


@router.patch("/datasets/{pk}", response={200: DatasetOut, **problems(403, 404)})
def update_dataset(request: HttpRequest, pk: Id, payload: DatasetPatch) -> Any:
    dataset = _dataset_for_edit(request, pk)
    changes = payload.dict(exclude_unset=True)
    _not_null(changes, ("name", "openness"))
    return services.dataset_update(dataset=dataset, **{name: "" if value is None else value
                                                       for name, value in changes.items()})


@router.delete("/datasets/{pk}", response={204: None, **problems(403, 404)})
def delete_dataset(request: HttpRequest, pk: Id) -> Any:
    services.dataset_delete(dataset=_dataset_for_edit(request, pk))
    return Status(204, None)


@router.post("/projects/{slug}/needs", response={201: DataNeedOut, **problems(403, 404)})
def create_data_need(request: HttpRequest, slug: Slug, payload: DataNeedIn) -> Any:
    project = _editable_project(request, slug)
    return Status(201, services.data_need_create(project=project, description=payload.description))


def _need_for_edit(request: HttpRequest, pk: int) -> DataNeed:
    need = DataNeed.objects.filter(pk=pk).select_related("project").first()
    if need is None or not permissions.can_view_project(request.user, need.project):
        raise NotFound()
    if not permissions.can_edit_project(request.user, need.project):
        raise NotAllowed()
    return need


@router.patch("/needs/{pk}", response={200: DataNeedOut, **problems(403, 404)})
def update_data_need(request: HttpRequest, pk: Id, payload: DataNeedIn) -> Any:
    return services.data_need_update(need=_need_for_edit(request, pk), description=payload.description)


@router.delete("/needs/{pk}", response={204: None, **problems(403, 404)})
def delete_data_need(request: HttpRequest, pk: Id) -> Any:
    services.data_need_delete(need=_need_for_edit(request, pk))
    return Status(204, None)
