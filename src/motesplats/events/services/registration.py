"""Registering, cancelling and walk-ins, safe under concurrency.

Every change that can move a seat takes the lock on the event row first (`SELECT ... FOR UPDATE` on
PostgreSQL; on SQLite the IMMEDIATE transaction mode set in settings serialises writers), then counts and
writes inside the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.common.locks import for_update, get_locked
from motesplats.common.permissions import can_manage_events, can_register_for
from motesplats.registry import services as registry_services
from motesplats.registry.models import Organisation, Person, Project
from motesplats.registry.services import PersonData

from ..consent import CONSENT_VERSION, ON_BEHALF_VERSION
from ..enums import RegistrationStatus, RegistrationWindow
from ..models import Event, Registration
from ..selectors import event_counts
from .errors import (
    AlreadyCancelled,
    AlreadyRegistered,
    ConsentRequired,
    EventCancelled,
    EventNotPublished,
    EventsError,
    NotAllowed,
    ProjectNotAllowed,
    RegistrationClosed,
    RegistrationNotOpen,
)
from .mail import queue_registration_mail
from .waitlist import fill_from_waitlist

NEEDS_MAX_LENGTH = 500  # Registration.dietary / .accessibility


def lock_event(event: Event | int) -> Event:
    """Re-read the event holding its row lock until the transaction ends. Call inside `transaction.atomic()`."""
    pk = event if isinstance(event, int) else event.pk
    return get_locked(Event.objects.all(), key=f"event:{pk}", pk=pk)


def _check_project(*, person: Person, project: Project | None, by: object | None) -> None:
    if project is None or by is None or can_manage_events(by):
        return  # by=None: a trusted internal call (demo, scripts); organisers may choose any project
    if not project.contacts.filter(pk=person.pk).exists():
        raise ProjectNotAllowed()


REFUSALS: dict[RegistrationWindow, type[EventsError]] = {
    RegistrationWindow.CANCELLED: EventCancelled,
    RegistrationWindow.DRAFT: EventNotPublished,
    RegistrationWindow.FINISHED: RegistrationClosed,
    RegistrationWindow.NOT_YET_OPEN: RegistrationNotOpen,
    RegistrationWindow.CLOSED: RegistrationClosed,
}
OUTSIDE_THE_WINDOW = {RegistrationWindow.NOT_YET_OPEN, RegistrationWindow.CLOSED}


def registration_refusal(event: Event, *, by: object | None = None) -> EventsError | None:
    """Why `by` cannot register someone for `event` now (its window, `Event.registration_window`), or None.

    The programme office may add people outside the registration window, not to a draft, finished or
    cancelled event.
    """
    window = event.registration_window()
    if window == RegistrationWindow.OPEN or (window in OUTSIDE_THE_WINDOW and can_manage_events(by)):
        return None
    return REFUSALS[window]()


def _check_open(event: Event, *, by: object | None) -> None:
    refusal = registration_refusal(event, by=by)
    if refusal is not None:
        raise refusal


def register(
    *,
    event: Event,
    person: Person,
    project: Project | None = None,
    dietary: str = "",
    accessibility: str = "",
    consent: bool,
    by: object | None = None,
    notify: bool = True,
) -> Registration:
    """Register `person`: a confirmed seat while there is one, otherwise the next place on the waitlist.

    `by` is the signed-in user acting (the person themselves or an organiser on their behalf).
    Raises ConsentRequired, EventCancelled, EventNotPublished, RegistrationClosed, RegistrationNotOpen,
    AlreadyRegistered, ProjectNotAllowed, NotAllowed.
    """
    if not consent:
        raise ConsentRequired()
    if by is not None and not can_register_for(by, person):
        raise NotAllowed()
    _check_project(person=person, project=project, by=by)
    if len(dietary) > NEEDS_MAX_LENGTH or len(accessibility) > NEEDS_MAX_LENGTH:
        raise EventsError(_("Beskriv behoven med högst %(max)s tecken.") % {"max": NEEDS_MAX_LENGTH})
    if getattr(person, "is_anonymised", False):
        raise NotAllowed()
    on_behalf = by is not None and getattr(person, "user_id", None) != getattr(by, "pk", None)
    try:
        with transaction.atomic():
            locked = lock_event(event)
            _check_open(locked, by=by)
            existing = Registration.objects.filter(event=locked, person=person).active().first()
            if existing is not None:
                raise AlreadyRegistered(registration=existing)
            now = timezone.now()
            seat = not event_counts(locked).newcomer_waits
            registration = Registration.objects.create(
                event=locked,
                person=person,
                project=project,
                status=RegistrationStatus.CONFIRMED if seat else RegistrationStatus.WAITLISTED,
                confirmed_at=now if seat else None,
                waitlisted_at=None if seat else now,
                dietary=dietary.strip(),
                accessibility=accessibility.strip(),
                consent_at=now,
                consent_version=ON_BEHALF_VERSION if on_behalf else CONSENT_VERSION,
                registered_by=by if getattr(by, "pk", None) else None,
            )
            if notify:
                queue_registration_mail(registration.pk, "confirmed" if seat else "waitlisted")
    except IntegrityError as error:  # a parallel request of the same person won the unique constraint
        existing = Registration.objects.filter(event=event, person=person).active().first()
        if existing is None:
            raise
        raise AlreadyRegistered(registration=existing) from error
    return registration


KEEP = object()  # registration_update: leave the project as it is


def registration_update(*, registration: Registration, by: object | None = None, project: object = KEEP,
                        dietary: str | None = None, accessibility: str | None = None) -> Registration:
    """Change what a registration says (the project represented, dietary and accessibility needs); the seat,
    the queue place and the check-in code stay. The person themselves or an organiser; not once cancelled."""
    from motesplats.common.permissions import can_cancel_registration

    if by is not None and not can_cancel_registration(by, registration):
        raise NotAllowed()
    if any(len(value) > NEEDS_MAX_LENGTH for value in (dietary, accessibility) if value is not None):
        raise EventsError(_("Beskriv behoven med högst %(max)s tecken.") % {"max": NEEDS_MAX_LENGTH})
    with transaction.atomic():
        current = for_update(Registration.objects.all()).get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            raise AlreadyCancelled()
        fields = ["updated"]
        if project is not KEEP:
            new_project = project if isinstance(project, Project) else None
            _check_project(person=current.person, project=new_project, by=by)
            current.project = new_project
            fields.append("project")
        if dietary is not None:
            current.dietary = dietary.strip()
            fields.append("dietary")
        if accessibility is not None:
            current.accessibility = accessibility.strip()
            fields.append("accessibility")
        current.save(update_fields=fields)
    return current


@dataclass(frozen=True)
class CancellationResult:
    registration: Registration
    promoted: list[Registration]


def cancel(*, registration: Registration, by: object | None = None, notify: bool = True,
           notify_promoted: bool | None = None) -> CancellationResult:
    """Cancel a registration; a freed seat goes to the first on the waitlist in the same transaction.
    `notify` mails the person who cancelled; promoted people are mailed unless `notify_promoted` is False
    (it follows `notify` when not given)."""
    from motesplats.common.permissions import can_cancel_registration

    if by is not None and not can_cancel_registration(by, registration):
        raise NotAllowed()
    with transaction.atomic():
        event = lock_event(registration.event_id)
        current = for_update(Registration.objects.all()).get(pk=registration.pk)
        if current.is_cancelled:
            raise AlreadyCancelled()
        if current.is_checked_in:
            raise AlreadyCancelled(_checked_in_message())
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = timezone.now()
        current.cancelled_by = by if getattr(by, "pk", None) else None
        current.waitlisted_at = None
        current.save(update_fields=["status", "cancelled_at", "cancelled_by", "waitlisted_at", "updated"])
        promoted = fill_from_waitlist(event=event, notify=notify if notify_promoted is None else notify_promoted)
        if notify:
            queue_registration_mail(current.pk, "cancelled")
    registration.refresh_from_db()
    return CancellationResult(registration=current, promoted=promoted)


def _checked_in_message() -> object:
    return _("Anmälan kan inte avbokas efter incheckningen.")


def add_walk_in(
    *,
    event: Event,
    by: object,
    person: Person | None = None,
    name: str = "",
    email: str = "",
    organisation: Organisation | None = None,
    project: Project | None = None,
) -> Registration:
    """On the day: the organiser adds someone who came without a seat. Confirmed and checked in at once,
    even above capacity, and recorded as a walk-in. An unknown person is added to the registry
    (matched by e-mail first) when `name` and `organisation` are given."""
    if not can_manage_events(by):
        raise NotAllowed()
    if event.is_cancelled:
        raise EventCancelled()
    with transaction.atomic():
        locked = lock_event(event)
        if person is None:
            person = _resolve_person(name=name, email=email, organisation=organisation)
        now = timezone.now()
        registration = for_update(Registration.objects.all()).filter(event=locked, person=person).active().first()
        if registration is not None and registration.is_confirmed:
            if registration.checked_in_at is None:
                registration.checked_in_at, registration.checked_in_by = now, by
                registration.save(update_fields=["checked_in_at", "checked_in_by", "updated"])
            return registration
        if registration is None:
            registration = Registration(event=locked, person=person, consent_at=now,
                                        consent_version=ON_BEHALF_VERSION, registered_by=by)
        registration.project = project or registration.project
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.waitlisted_at = None
        registration.is_walk_in = True
        registration.checked_in_at, registration.checked_in_by = now, by
        registration.save()
    return registration


def _resolve_person(*, name: str, email: str, organisation: Organisation | None) -> Person:
    """The registry's person with this e-mail address, or a new one (registry.services.person_resolve)."""
    try:
        person, _created = registry_services.person_resolve(
            data=PersonData(name=name, email=email, organisation=organisation))
    except ValidationError as error:
        raise EventsError(" ".join(error.messages)) from error
    return person
