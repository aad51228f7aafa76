"""Check-in at the door: by the signed code in the QR code, or by choosing the registration after a name search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.common.locks import bound_transaction, for_update, lock_timeout_ms, statement_timeout_ms
from motesplats.common.permissions import can_check_in
from motesplats.registry.models import Organisation, Person, Project

from ..check_in_codes import unsign_code
from ..enums import CheckInOutcome, EventStatus, RegistrationStatus
from ..models import Event, Registration
from .errors import NotAllowed


@dataclass(frozen=True)
class CheckInResult:
    outcome: CheckInOutcome
    registration: Registration | None = None
    checked_in_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == CheckInOutcome.OK

    @property
    def message(self) -> str:
        name = self.registration.person.name if self.registration and self.registration.person else ""
        if self.outcome == CheckInOutcome.OK:
            return str(_("%(name)s är incheckad.") % {"name": name})
        if self.outcome == CheckInOutcome.ALREADY:
            when = timezone.localtime(self.checked_in_at).strftime("%H:%M") if self.checked_in_at else ""
            return str(_("Koden är redan använd: %(name)s checkades in kl. %(time)s.") % {"name": name, "time": when})
        if self.outcome == CheckInOutcome.NOT_CONFIRMED:
            return str(_("%(name)s har ingen bekräftad plats (väntelista eller avbokad).") % {"name": name})
        return str(_("Ogiltig kod. Koden är förfalskad, skadad eller hör till ett annat seminarium."))


def check_in(*, token_or_code: str, by: object, event: Event | None = None) -> CheckInResult:
    """Check in the registration whose signed code is given (a bare token without its signature is INVALID).

    A code checks in once: a second scan changes nothing and reports when it was used. A code with a bad
    signature, an unknown token or (when `event` is given) a code of another event is INVALID.
    """
    if not can_check_in(by):
        raise NotAllowed()
    value = (token_or_code or "").strip()
    token = unsign_code(value)  # only a signed code: a bare token (without its signature) is refused
    if not token:
        return CheckInResult(CheckInOutcome.INVALID)
    now = timezone.now()
    marked = _mark_checked_in(token, event, getattr(by, "pk", None), now)
    if isinstance(marked, Registration):
        return CheckInResult(CheckInOutcome.OK, marked, marked.checked_in_at)
    registration = (Registration.objects.select_related("person__organisation", "project", "event")
                    .filter(check_in_token=token).first())
    if registration is None or (event is not None and registration.event_id != event.pk):
        return CheckInResult(CheckInOutcome.INVALID)
    if marked:
        return CheckInResult(CheckInOutcome.OK, registration, registration.checked_in_at)
    if registration.is_checked_in:
        return CheckInResult(CheckInOutcome.ALREADY, registration, registration.checked_in_at)
    return CheckInResult(CheckInOutcome.NOT_CONFIRMED, registration)


# On PostgreSQL one round trip marks the check-in and reads what the door shows: `set_config(..., true)` bounds
# the waits as `common.locks` does, and the UPDATE with the names joined to it; sent together they run as one
# implicit transaction, so a locked row gives up after DB_LOCK_TIMEOUT_MS instead of stalling the door.
_PG_MARK = (
    "SELECT set_config('lock_timeout', %s, true), set_config('statement_timeout', %s, true); "
    "WITH marked AS (UPDATE events_registration SET checked_in_at = %s, checked_in_by_id = %s, updated = %s "
    "WHERE check_in_token = %s AND status = %s AND checked_in_at IS NULL AND event_id = %s "
    "RETURNING id, person_id, project_id, checked_in_at) "
    "SELECT m.id, m.person_id, m.project_id, m.checked_in_at, p.name, p.organisation_id, o.name, j.title "
    "FROM marked m LEFT JOIN registry_person p ON p.id = m.person_id "
    "LEFT JOIN registry_organisation o ON o.id = p.organisation_id "
    "LEFT JOIN registry_project j ON j.id = m.project_id")


def _mark_checked_in(token: str, event: Event | None, by_id: int | None, now: datetime) -> Registration | bool:
    """Check in the confirmed, not yet checked-in registration with `token` (of `event`, when given) whose
    event is not cancelled. Two scans of one code check in once: False when this call did not check it in;
    on PostgreSQL the registration checked in, with its person, organisation and project names (the rest of
    its fields load when read); elsewhere True."""
    where: dict[str, object] = {"check_in_token": token, "status": RegistrationStatus.CONFIRMED,
                                "checked_in_at__isnull": True}
    if event is not None:
        if event.is_cancelled:
            return False
        where["event_id"] = event.pk
    connection = connections[Registration.objects.db]
    if event is None or connection.vendor != "postgresql" or connection.in_atomic_block:
        with transaction.atomic():
            bound_transaction(Registration.objects.db)
            return bool(Registration.objects.filter(**where).exclude(event__status=EventStatus.INSTALLD)
                        .update(checked_in_at=now, checked_in_by_id=by_id, updated=now))
    with connection.cursor() as cursor:
        cursor.execute(_PG_MARK, [f"{lock_timeout_ms()}ms", f"{statement_timeout_ms()}ms", now, by_id, now, token,
                                  RegistrationStatus.CONFIRMED, event.pk])
        cursor.nextset()
        row = cursor.fetchone()
    if row is None:
        return False
    pk, person_id, project_id, checked_in_at, name, organisation_id, organisation_name, title = row
    db = Registration.objects.db
    registration = Registration.from_db(db, ["id", "event_id", "person_id", "project_id", "status", "checked_in_at",
                                             "checked_in_by_id", "updated"],
                                        [pk, event.pk, person_id, project_id, RegistrationStatus.CONFIRMED,
                                         checked_in_at, by_id, now])
    registration.event = event
    if person_id is not None:
        person = Person.from_db(db, ["id", "name", "organisation_id"], [person_id, name, organisation_id])
        if organisation_id is not None:
            person.organisation = Organisation.from_db(db, ["id", "name"], [organisation_id, organisation_name])
        registration.person = person
    if project_id is not None:
        registration.project = Project.from_db(db, ["id", "title"], [project_id, title])
    return registration


def check_in_registration(*, registration: Registration, by: object) -> CheckInResult:
    """Check in a registration chosen by the organiser (after a search by name)."""
    if not can_check_in(by):
        raise NotAllowed()
    with transaction.atomic():
        locked = (for_update(Registration.objects.all(), of=("self",)).select_related("person", "event")
                  .get(pk=registration.pk))
        return _check_in_locked(locked, by)


def _check_in_locked(registration: Registration, by: object) -> CheckInResult:
    if registration.is_checked_in:
        return CheckInResult(CheckInOutcome.ALREADY, registration, registration.checked_in_at)
    if not registration.is_confirmed or registration.event.is_cancelled:
        return CheckInResult(CheckInOutcome.NOT_CONFIRMED, registration)
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = by if getattr(by, "pk", None) else None
    registration.save(update_fields=["checked_in_at", "checked_in_by", "updated"])
    return CheckInResult(CheckInOutcome.OK, registration, registration.checked_in_at)


def undo_check_in(*, registration: Registration, by: object) -> Registration:
    """Undo a mistaken check-in (the wrong name chosen in the search)."""
    if not can_check_in(by):
        raise NotAllowed()
    with transaction.atomic():
        locked = for_update(Registration.objects.all()).get(pk=registration.pk)
        locked.checked_in_at = None
        locked.checked_in_by = None
        locked.save(update_fields=["checked_in_at", "checked_in_by", "updated"])
    return locked
