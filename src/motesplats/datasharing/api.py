"""Data requests, agreements and data flows, mounted at /api/datasharing/. The same rights as the pages: only
the parties and the programme office see a request that is not public; the owner side answers, the requesting
side replies or withdraws. Steps are POSTed; a repeated step (a double submit) changes nothing."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from motesplats.common import permissions
from motesplats.common.api import InputSchema, Pagination, one_of
from motesplats.common.api_problems import problems
from motesplats.common.errors import NotAllowed, NotFound
from motesplats.common.validation import Id, Text
from motesplats.datasharing import selectors, services
from motesplats.datasharing.models import AgreementStatus, DeliveryRoute, Frequency, RequestStatus
from motesplats.registry.models import DataNeed, Dataset, Project

router = Router(tags=["datasharing"])


class StepOut(Schema):
    action: str
    from_status: str
    to_status: str
    by: str = Field(..., alias="actor_name")
    note: str
    at: dt.datetime


class DataRequestOut(Schema):
    id: int
    dataset: int = Field(..., alias="dataset_id")
    dataset_name: str = Field(..., alias="dataset.name")
    producer: str = Field(..., alias="dataset.project.owner.name")
    requester: str = Field(..., alias="requester.name")
    project: str | None = None
    purpose: str
    fields: str
    frequency: str
    personal_data: bool
    is_public: bool
    status: str
    created: dt.datetime
    answered_at: dt.datetime | None
    agreement: int | None = None

    @staticmethod
    def resolve_project(obj: Any) -> str | None:
        return obj.project.slug if obj.project else None

    @staticmethod
    def resolve_agreement(obj: Any) -> int | None:
        return obj.agreement.pk if obj.status == RequestStatus.ACCEPTED and hasattr(obj, "agreement") else None


class DataRequestDetailOut(DataRequestOut):
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj: Any) -> list[Any]:
        return list(obj.steps.all())


class AgreementOut(Schema):
    id: int
    request: int = Field(..., alias="request_id")
    dataset: str = Field(..., alias="request.dataset.name")
    producer: str = Field(..., alias="producer.name")
    consumer: str = Field(..., alias="consumer.name")
    status: str
    licence: str
    delivery_route: str
    legal_basis: str
    dpia_needed: bool
    conditions: str
    created: dt.datetime


class DataRequestIn(InputSchema):
    dataset: Id
    purpose: Text = Field(..., min_length=1, max_length=5000)
    fields: Text = Field("", max_length=5000)
    frequency: one_of(Frequency) = Frequency.ONCE.value  # type: ignore[valid-type]
    personal_data: bool = False
    is_public: bool = False
    project: str | None = Field(None, max_length=300, description="Slug of the requesting project")
    need: Id | None = None
    idempotency_key: str = Field("", max_length=64, description="The same key again returns the same request")


class RequestStepIn(InputSchema):
    step: one_of(["ask", "reply", "accept", "decline", "withdraw"])  # type: ignore[valid-type]
    text: Text = Field("", max_length=5000, description="The question, answer or reason")
    licence: Text = Field("", max_length=200, description="accept: the licence")
    delivery_route: one_of(DeliveryRoute, blank=True) = ""  # type: ignore[valid-type]
    legal_basis: Text = Field("", max_length=300, description="accept: required when personal data")
    dpia_needed: bool = False
    conditions: Text = Field("", max_length=5000)


class AgreementStepIn(InputSchema):
    step: one_of(["deliver", "in_use", "end"])  # type: ignore[valid-type]
    note: Text = Field("", max_length=5000)


class FlowEdge(Schema):
    agreement: int
    producer: str
    consumer: str
    dataset: str
    status: str
    themes: list[str]


class FlowsOut(Schema):
    edges: list[FlowEdge]
    months: list[str]
    made: list[int]
    answered: list[int]
    accepted: list[int]
    median_days_to_answer: float | None
    total_made: int
    total_answered: int
    total_accepted: int


def _request(request: HttpRequest, pk: int) -> Any:
    found = selectors.request_detail(user=request.user, pk=pk)
    if found is None:
        raise NotFound()
    return found


@router.get("/requests", response={200: list[DataRequestOut], **problems(403)})
@paginate(Pagination)
def list_requests(request: HttpRequest, status: one_of(RequestStatus, blank=True) = "") -> Any:  # type: ignore[valid-type]
    """The requests the caller may see: their own both ways, public ones, and all for the programme office."""
    return selectors.request_list(user=request.user, status=status)


@router.post("/requests", response={201: DataRequestDetailOut, 200: DataRequestDetailOut,
                                    **problems(403, 404, 422)})
def create_request(request: HttpRequest, payload: DataRequestIn) -> Any:
    """Ask a dataset's owners for it; 200 with the existing request when it was already made (same key, or one
    still open for the same dataset and project)."""
    dataset = Dataset.objects.select_related("project").filter(pk=payload.dataset).first()
    if dataset is None or not permissions.can_view_dataset(request.user, dataset):
        raise NotFound()
    if not permissions.can_request_data(request.user, dataset):
        raise NotAllowed()
    project = Project.objects.filter(slug=payload.project).first() if payload.project else None
    if payload.project and project is None:
        raise NotFound()
    need = DataNeed.objects.filter(pk=payload.need).first() if payload.need else None
    made, created = services.data_request_create(
        by=request.user, dataset=dataset, purpose=payload.purpose, fields=payload.fields,
        frequency=payload.frequency, personal_data=payload.personal_data, project=project, need=need,
        is_public=payload.is_public, idempotency_key=payload.idempotency_key)
    return Status(201 if created else 200, _request(request, made.pk))


@router.get("/requests/{pk}", response={200: DataRequestDetailOut, **problems(404)})
def get_request(request: HttpRequest, pk: Id) -> Any:
    return _request(request, pk)


@router.post("/requests/{pk}/steps", response={200: DataRequestDetailOut, **problems(403, 404, 409, 422)})
def request_step(request: HttpRequest, pk: Id, payload: RequestStepIn) -> Any:
    """Take a step: ask, decline, accept (owner side); reply, withdraw (requesting side)."""
    found = _request(request, pk)
    if payload.step == "accept":
        services.data_request_accept(request=found, by=request.user, licence=payload.licence,
                                     delivery_route=payload.delivery_route, legal_basis=payload.legal_basis,
                                     dpia_needed=payload.dpia_needed, conditions=payload.conditions)
    elif payload.step == "ask":
        services.data_request_ask(request=found, by=request.user, question=payload.text)
    elif payload.step == "reply":
        services.data_request_reply(request=found, by=request.user, answer=payload.text)
    elif payload.step == "decline":
        services.data_request_decline(request=found, by=request.user, reason=payload.text)
    else:
        services.data_request_withdraw(request=found, by=request.user, reason=payload.text)
    return _request(request, pk)


@router.get("/agreements", response={200: list[AgreementOut], **problems(403)})
@paginate(Pagination)
def list_agreements(request: HttpRequest, status: one_of(AgreementStatus, blank=True) = "") -> Any:  # type: ignore[valid-type]
    items = selectors.agreement_list(user=request.user)
    return items.filter(status=status) if status else items


def _agreement(request: HttpRequest, pk: int) -> Any:
    found = selectors.agreement_detail(user=request.user, pk=pk)
    if found is None:
        raise NotFound()
    return found


@router.get("/agreements/{pk}", response={200: AgreementOut, **problems(404)})
def get_agreement(request: HttpRequest, pk: Id) -> Any:
    return _agreement(request, pk)


@router.post("/agreements/{pk}/steps", response={200: AgreementOut, **problems(403, 404, 409, 422)})
def agreement_step(request: HttpRequest, pk: Id, payload: AgreementStepIn) -> Any:
    """deliver (owner side), in_use (requesting side), end (either side)."""
    services.agreement_move(agreement=_agreement(request, pk), by=request.user, move_name=payload.step,
                            note=payload.note)
    return _agreement(request, pk)


@router.get("/flows", response={200: FlowsOut, **problems(403)})
def get_flows(request: HttpRequest, theme: Annotated[str, Field(max_length=100)] = "",
              status: one_of(AgreementStatus, blank=True) = "") -> Any:  # type: ignore[valid-type]
    """The agreements the caller may see as arrows between organisations, and the request figures by month
    (made, answered, accepted; median days to an answer): what the leadership view reuses."""
    if not permissions.can_view_data_flows(request.user):
        raise NotAllowed()
    items = selectors.flows(user=request.user, filters=selectors.FlowFilters(theme=theme, status=status))
    figures = selectors.flow_figures(user=request.user)
    return {"edges": [{"agreement": f.agreement.pk, "producer": f.agreement.producer.name,
                       "consumer": f.agreement.consumer.name, "dataset": f.agreement.request.dataset.name,
                       "status": f.agreement.status, "themes": f.themes} for f in items],
            **{name: getattr(figures, name) for name in (
                "months", "made", "answered", "accepted", "median_days_to_answer", "total_made",
                "total_answered", "total_accepted")}}
