"""Domain errors of the seminar series. Each carries a translated message a view can show as is."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


class EventsError(Exception):
    """Base class: `message` is a lazy translated string, `code` a stable machine-readable name."""

    code = "error"
    default_message = _("Åtgärden kunde inte genomföras.")

    def __init__(self, message: object | None = None) -> None:
        self.message = message if message is not None else self.default_message
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class RegistrationClosed(EventsError):
    code = "registration_closed"
    default_message = _("Anmälan till seminariet är stängd.")


class RegistrationNotOpen(RegistrationClosed):
    code = "registration_not_open"
    default_message = _("Anmälan till seminariet har inte öppnat ännu.")


class EventCancelled(EventsError):
    code = "event_cancelled"
    default_message = _("Seminariet är inställt.")


class EventNotPublished(EventsError):
    code = "event_not_published"
    default_message = _("Seminariet är inte publicerat.")


class AlreadyRegistered(EventsError):
    code = "already_registered"
    default_message = _("Personen är redan anmäld till seminariet.")

    def __init__(self, message: object | None = None, *, registration: object | None = None) -> None:
        super().__init__(message)
        self.registration = registration


class ConsentRequired(EventsError):
    code = "consent_required"
    default_message = _("Du behöver godkänna hur vi hanterar dina uppgifter för att kunna anmäla dig.")


class ProjectNotAllowed(EventsError):
    code = "project_not_allowed"
    default_message = _("Du kan bara representera ett projekt där du är kontaktperson.")


class NotAllowed(EventsError):
    code = "not_allowed"
    default_message = _("Du har inte behörighet att göra detta.")


class AlreadyCancelled(EventsError):
    code = "already_cancelled"
    default_message = _("Anmälan är redan avbokad.")


class InvalidTransition(EventsError):
    code = "invalid_transition"
    default_message = _("Seminariet kan inte ändras på det sättet i sitt nuvarande läge.")


class InvalidEvent(EventsError):
    """Field errors of an event: `errors` maps a field name to a list of messages."""

    code = "invalid_event"
    default_message = _("Uppgifterna om seminariet innehåller fel.")

    def __init__(self, errors: dict[str, list[object]]) -> None:
        super().__init__()
        self.errors = errors


@dataclass(frozen=True)
class AgendaProblem:
    index: int  # position in the submitted list, 0-based
    field: str  # "" when the problem concerns the whole item
    message: object


class InvalidAgenda(EventsError):
    code = "invalid_agenda"
    default_message = _("Programmet innehåller fel och har inte sparats.")

    def __init__(self, problems: list[AgendaProblem]) -> None:
        super().__init__()
        self.problems = problems


@dataclass(frozen=True)
class ImportProblem:
    line: int  # line number in the file, the header being line 1
    message: object


class ImportRejected(EventsError):
    code = "import_rejected"
    default_message = _("Filen innehåller fel. Inget har sparats.")

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__()
        self.problems = problems
