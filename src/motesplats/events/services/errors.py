"""Domain errors of the seminar series. Each carries a translated message a view can show as is.

They belong to the application's error family (`motesplats.common.errors.ApplicationError`): a stable `code`
and an HTTP `status`, 409 when the state of the event or registration does not allow the action, 422 when
the input is wrong, 403 when the caller may not act.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from motesplats.common import errors
from motesplats.common.errors import ApplicationError, FieldError


class EventsError(ApplicationError):
    """Base class: `message` is a lazy translated string, `code` a stable machine-readable name. Raised as is
    for invalid input (422)."""

    code = "events_error"
    status = 422
    title = _("Åtgärden kunde inte genomföras.")


class RegistrationClosed(EventsError):
    code = "registration_closed"
    status = 409
    title = _("Anmälan till seminariet är stängd.")


class RegistrationNotOpen(RegistrationClosed):
    code = "registration_not_open"
    title = _("Anmälan till seminariet har inte öppnat ännu.")


class EventCancelled(EventsError):
    code = "event_cancelled"
    status = 409
    title = _("Seminariet är inställt.")


class EventNotPublished(EventsError):
    code = "event_not_published"
    status = 409
    title = _("Seminariet är inte publicerat.")


class AlreadyRegistered(EventsError):
    code = "already_registered"
    status = 409
    title = _("Personen är redan anmäld till seminariet.")

    def __init__(self, message: object | None = None, *, registration: object | None = None) -> None:
        super().__init__(message)
        self.registration = registration


class ConsentRequired(EventsError):
    code = "consent_required"
    status = 422
    title = _("Du behöver godkänna hur vi hanterar dina uppgifter för att kunna anmäla dig.")


class ProjectNotAllowed(EventsError):
    code = "project_not_allowed"
    status = 422
    title = _("Du kan bara representera ett projekt där du är kontaktperson.")


class NotAllowed(EventsError, errors.NotAllowed):
    code = "not_allowed"
    status = 403
    title = _("Du har inte behörighet att göra detta.")


class AlreadyCancelled(EventsError):
    code = "already_cancelled"
    status = 409
    title = _("Anmälan är redan avbokad.")


class InvalidTransition(EventsError):
    code = "invalid_transition"
    status = 409
    title = _("Seminariet kan inte ändras på det sättet i sitt nuvarande läge.")


class InvalidEvent(EventsError):
    """Field errors of an event: `errors` maps a field name to a list of messages."""

    code = "invalid_event"
    status = 422
    title = _("Uppgifterna om seminariet innehåller fel.")

    def __init__(self, errors: dict[str, list[object]]) -> None:
        super().__init__()
        self.errors = errors

    def problem_errors(self) -> list[FieldError]:
        return [FieldError(name, message) for name, messages in self.errors.items() for message in messages]


@dataclass(frozen=True)
class AgendaProblem:
    index: int  # position in the submitted list, 0-based
    field: str  # "" when the problem concerns the whole item
    message: object


class InvalidAgenda(EventsError):
    code = "invalid_agenda"
    status = 422
    title = _("Programmet innehåller fel och har inte sparats.")

    def __init__(self, problems: list[AgendaProblem]) -> None:
        super().__init__()
        self.problems = problems

    def problem_errors(self) -> list[FieldError]:
        return [FieldError(f"{p.index}.{p.field}" if p.field else str(p.index), p.message) for p in self.problems]


@dataclass(frozen=True)
class ImportProblem:
    line: int  # line number in the file, the header being line 1
    message: object


class ImportRejected(EventsError):
    code = "import_rejected"
    status = 422
    title = _("Filen innehåller fel. Inget har sparats.")

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__()
        self.problems = problems

    def problem_errors(self) -> list[FieldError]:
        return [FieldError(f"line.{p.line}", p.message, "invalid_line") for p in self.problems]


class CheckInRefused(EventsError):
    """A scanned code that did not check anyone in; the members name whom the code belongs to."""

    code = "check_in_refused"
    status = 409
    title = _("Ingen incheckning.")

    @staticmethod
    def from_result(result: Any) -> CheckInRefused:
        """The error for a `CheckInResult` that is not OK (already, not_confirmed, invalid)."""
        kind = {"already": AlreadyCheckedIn, "not_confirmed": NotConfirmed}.get(str(result.outcome), InvalidCode)
        registration = result.registration
        return kind(result.message, outcome=str(result.outcome),
                    registration_id=registration.pk if registration else None,
                    person_name=registration.person.name if registration and registration.person else None,
                    checked_in_at=result.checked_in_at.isoformat() if result.checked_in_at else None)


class AlreadyCheckedIn(CheckInRefused):
    code = "already_checked_in"
    status = 409
    title = _("Koden är redan använd.")


class NotConfirmed(CheckInRefused):
    code = "not_confirmed"
    status = 409
    title = _("Ingen bekräftad plats.")


class InvalidCode(CheckInRefused):
    code = "invalid_code"
    status = 422
    title = _("Ogiltig kod.")
