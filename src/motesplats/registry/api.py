"""The registry's REST API, mounted at /api/registry/. Reads follow the same permissions as the pages;
writes need a signed-in session with the CSRF token (header X-CSRFToken) or an API token
(`Authorization: Bearer ...`, see `motesplats.common.api_auth`)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from motesplats.common import permissions
from motesplats.common.api_auth import api_auth, read_auth
from motesplats.registry import selectors, services
from motesplats.registry.models import DataNeed, Dataset, Organisation, Person, Project

router = Router(tags=["registry"])


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


class ProjectIn(Schema):
    title: str = Field(..., min_length=1, max_length=250)
    owner: str = Field(..., description="Slug of the owner organisation")
    summary: str = ""
    description: str = ""
    status: str = "pågående"
    themes: list[str] = []
    partners: list[str] = Field([], description="Slugs of partner organisations")
    contacts: list[int] = Field([], description="Ids of contact people")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    link: str = ""
    is_public: bool = True


class ProjectPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=250)
    owner: str | None = None
    summary: str | None = None
    description: str | None = None
    status: str | None = None
    themes: list[str] | None = None
    partners: list[str] | None = None
    contacts: list[int] | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    link: str | None = None
    is_public: bool | None = None


class DatasetIn(Schema):
    name: str = Field(..., min_length=1, max_length=300)
    description: str = ""
    format: str = ""
    update_frequency: str = ""
    openness: str = Field("delbar", description="öppen, delbar, intern or personuppgifter")


class DatasetPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = None
    format: str | None = None
    update_frequency: str | None = None
    openness: str | None = None


class DataNeedIn(Schema):
    description: str = Field(..., min_length=1)


class ErrorOut(Schema):
    detail: Any


class ProjectQuery(Schema):
    q: str = ""
    theme: str = Field("", description="Theme slug")
    organisation: str = Field("", description="Organisation slug (owner or partner)")
    status: str = ""
    sort: str = Field("", description='"" (title), "new" or "updated"')


# --- reads ----------------------------------------------------------------------------------------


@router.get("/organisations", response=list[OrganisationOut], auth=read_auth)
@paginate(LimitOffsetPagination)
def list_organisations(request: HttpRequest, q: str = "", kind: str = "") -> Any:
    return selectors.organisation_list(user=request.user, filters=selectors.OrganisationFilters(q=q, kind=kind))


@router.get("/organisations/{slug}", response=OrganisationOut, auth=read_auth)
def get_organisation(request: HttpRequest, slug: str) -> Any:
    return get_object_or_404(Organisation, slug=slug)


@router.get("/projects", response=list[ProjectOut], auth=read_auth)
@paginate(LimitOffsetPagination)
def list_projects(request: HttpRequest, filters: Query[ProjectQuery]) -> Any:
    return selectors.project_list(user=request.user, filters=selectors.ProjectFilters(
        q=filters.q.strip(), theme=filters.theme, organisation=filters.organisation, status=filters.status,
        sort=filters.sort))


@router.get("/projects/{slug}", response={200: ProjectDetailOut, 401: ErrorOut, 404: ErrorOut}, auth=read_auth)
def get_project(request: HttpRequest, slug: str) -> Any:
    project = selectors.project_detail(user=request.user, slug=slug)
    if project is None:
        if Project.objects.filter(slug=slug).exists():
            return Status(401, {"detail": "Sign in to see this project."})
        return Status(404, {"detail": "Not found."})
    return project


@router.get("/datasets", response=list[DatasetOut], auth=read_auth)
@paginate(LimitOffsetPagination)
def list_datasets(request: HttpRequest, q: str = "", openness: str = "") -> Any:
    return selectors.datasets(user=request.user, q=q, openness=openness)


@router.get("/needs", response=list[DataNeedOut], auth=read_auth)
@paginate(LimitOffsetPagination)
def list_data_needs(request: HttpRequest, q: str = "") -> Any:
    return selectors.data_needs(user=request.user, q=q)


@router.get("/people", response=list[PersonOut], auth=api_auth)
@paginate(LimitOffsetPagination)
def list_people(request: HttpRequest, q: str = "", organisation: str = "") -> Any:
    if not permissions.can_view_people(request.user):
        raise HttpError(403, "Not allowed.")
    return selectors.person_list(user=request.user,
                                 filters=selectors.PersonFilters(q=q, organisation=organisation))


@router.get("/people/{pk}", response=PersonOut, auth=api_auth)
def get_person(request: HttpRequest, pk: int) -> Any:
    person = selectors.person_detail(user=request.user, pk=pk)
    if person is None:
        raise HttpError(404, "Not found.")
    return person


# --- writes ---------------------------------------------------------------------------------------


def _relations(payload: dict[str, Any]) -> dict[str, list[str]]:
    """Slugs and ids in the payload -> model instances (in place); returns the unknown ones by field."""
    errors: dict[str, list[str]] = {}
    if payload.get("owner") is not None:
        owner = Organisation.objects.filter(slug=payload["owner"]).first()
        if owner is None:
            errors["owner"] = [f"Unknown organisation: {payload['owner']}"]
        payload["owner"] = owner
    if payload.get("partners") is not None:
        found = {o.slug: o for o in Organisation.objects.filter(slug__in=payload["partners"])}
        missing = [slug for slug in payload["partners"] if slug not in found]
        if missing:
            errors["partners"] = [f"Unknown organisations: {', '.join(missing)}"]
        payload["partners"] = list(found.values())
    if payload.get("contacts") is not None:
        people = {p.pk: p for p in Person.objects.filter(pk__in=payload["contacts"], is_anonymised=False)}
        missing_ids = [str(pk) for pk in payload["contacts"] if pk not in people]
        if missing_ids:
            errors["contacts"] = [f"Unknown people: {', '.join(missing_ids)}"]
        payload["contacts"] = list(people.values())
    return errors


def _detail(request: HttpRequest, project: Project) -> Project:
    found = selectors.project_detail(user=request.user, slug=project.slug)
    assert found is not None
    return found


@router.post("/projects", response={201: ProjectDetailOut, 403: ErrorOut, 422: ErrorOut}, auth=api_auth)
def create_project(request: HttpRequest, payload: ProjectIn) -> Any:
    if not permissions.can_create_project(request.user):
        return Status(403, {"detail": "Not allowed."})
    data = payload.dict()
    if errors := _relations(data):
        return Status(422, {"detail": errors})
    try:
        project = services.project_create(**data, by=request.user)
    except ValidationError as error:
        return Status(422, {"detail": error.message_dict if hasattr(error, "error_dict") else error.messages})
    return Status(201, _detail(request, project))


@router.patch("/projects/{slug}", response={200: ProjectDetailOut, 403: ErrorOut, 404: ErrorOut,
                                             422: ErrorOut}, auth=api_auth)
def update_project(request: HttpRequest, slug: str, payload: ProjectPatch) -> Any:
    project = Project.objects.filter(slug=slug).first()
    if project is None:
        return Status(404, {"detail": "Not found."})
    if not permissions.can_edit_project(request.user, project):
        return Status(403, {"detail": "Not allowed."})
    data = payload.dict(exclude_unset=True)
    if errors := _relations(data):
        return Status(422, {"detail": errors})
    nulls = [name for name in ("owner", "title", "status", "is_public") if name in data and data[name] is None]
    if nulls:
        return Status(422, {"detail": {name: ["May not be null."] for name in nulls}})
    for text_field in ("summary", "description", "link"):
        if text_field in data and data[text_field] is None:
            data[text_field] = ""
    try:
        project = services.project_update(project=project, **data)
    except ValidationError as error:
        return Status(422, {"detail": error.message_dict if hasattr(error, "error_dict") else error.messages})
    return _detail(request, project)


@router.delete("/projects/{slug}", response={204: None, 403: ErrorOut, 404: ErrorOut}, auth=api_auth)
def delete_project(request: HttpRequest, slug: str) -> Any:
    project = Project.objects.filter(slug=slug).first()
    if project is None:
        return Status(404, {"detail": "Not found."})
    if not permissions.can_delete_project(request.user, project):
        return Status(403, {"detail": "Not allowed."})
    services.project_delete(project=project)
    return Status(204, None)


# --- what a project collects and needs ----------------------------------------------------------------


def _validation_detail(error: ValidationError) -> Any:
    return error.message_dict if hasattr(error, "error_dict") else error.messages


def _editable_project(request: HttpRequest, slug: str) -> Project | Status:
    project = Project.objects.filter(slug=slug).first()
    if project is None:
        return Status(404, {"detail": "Not found."})
    if not permissions.can_edit_project(request.user, project):
        return Status(403, {"detail": "Not allowed."})
    return project


@router.post("/projects/{slug}/datasets", response={201: DatasetOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             auth=api_auth)
def create_dataset(request: HttpRequest, slug: str, payload: DatasetIn) -> Any:
    project = _editable_project(request, slug)
    if isinstance(project, Status):
        return project
    try:
        return Status(201, services.dataset_create(project=project, **payload.dict()))
    except ValidationError as error:
        return Status(422, {"detail": _validation_detail(error)})


def _dataset_for_edit(request: HttpRequest, pk: int) -> Dataset | Status:
    dataset = Dataset.objects.filter(pk=pk).select_related("project").first()
    if dataset is None:
        return Status(404, {"detail": "Not found."})
    if not permissions.can_edit_project(request.user, dataset.project):
        return Status(403, {"detail": "Not allowed."})
    return dataset


@router.patch("/datasets/{pk}", response={200: DatasetOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
              auth=api_auth)
def update_dataset(request: HttpRequest, pk: int, payload: DatasetPatch) -> Any:
    dataset = _dataset_for_edit(request, pk)
    if isinstance(dataset, Status):
        return dataset
    changes = payload.dict(exclude_unset=True)
    nulls = [name for name in ("name", "openness") if name in changes and changes[name] is None]
    if nulls:
        return Status(422, {"detail": {name: ["May not be null."] for name in nulls}})
    try:
        return services.dataset_update(dataset=dataset, **{name: "" if value is None else value
                                                           for name, value in changes.items()})
    except ValidationError as error:
        return Status(422, {"detail": _validation_detail(error)})


@router.delete("/datasets/{pk}", response={204: None, 403: ErrorOut, 404: ErrorOut}, auth=api_auth)
def delete_dataset(request: HttpRequest, pk: int) -> Any:
    dataset = _dataset_for_edit(request, pk)
    if isinstance(dataset, Status):
        return dataset
    services.dataset_delete(dataset=dataset)
    return Status(204, None)


@router.post("/projects/{slug}/needs", response={201: DataNeedOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             auth=api_auth)
def create_data_need(request: HttpRequest, slug: str, payload: DataNeedIn) -> Any:
    project = _editable_project(request, slug)
    if isinstance(project, Status):
        return project
    try:
        return Status(201, services.data_need_create(project=project, description=payload.description))
    except ValidationError as error:
        return Status(422, {"detail": _validation_detail(error)})


def _need_for_edit(request: HttpRequest, pk: int) -> DataNeed | Status:
    need = DataNeed.objects.filter(pk=pk).select_related("project").first()
    if need is None:
        return Status(404, {"detail": "Not found."})
    if not permissions.can_edit_project(request.user, need.project):
        return Status(403, {"detail": "Not allowed."})
    return need


@router.patch("/needs/{pk}", response={200: DataNeedOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
              auth=api_auth)
def update_data_need(request: HttpRequest, pk: int, payload: DataNeedIn) -> Any:
    need = _need_for_edit(request, pk)
    if isinstance(need, Status):
        return need
    try:
        return services.data_need_update(need=need, description=payload.description)
    except ValidationError as error:
        return Status(422, {"detail": _validation_detail(error)})


@router.delete("/needs/{pk}", response={204: None, 403: ErrorOut, 404: ErrorOut}, auth=api_auth)
def delete_data_need(request: HttpRequest, pk: int) -> Any:
    need = _need_for_edit(request, pk)
    if isinstance(need, Status):
        return need
    services.data_need_delete(need=need)
    return Status(204, None)
