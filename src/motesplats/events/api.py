"""The seminar series' REST API, mounted at /api/events/.

Reads: series and non-draft events with their agendas are public; drafts only for organisers.
Registrations: a signed-in person reads, creates, updates and cancels their own; organisers all of them.
Callers: a signed-in session (writes need the CSRF token, header X-CSRFToken) or a script with a personal API
token (`Authorization: Bearer ...`, see `motesplats.common.api_auth`) acting with its owner's rights.
Errors are problems (`motesplats.common.api_problems`) with a stable `code` and a translated `detail`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from motesplats.common import permissions
from motesplats.common.api import InputSchema, one_of
from motesplats.common.api_auth import read_auth
from motesplats.common.api_problems import problems
from motesplats.common.errors import FieldError, InvalidInput, NotAllowed, NotFound
from motesplats.common.validation import DateTime, Id, PositiveInt16, PositiveInt32, SearchText, Slug, Text
from motesplats.registry.models import Organisation, Person, Project

from . import selectors, services
from .enums import AgendaKind, RegistrationStatus
from .models import AgendaItem, Event, Registration, Series
from .services import agenda as agenda_services
from .services import events as event_services
from .services.errors import CheckInRefused
from .services.registration import NEEDS_MAX_LENGTH

router = Router(tags=["events"])
LONG_TEXT = 20_000
MAX_AGENDA_ITEMS = 100


# --- schemas --------------------------------------------------------------------------------------


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


class AgendaItemIn(InputSchema):
    id: Id | None = Field(None, description="An existing item to keep and update; omit for a new one")
    start: dt.time | DateTime = Field(..., description="Local time on the event's date, or an aware datetime")
    end: dt.time | DateTime
    kind: one_of(AgendaKind) = AgendaKind.TALK.value  # type: ignore[valid-type]
    title: Text = Field(..., max_length=250)
    description: Text = Field("", max_length=LONG_TEXT)
    speaker_ids: list[Id] = Field([], max_length=100)
    rounds: PositiveInt16 | None = None
    round_minutes: PositiveInt16 | None = None
    tables: PositiveInt16 | None = None
    questions: list[Annotated[Text, Field(max_length=500)]] = Field([], max_length=50)
    allow_overlap: bool = False


class EventIn(InputSchema):
    series: Slug = Field(..., description="Slug of the series")
    title: Text = Field(..., min_length=1, max_length=250)
    starts_at: DateTime
    ends_at: DateTime
    capacity: PositiveInt32
    theme: Text = Field("", max_length=200)
    description: Text = Field("", max_length=LONG_TEXT)
    venue_name: Text = Field("", max_length=200)
    venue_address: Text = Field("", max_length=300)
    venue_accessibility: Text = Field("", max_length=LONG_TEXT)
    registration_opens_at: DateTime | None = None
    registration_closes_at: DateTime | None = None


class EventPatch(InputSchema):
    title: Text | None = Field(None, min_length=1, max_length=250)
    theme: Text | None = Field(None, max_length=200)
    description: Text | None = Field(None, max_length=LONG_TEXT)
    starts_at: DateTime | None = None
    ends_at: DateTime | None = None
    capacity: PositiveInt32 | None = None
    venue_name: Text | None = Field(None, max_length=200)
    venue_address: Text | None = Field(None, max_length=300)
    venue_accessibility: Text | None = Field(None, max_length=LONG_TEXT)
    registration_opens_at: DateTime | None = None
    registration_closes_at: DateTime | None = None


class CancelIn(InputSchema):
    reason: Text = Field("", max_length=2000)


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


class RegistrationIn(InputSchema):
    person_id: Id | None = Field(None, description="Organisers only: register someone else")
    project: Slug | None = Field(None, description="Slug of a project the person is a contact of")
    dietary: Text = Field("", max_length=NEEDS_MAX_LENGTH)
    accessibility: Text = Field("", max_length=NEEDS_MAX_LENGTH)
    consent: bool = Field(..., description="The person accepts the consent text (GET /events/consent)")


class RegistrationPatch(InputSchema):
    project: Slug | Annotated[str, Field(max_length=0)] | None = Field(
        None, description="Slug of a project the person is a contact of; \"\" for none")
    dietary: Text | None = Field(None, max_length=NEEDS_MAX_LENGTH)
    accessibility: Text | None = Field(None, max_length=NEEDS_MAX_LENGTH)


class WalkInIn(InputSchema):
    person_id: Id | None = Field(None, description="A person in the registry; or give name, e-mail, organisation")
    name: Text = Field("", max_length=200)
    email: Text = Field("", max_length=254)
    organisation: Slug | Annotated[str, Field(max_length=0)] = Field(
        "", description="Slug of the organisation of a new person")
    project: Slug | None = Field(None, description="Slug of the project represented")


class CheckInIn(InputSchema):
    code: Text = Field(..., max_length=500, description="The text of the QR code (or the bare token)")


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


def _event(request: HttpRequest, slug: str) -> Event:
    """The event the caller may see; otherwise 404 (a draft answers as an unknown event does)."""
    event = Event.objects.select_related("series").filter(slug=slug).first()
    if event is None or not permissions.can_view_event(request.user, event):
        raise NotFound()
    return event


def _managed_event(request: HttpRequest, slug: str) -> Event:
    """The event an organiser acts on: 404 when the caller cannot see it, then 403 when they cannot manage it."""
    event = _event(request, slug)
    if not permissions.can_manage_events(request.user):
        raise NotAllowed()
    return event


def _found(model: Any, **lookup: Any) -> Any:
    """The resource a path names, or 404."""
    found = model.objects.filter(**lookup).first()
    if found is None:
        raise NotFound()
    return found


def _referenced(model: Any, field: str, **lookup: Any) -> Any:
    """A row the body refers to (by slug or id), or 422 naming the field: the input is what is wrong."""
    found = model.objects.filter(**lookup).first()
    if found is None:
        value = next(iter(lookup.values()))
        raise InvalidInput(field_errors=[FieldError(field, _("Finns inte: %(value)s") % {"value": value}, "unknown")])
    return found


# --- series and events ----------------------------------------------------------------------------


@router.get("/consent", response=ConsentOut, auth=read_auth)
def consent(request: HttpRequest) -> dict[str, Any]:
    from .consent import CONSENT_VERSION, RETENTION_MONTHS, consent_text

    return {"version": CONSENT_VERSION, "text": consent_text(), "retention_months": RETENTION_MONTHS}


@router.get("/series", response=list[SeriesOut], auth=read_auth)
def list_series(request: HttpRequest) -> Any:
    return Series.objects.order_by("name")


@router.get("/series/{slug}", response={200: SeriesOut, **problems(404)}, auth=read_auth)
def get_series(request: HttpRequest, slug: Slug) -> Any:
    return _found(Series, slug=slug)


@router.get("/events", response=list[EventOut], auth=read_auth)
def list_events(request: HttpRequest, series: Annotated[str, Field(max_length=220)] = "",
                upcoming: bool = False) -> Any:
    series_obj = Series.objects.filter(slug=series).first() if series else None
    if series and series_obj is None:
        return []
    if upcoming:
        return selectors.events_upcoming(request.user, series=series_obj)
    return selectors.events_visible_to(request.user, series=series_obj)


@router.get("/events/{slug}", response={200: EventOut, **problems(404)}, auth=read_auth)
def get_event(request: HttpRequest, slug: Slug) -> Any:
    return _event(request, slug)


@router.post("/events", response={201: EventOut, **problems(403)})
def create_event(request: HttpRequest, payload: EventIn) -> Any:
    if not permissions.can_manage_events(request.user):
        raise NotAllowed()
    data = payload.dict()
    series = _referenced(Series, "series", slug=data.pop("series"))
    return Status(201, event_services.event_create(series=series, by=request.user, **data))


@router.patch("/events/{slug}", response={200: EventOut, **problems(403, 404, 409)})
def update_event(request: HttpRequest, slug: Slug, payload: EventPatch) -> Any:
    event = _managed_event(request, slug)
    data = {key: value for key, value in payload.dict(exclude_unset=True).items()
            if value is not None or key in ("registration_opens_at", "registration_closes_at")}
    return event_services.event_update(event=event, by=request.user, **data)


@router.post("/events/{slug}/publish", response={200: EventOut, **problems(403, 404, 409)})
def publish_event(request: HttpRequest, slug: Slug) -> Any:
    return event_services.event_publish(event=_managed_event(request, slug), by=request.user)


@router.post("/events/{slug}/finish", response={200: EventOut, **problems(403, 404, 409)})
def finish_event(request: HttpRequest, slug: Slug) -> Any:
    """Mark a held (published) event as finished: registration closes, attendance stays on record."""
    return event_services.event_finish(event=_managed_event(request, slug), by=request.user)


@router.post("/events/{slug}/cancel", response={200: EventOut, **problems(403, 404, 409)})
def cancel_event(request: HttpRequest, slug: Slug, payload: CancelIn) -> Any:
    event = _managed_event(request, slug)
    return event_services.event_cancel(event=event, by=request.user, reason=payload.reason)


@router.get("/events/{slug}/counts", response={200: CountsOut, **problems(403, 404)})
def event_counts(request: HttpRequest, slug: Slug) -> Any:
    counts = selectors.event_counts(_managed_event(request, slug))
    return {**counts.__dict__, "free": counts.free}


# --- agenda ---------------------------------------------------------------------------------------


@router.get("/events/{slug}/agenda", response={200: list[AgendaItemOut], **problems(404)}, auth=read_auth)
def get_agenda(request: HttpRequest, slug: Slug) -> Any:
    return selectors.agenda(_event(request, slug))


@router.put("/events/{slug}/agenda", response={200: list[AgendaItemOut], **problems(403, 404, 409)})
def replace_agenda(request: HttpRequest, slug: Slug, payload: list[AgendaItemIn]) -> Any:
    """Replace the whole agenda (at most 100 items): items with an `id` are updated, new ones created, missing
    ones deleted."""
    event = _managed_event(request, slug)
    if len(payload) > MAX_AGENDA_ITEMS:
        raise InvalidInput(field_errors=[FieldError("", _too_many(), "too_long")])
    items = [agenda_services.AgendaItemData(**item.dict()) for item in payload]
    agenda_services.agenda_replace(event=event, items=items, by=request.user)
    return selectors.agenda(event)


# --- registrations --------------------------------------------------------------------------------


@router.get("/events/{slug}/registrations", response={200: list[RegistrationOut], **problems(404)})
def list_registrations(request: HttpRequest, slug: Slug,
                       status: one_of(RegistrationStatus, blank=True) = "",  # type: ignore[valid-type]
                       q: SearchText = "") -> Any:
    """Organisers: every active registration (or those of one `status`; `q` searches name, e-mail and
    organisation, at most 50). Others: their own registration only."""
    event = _event(request, slug)
    if permissions.can_manage_events(request.user):
        if q.strip():
            return selectors.search_registrations(event, q, limit=50)
        return list(selectors.event_registrations(event, status=status or None))
    own = selectors.registration_of(event, permissions.person_of(request.user))
    return [own] if own else []


@router.post("/events/{slug}/registrations", response={201: RegistrationOut, **problems(403, 404, 409)})
def create_registration(request: HttpRequest, slug: Slug, payload: RegistrationIn) -> Any:
    event = _event(request, slug)
    if payload.person_id is not None:
        person = _referenced(Person, "person_id", pk=payload.person_id)
    else:
        person = permissions.person_of(request.user)
        if person is None:
            raise InvalidInput(_no_person())
    if not permissions.can_register_for(request.user, person):
        raise NotAllowed()
    project = _referenced(Project, "project", slug=payload.project) if payload.project else None
    registration = services.register(event=event, person=person, project=project, dietary=payload.dietary,
                                     accessibility=payload.accessibility, consent=payload.consent,
                                     by=request.user)
    return Status(201, selectors.registration_get(registration.pk))


def _no_person() -> Any:
    return _("Ditt konto är inte kopplat till en person i registret.")


def _too_many() -> Any:
    return _("Programmet får ha högst %(max)s punkter.") % {"max": MAX_AGENDA_ITEMS}


@router.get("/registrations/mine", response=list[RegistrationOut])
def my_registrations(request: HttpRequest) -> Any:
    person = permissions.person_of(request.user)
    if person is None:
        return []
    return list(selectors.registrations_of_person(person).select_related("person__organisation"))


def _registration(request: HttpRequest, pk: int) -> Registration:
    """A registration the caller may see and change (their own, or any for organisers); otherwise 404."""
    registration = Registration.objects.select_related("event", "person__organisation", "project").filter(
        pk=pk).first()
    if registration is None or not permissions.can_view_registration(request.user, registration):
        raise NotFound()
    return registration


@router.get("/registrations/{pk}", response={200: RegistrationOut, **problems(404)})
def get_registration(request: HttpRequest, pk: Id) -> Any:
    return _registration(request, pk)


@router.patch("/registrations/{pk}", response={200: RegistrationOut, **problems(403, 404, 409)})
def update_registration(request: HttpRequest, pk: Id, payload: RegistrationPatch) -> Any:
    """The person or an organiser changes the project represented and the needs; the seat stays."""
    registration = _registration(request, pk)
    changes: dict[str, Any] = payload.dict(exclude_unset=True)
    if "project" in changes:
        slug = changes.pop("project")
        changes["project"] = _referenced(Project, "project", slug=slug) if slug else None
    changes = {key: value for key, value in changes.items() if key == "project" or value is not None}
    services.registration_update(registration=registration, by=request.user, **changes)
    return selectors.registration_get(pk)


@router.post("/registrations/{pk}/cancel", response={200: RegistrationOut, **problems(403, 404, 409)})
def cancel_registration(request: HttpRequest, pk: Id) -> Any:
    services.cancel(registration=_registration(request, pk), by=request.user)
    return selectors.registration_get(pk)


# --- check-in -------------------------------------------------------------------------------------


@router.post("/events/{slug}/check-in", response={200: CheckInOut, **problems(403, 404, 409)})
def check_in(request: HttpRequest, slug: Slug, payload: CheckInIn) -> Any:
    """Organisers: check in by the QR code's text. 200 when checked in now. Otherwise nothing changed, and the
    problem's `code` says why: `already_checked_in` (409), `not_confirmed` (409) or `invalid_code` (422); its
    members `outcome`, `registration_id`, `person_name` and `checked_in_at` tell whom the code belongs to."""
    event = _event(request, slug)
    if not permissions.can_check_in(request.user):
        raise NotAllowed()
    result = services.check_in(token_or_code=payload.code, by=request.user, event=event)
    if not result.ok:
        raise CheckInRefused.from_result(result)
    return {"outcome": str(result.outcome), "message": result.message, "registration_id": result.registration.pk
            if result.registration else None,
            "person_name": result.registration.person.name if result.registration and result.registration.person
            else None,
            "checked_in_at": result.checked_in_at}


@router.post("/events/{slug}/walk-ins", response={201: RegistrationOut, **problems(403, 404, 409)})
def add_walk_in(request: HttpRequest, slug: Slug, payload: WalkInIn) -> Any:
    """Organisers, on the day: add someone who came without a seat (confirmed and checked in at once)."""
    from .services.registration import add_walk_in as add

    event = _event(request, slug)
    if not permissions.can_check_in(request.user):
        raise NotAllowed()
    person = _referenced(Person, "person_id", pk=payload.person_id) if payload.person_id else None
    organisation = (_referenced(Organisation, "organisation", slug=payload.organisation) if payload.organisation
                    else None)
    project = _referenced(Project, "project", slug=payload.project) if payload.project else None
    registration = add(event=event, by=request.user, person=person, name=payload.name, email=payload.email,
                       organisation=organisation, project=project)
    return Status(201, selectors.registration_get(registration.pk))
