"""The seminar series' REST API, mounted at /api/events/.

Reads: series and non-draft events with their agendas are public; drafts only for organisers.
Registrations: a signed-in person reads, creates, updates and cancels their own; organisers all of them.
Callers: a signed-in session (writes need the CSRF token, header X-CSRFToken) or a script with a personal API
token (`Authorization: Bearer ...`, see `motesplats.common.api_auth`) acting with its owner's rights.
Errors carry `code` (stable) and `detail` (translated to the request's language).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from motesplats.common import permissions
from motesplats.common.api_auth import api_auth, read_auth
from motesplats.registry.models import Person, Project

from . import selectors, services
from .models import AgendaItem, Event, Registration, Series
from .services import agenda as agenda_services
from .services import events as event_services
from .services.errors import EventsError, InvalidAgenda, InvalidEvent

router = Router(tags=["events"])


# --- schemas --------------------------------------------------------------------------------------


class ErrorOut(Schema):
    code: str = "error"
    detail: Any


class SeriesOut(Schema):
    slug: str
    name: str
    description: str


class EventOut(Schema):
    slug: str
    series: str = Field(..., alias="series.slug")
    title: str
    theme: str
    description: str
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue_name: str
    venue_address: str
    venue_accessibility: str
    capacity: int
    registration_opens_at: dt.datetime | None
    registration_closes_at: dt.datetime | None
    status: str
    registration_open: bool

    @staticmethod
    def resolve_registration_open(obj: Event) -> bool:
        return obj.registration_is_open()


class CountsOut(Schema):
    capacity: int
    confirmed: int
    waitlisted: int
    checked_in: int
    walk_ins: int
    free: int


class SpeakerOut(Schema):
    id: int
    name: str
    organisation: str = Field(..., alias="organisation.name")


class AgendaItemOut(Schema):
    id: int
    order: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: str
    title: str
    description: str
    speakers: list[SpeakerOut]
    rounds: int | None
    round_minutes: int | None
    tables: int | None
    questions: list[str]
    allow_overlap: bool

    @staticmethod
    def resolve_speakers(obj: AgendaItem) -> list[Person]:
        return list(obj.speakers.all())


class AgendaItemIn(Schema):
    id: int | None = Field(None, description="An existing item to keep and update; omit for a new one")
    start: dt.time | dt.datetime = Field(..., description="Local time on the event's date, or an aware datetime")
    end: dt.time | dt.datetime
    kind: str = "talk"
    title: str
    description: str = ""
    speaker_ids: list[int] = []
    rounds: int | None = None
    round_minutes: int | None = None
    tables: int | None = None
    questions: list[str] = []
    allow_overlap: bool = False


class EventIn(Schema):
    series: str = Field(..., description="Slug of the series")
    title: str = Field(..., min_length=1, max_length=250)
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int = Field(..., ge=1)
    theme: str = ""
    description: str = ""
    venue_name: str = ""
    venue_address: str = ""
    venue_accessibility: str = ""
    registration_opens_at: dt.datetime | None = None
    registration_closes_at: dt.datetime | None = None


class EventPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=250)
    theme: str | None = None
    description: str | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    capacity: int | None = Field(None, ge=1)
    venue_name: str | None = None
    venue_address: str | None = None
    venue_accessibility: str | None = None
    registration_opens_at: dt.datetime | None = None
    registration_closes_at: dt.datetime | None = None


class CancelIn(Schema):
    reason: str = ""


class RegistrationOut(Schema):
    id: int
    event: str = Field(..., alias="event.slug")
    person_id: int | None
    person_name: str | None
    organisation: str | None
    project: str | None
    status: str
    waitlist_position: int | None
    dietary: str
    accessibility: str
    is_walk_in: bool
    checked_in_at: dt.datetime | None
    created: dt.datetime
    check_in_code: str | None = Field(None, description="The signed text of the personal QR code (confirmed only)")

    @staticmethod
    def resolve_person_name(obj: Registration) -> str | None:
        return obj.person.name if obj.person else None

    @staticmethod
    def resolve_organisation(obj: Registration) -> str | None:
        return obj.person.organisation.name if obj.person else None

    @staticmethod
    def resolve_project(obj: Registration) -> str | None:
        return obj.project.slug if obj.project else None

    @staticmethod
    def resolve_waitlist_position(obj: Registration) -> int | None:
        return selectors.waitlist_position(obj)

    @staticmethod
    def resolve_check_in_code(obj: Registration) -> str | None:
        return obj.check_in_code if obj.is_confirmed else None


class RegistrationIn(Schema):
    person_id: int | None = Field(None, description="Organisers only: register someone else")
    project: str | None = Field(None, description="Slug of a project the person is a contact of")
    dietary: str = Field("", max_length=500)
    accessibility: str = Field("", max_length=500)
    consent: bool = Field(..., description="The person accepts the consent text (GET /events/consent)")


class RegistrationPatch(Schema):
    project: str | None = Field(None, description="Slug of a project the person is a contact of; \"\" for none")
    dietary: str | None = Field(None, max_length=500)
    accessibility: str | None = Field(None, max_length=500)


class WalkInIn(Schema):
    person_id: int | None = Field(None, description="A person in the registry; or give name, e-mail, organisation")
    name: str = ""
    email: str = ""
    organisation: str = Field("", description="Slug of the organisation of a new person")
    project: str | None = Field(None, description="Slug of the project represented")


class CheckInIn(Schema):
    code: str = Field(..., description="The text of the QR code (or the bare token)")


class CheckInOut(Schema):
    outcome: str
    message: str
    registration_id: int | None
    person_name: str | None
    checked_in_at: dt.datetime | None


class ConsentOut(Schema):
    version: str
    text: str
    retention_months: int


# --- helpers --------------------------------------------------------------------------------------


def _error(error: EventsError) -> dict[str, Any]:
    return {"code": error.code, "detail": str(error.message)}


def _event(request: HttpRequest, slug: str) -> Event | None:
    event = Event.objects.select_related("series").filter(slug=slug).first()
    if event is None or not permissions.can_view_event(request.user, event):
        return None
    return event


NOT_FOUND = {"code": "not_found", "detail": "Not found."}
FORBIDDEN = {"code": "not_allowed", "detail": "Not allowed."}


def _managed_event(request: HttpRequest, slug: str) -> Event | Status:
    """The event an organiser acts on, or the 404/403 answer for everyone else."""
    event = _event(request, slug)
    if event is None:
        return Status(404, NOT_FOUND)
    if not permissions.can_manage_events(request.user):
        return Status(403, FORBIDDEN)
    return event


# --- series and events ----------------------------------------------------------------------------


@router.get("/consent", response=ConsentOut, auth=read_auth)
def consent(request: HttpRequest) -> dict[str, Any]:
    from .consent import CONSENT_VERSION, RETENTION_MONTHS, consent_text

    return {"version": CONSENT_VERSION, "text": consent_text(), "retention_months": RETENTION_MONTHS}


@router.get("/series", response=list[SeriesOut], auth=read_auth)
def list_series(request: HttpRequest) -> Any:
    return Series.objects.order_by("name")


@router.get("/series/{slug}", response={200: SeriesOut, 404: ErrorOut}, auth=read_auth)
def get_series(request: HttpRequest, slug: str) -> Any:
    series = Series.objects.filter(slug=slug).first()
    return Status(200, series) if series else Status(404, NOT_FOUND)


@router.get("/events", response=list[EventOut], auth=read_auth)
def list_events(request: HttpRequest, series: str = "", upcoming: bool = False) -> Any:
    series_obj = Series.objects.filter(slug=series).first() if series else None
    if series and series_obj is None:
        return []
    if upcoming:
        return selectors.events_upcoming(request.user, series=series_obj)
    return selectors.events_visible_to(request.user, series=series_obj)


@router.get("/events/{slug}", response={200: EventOut, 404: ErrorOut}, auth=read_auth)
def get_event(request: HttpRequest, slug: str) -> Any:
    event = _event(request, slug)
    return Status(200, event) if event else Status(404, NOT_FOUND)


@router.post("/events", response={201: EventOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}, auth=api_auth)
def create_event(request: HttpRequest, payload: EventIn) -> Any:
    if not permissions.can_manage_events(request.user):
        return Status(403, FORBIDDEN)
    data = payload.dict()
    series = Series.objects.filter(slug=data.pop("series")).first()
    if series is None:
        return Status(404, NOT_FOUND)
    try:
        event = event_services.event_create(series=series, by=request.user, **data)
    except InvalidEvent as error:
        return Status(422, {"code": error.code, "detail": {k: [str(m) for m in v] for k, v in error.errors.items()}})
    except EventsError as error:
        return Status(422, _error(error))
    return Status(201, event)


@router.patch("/events/{slug}", response={200: EventOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
              auth=api_auth)
def update_event(request: HttpRequest, slug: str, payload: EventPatch) -> Any:
    event = _managed_event(request, slug)
    if isinstance(event, Status):
        return event
    data = {key: value for key, value in payload.dict(exclude_unset=True).items()
            if value is not None or key in ("registration_opens_at", "registration_closes_at")}
    try:
        event = event_services.event_update(event=event, by=request.user, **data)
    except InvalidEvent as error:
        return Status(422, {"code": error.code, "detail": {k: [str(m) for m in v] for k, v in error.errors.items()}})
    except EventsError as error:
        return Status(422, _error(error))
    return Status(200, event)


@router.post("/events/{slug}/publish", response={200: EventOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
             auth=api_auth)
def publish_event(request: HttpRequest, slug: str) -> Any:
    event = _managed_event(request, slug)
    if isinstance(event, Status):
        return event
    try:
        return Status(200, event_services.event_publish(event=event, by=request.user))
    except EventsError as error:
        return Status(409, _error(error))


@router.post("/events/{slug}/finish", response={200: EventOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
             auth=api_auth)
def finish_event(request: HttpRequest, slug: str) -> Any:
    """Mark a held (published) event as finished: registration closes, attendance stays on record."""
    event = _managed_event(request, slug)
    if isinstance(event, Status):
        return event
    try:
        return Status(200, event_services.event_finish(event=event, by=request.user))
    except EventsError as error:
        return Status(409, _error(error))


@router.post("/events/{slug}/cancel", response={200: EventOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
             auth=api_auth)
def cancel_event(request: HttpRequest, slug: str, payload: CancelIn) -> Any:
    event = _managed_event(request, slug)
    if isinstance(event, Status):
        return event
    try:
        return Status(200, event_services.event_cancel(event=event, by=request.user, reason=payload.reason))
    except EventsError as error:
        return Status(409, _error(error))


@router.get("/events/{slug}/counts", response={200: CountsOut, 403: ErrorOut, 404: ErrorOut}, auth=api_auth)
def event_counts(request: HttpRequest, slug: str) -> Any:
    event = _managed_event(request, slug)
    if isinstance(event, Status):
        return event
    counts = selectors.event_counts(event)
    return Status(200, {**counts.__dict__, "free": counts.free})


# --- agenda ---------------------------------------------------------------------------------------


@router.get("/events/{slug}/agenda", response={200: list[AgendaItemOut], 404: ErrorOut}, auth=read_auth)
def get_agenda(request: HttpRequest, slug: str) -> Any:
    event = _event(request, slug)
    return Status(200, selectors.agenda(event)) if event else Status(404, NOT_FOUND)


@router.put("/events/{slug}/agenda", response={200: list[AgendaItemOut], 403: ErrorOut, 404: ErrorOut,
                                                422: ErrorOut}, auth=api_auth)
def replace_agenda(request: HttpRequest, slug: str, payload: list[AgendaItemIn]) -> Any:
    """Replace the whole agenda: items with an `id` are updated, new ones created, missing ones deleted."""
    event = _managed_event(request, slug)
    if isinstance(event, Status):
        return event
    items = [agenda_services.AgendaItemData(**item.dict()) for item in payload]
    try:
        agenda_services.agenda_replace(event=event, items=items, by=request.user)
    except InvalidAgenda as error:
        return Status(422, {"code": error.code, "detail": [
            {"index": p.index, "field": p.field, "message": str(p.message)} for p in error.problems]})
    return Status(200, selectors.agenda(event))


# --- registrations --------------------------------------------------------------------------------


@router.get("/events/{slug}/registrations", response={200: list[RegistrationOut], 403: ErrorOut, 404: ErrorOut},
            auth=api_auth)
def list_registrations(request: HttpRequest, slug: str, status: str = "", q: str = "") -> Any:
    """Organisers: every active registration (or those of one `status`; `q` searches name, e-mail and
    organisation). Others: their own registration only."""
    event = _event(request, slug)
    if event is None:
        return Status(404, NOT_FOUND)
    if permissions.can_manage_events(request.user):
        if q.strip():
            return Status(200, selectors.search_registrations(event, q, limit=50))
        return Status(200, list(selectors.event_registrations(event, status=status or None)))
    own = selectors.registration_of(event, permissions.person_of(request.user))
    return Status(200, [own] if own else [])


@router.post("/events/{slug}/registrations", response={201: RegistrationOut, 403: ErrorOut, 404: ErrorOut,
                                                       409: ErrorOut, 422: ErrorOut}, auth=api_auth)
def create_registration(request: HttpRequest, slug: str, payload: RegistrationIn) -> Any:
    event = _event(request, slug)
    if event is None:
        return Status(404, NOT_FOUND)
    if payload.person_id is not None:
        person = Person.objects.filter(pk=payload.person_id).first()
        if person is None:
            return Status(404, NOT_FOUND)
    else:
        person = permissions.person_of(request.user)
        if person is None:
            return Status(422, {"code": "no_person", "detail": "Your account is not linked to a person in the registry."})
    if not permissions.can_register_for(request.user, person):
        return Status(403, FORBIDDEN)
    project = None
    if payload.project:
        project = Project.objects.filter(slug=payload.project).first()
        if project is None:
            return Status(404, NOT_FOUND)
    try:
        registration = services.register(event=event, person=person, project=project, dietary=payload.dietary,
                                         accessibility=payload.accessibility, consent=payload.consent,
                                         by=request.user)
    except services.AlreadyRegistered as error:
        return Status(409, _error(error))
    except services.NotAllowed:
        return Status(403, FORBIDDEN)
    except EventsError as error:
        return Status(422, _error(error))
    return Status(201, selectors.registration_get(registration.pk))


@router.get("/registrations/mine", response=list[RegistrationOut], auth=api_auth)
def my_registrations(request: HttpRequest) -> Any:
    person = permissions.person_of(request.user)
    if person is None:
        return []
    return list(selectors.registrations_of_person(person).select_related("person__organisation"))


@router.get("/registrations/{pk}", response={200: RegistrationOut, 404: ErrorOut}, auth=api_auth)
def get_registration(request: HttpRequest, pk: int) -> Any:
    registration = Registration.objects.select_related("event", "person__organisation", "project").filter(
        pk=pk).first()
    if registration is None or not permissions.can_view_registration(request.user, registration):
        return Status(404, NOT_FOUND)
    return Status(200, registration)


@router.patch("/registrations/{pk}", response={200: RegistrationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                                              422: ErrorOut}, auth=api_auth)
def update_registration(request: HttpRequest, pk: int, payload: RegistrationPatch) -> Any:
    """The person or an organiser changes the project represented and the needs; the seat stays."""
    registration = Registration.objects.select_related("event").filter(pk=pk).first()
    if registration is None or not permissions.can_cancel_registration(request.user, registration):
        return Status(404, NOT_FOUND)
    changes: dict[str, Any] = payload.dict(exclude_unset=True)
    if "project" in changes:
        slug = changes.pop("project")
        changes["project"] = Project.objects.filter(slug=slug).first() if slug else None
        if slug and changes["project"] is None:
            return Status(404, NOT_FOUND)
    changes = {key: value for key, value in changes.items() if key == "project" or value is not None}
    try:
        services.registration_update(registration=registration, by=request.user, **changes)
    except services.AlreadyCancelled as error:
        return Status(409, _error(error))
    except services.NotAllowed:
        return Status(403, FORBIDDEN)
    except EventsError as error:
        return Status(422, _error(error))
    return Status(200, selectors.registration_get(pk))


@router.post("/registrations/{pk}/cancel", response={200: RegistrationOut, 404: ErrorOut, 409: ErrorOut},
             auth=api_auth)
def cancel_registration(request: HttpRequest, pk: int) -> Any:
    registration = Registration.objects.select_related("event").filter(pk=pk).first()
    if registration is None or not permissions.can_cancel_registration(request.user, registration):
        return Status(404, NOT_FOUND)
    try:
        services.cancel(registration=registration, by=request.user)
    except EventsError as error:
        return Status(409, _error(error))
    return Status(200, selectors.registration_get(pk))


# --- check-in -------------------------------------------------------------------------------------


@router.post("/events/{slug}/check-in", response={200: CheckInOut, 403: ErrorOut, 404: ErrorOut, 422: CheckInOut},
             auth=api_auth)
def check_in(request: HttpRequest, slug: str, payload: CheckInIn) -> Any:
    """Organisers: check in by the QR code's text. 200 when checked in now; 422 with `outcome`
    already / not_confirmed / invalid otherwise (then nothing changed)."""
    event = _event(request, slug)
    if event is None:
        return Status(404, NOT_FOUND)
    if not permissions.can_check_in(request.user):
        return Status(403, FORBIDDEN)
    result = services.check_in(token_or_code=payload.code, by=request.user, event=event)
    body = {
        "outcome": str(result.outcome), "message": result.message,
        "registration_id": result.registration.pk if result.registration else None,
        "person_name": result.registration.person.name if result.registration and result.registration.person
        else None,
        "checked_in_at": result.checked_in_at,
    }
    return Status(200 if result.ok else 422, body)



@router.post("/events/{slug}/walk-ins", response={201: RegistrationOut, 403: ErrorOut, 404: ErrorOut,
                                                  422: ErrorOut}, auth=api_auth)
def add_walk_in(request: HttpRequest, slug: str, payload: WalkInIn) -> Any:
    """Organisers, on the day: add someone who came without a seat (confirmed and checked in at once)."""
    from motesplats.registry.models import Organisation

    from .services.registration import add_walk_in as add

    event = _event(request, slug)
    if event is None:
        return Status(404, NOT_FOUND)
    if not permissions.can_check_in(request.user):
        return Status(403, FORBIDDEN)
    person = Person.objects.filter(pk=payload.person_id).first() if payload.person_id else None
    organisation = Organisation.objects.filter(slug=payload.organisation).first() if payload.organisation else None
    project = Project.objects.filter(slug=payload.project).first() if payload.project else None
    if (payload.person_id and person is None) or (payload.organisation and organisation is None) or (
            payload.project and project is None):
        return Status(404, NOT_FOUND)
    try:
        registration = add(event=event, by=request.user, person=person, name=payload.name, email=payload.email,
                           organisation=organisation, project=project)
    except EventsError as error:
        return Status(422, _error(error))
    return Status(201, selectors.registration_get(registration.pk))
