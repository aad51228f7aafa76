"""The errors the application raises on purpose: one family, each with a stable `code`, an HTTP `status` and
a message in the caller's language.

The API turns every `ApplicationError` into an RFC 7807 problem document in one place
(`motesplats.common.api_problems`); a web view can show `str(error)` or render `error.as_problem()` alike.
Apps re-parent their typed errors onto this family (e.g. `events.services.errors.EventsError`).

    >>> error = NotFound()
    >>> error.status, error.code
    (404, 'not_found')
    >>> problem = ServiceUnavailable(retry_after=5).as_problem()
    >>> problem["status"], problem["code"], problem["retry_after"]
    (503, 'try_again', 5)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

PROBLEM_TYPE_PATH = "/api/problems/"  # a problem's `type` is this path plus its code, documented there


@dataclass(frozen=True)
class FieldError:
    """One bad value: `field` is a dotted path into the input ("title", "2.end"; "" for the whole input)."""

    field: str
    message: Any
    code: str = "invalid"

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "code": self.code, "message": str(self.message)}


class ApplicationError(Exception):
    """Base class. Subclasses set `code`, `status` and `title` (a short, translated summary of the kind);
    an instance may carry a more specific `message`, field errors and extra members for its problem body."""

    code: ClassVar[str] = "error"
    status: ClassVar[int] = 400
    title: ClassVar[Any] = _("Begäran kunde inte genomföras.")
    default_message: ClassVar[Any] = None  # the title when None

    def __init__(self, message: object | None = None, *, field_errors: list[FieldError] | None = None,
                 **extra: Any) -> None:
        self.message = message if message is not None else (self.default_message or self.title)
        self.field_errors = list(field_errors or [])
        self.extra = extra
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)

    def problem_errors(self) -> list[FieldError]:
        """The field errors of the problem body; subclasses with their own shape override this."""
        return self.field_errors

    def headers(self) -> dict[str, str]:
        return {}

    def as_problem(self) -> dict[str, Any]:
        """The RFC 7807 body, rendered in the active language."""
        body: dict[str, Any] = {"type": PROBLEM_TYPE_PATH + self.code, "title": str(self.title),
                                "status": self.status, "detail": str(self.message), "code": self.code}
        errors = self.problem_errors()
        if errors:
            body["errors"] = [error.as_dict() for error in errors]
        body.update(self.extra)
        return body


class BadRequest(ApplicationError):
    code = "bad_request"
    status = 400
    title = _("Begäran kunde inte läsas.")


class NotAuthenticated(ApplicationError):
    code = "not_authenticated"
    status = 401
    title = _("Inloggning krävs.")
    default_message = _("Logga in eller skicka en API-nyckel (Authorization: Bearer ...).")

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": 'Bearer realm="motesplats"'}


class InvalidToken(NotAuthenticated):
    code = "invalid_token"
    title = _("Ogiltig API-nyckel.")
    default_message = _("API-nyckeln är okänd, felaktigt skriven eller återkallad.")

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": 'Bearer realm="motesplats", error="invalid_token"'}


class NotAllowed(ApplicationError):
    code = "not_allowed"
    status = 403
    title = _("Du har inte behörighet att göra detta.")


class CsrfFailed(NotAllowed):
    code = "csrf_failed"
    title = _("CSRF-kontrollen misslyckades.")
    default_message = _("En skrivning med inloggad session behöver CSRF-token i huvudet X-CSRFToken.")


class NotFound(ApplicationError):
    code = "not_found"
    status = 404
    title = _("Hittades inte.")
    default_message = _("Det du söker finns inte, eller så får du inte se det.")


class Conflict(ApplicationError):
    """The request is well formed, but the current state of the resource does not allow it."""

    code = "conflict"
    status = 409
    title = _("Åtgärden går inte i det nuvarande läget.")


class PayloadTooLarge(ApplicationError):
    code = "payload_too_large"
    status = 413
    title = _("Begäran är för stor.")


class InvalidInput(ApplicationError):
    """Input that was read but is not valid; `field_errors` says what is wrong where."""

    code = "invalid_input"
    status = 422
    title = _("Uppgifterna innehåller fel.")

    def as_problem(self) -> dict[str, Any]:
        body = super().as_problem()
        errors = self.problem_errors()
        if errors and self.message is self.title:  # no message of its own: say what is wrong, briefly
            body["detail"] = "; ".join(f"{e.field}: {e.message}" if e.field else str(e.message)
                                       for e in errors[:5]) + (" …" if len(errors) > 5 else "")
        return body

    @classmethod
    def from_django(cls, error: Any) -> InvalidInput:
        """From a `django.core.exceptions.ValidationError` (e.g. of a model's `full_clean`)."""
        if hasattr(error, "error_dict"):
            field_errors = [FieldError("" if name == "__all__" else name, message, getattr(item, "code", None)
                                       or "invalid")
                            for name, items in error.error_dict.items() for item in items
                            for message in item.messages]
        else:
            field_errors = [FieldError("", message, getattr(error, "code", None) or "invalid")
                            for message in error.messages]
        return cls(field_errors=field_errors)


class TooManyRequests(ApplicationError):
    """Too many attempts (sign-ins, unknown API tokens, password resets) from one address or for one account:
    the caller may try again after `retry_after` seconds."""

    code = "too_many_requests"
    status = 429
    title = _("För många försök.")
    default_message = _("För många misslyckade försök. Vänta en stund och försök igen.")

    def __init__(self, message: object | None = None, *, retry_after: int = 900, **extra: Any) -> None:
        super().__init__(message, retry_after=retry_after, **extra)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class ServiceUnavailable(ApplicationError):
    """A temporary condition (a locked row, an overloaded database): the caller should try again after
    `retry_after` seconds (sent as the Retry-After header and as a member of the problem body)."""

    code = "try_again"
    status = 503
    title = _("Försök igen om en stund.")
    default_message = _("Tjänsten är tillfälligt upptagen. Inget har sparats; försök igen om en stund.")

    def __init__(self, message: object | None = None, *, retry_after: int = 5, **extra: Any) -> None:
        super().__init__(message, retry_after=retry_after, **extra)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


def error_classes() -> list[type[ApplicationError]]:
    """Every error class of the family (those of the apps once their modules are imported), one per code."""
    found: dict[str, type[ApplicationError]] = {}
    pending: list[type[ApplicationError]] = [ApplicationError]
    while pending:
        cls = pending.pop(0)
        found.setdefault(cls.code, cls)
        pending.extend(cls.__subclasses__())
    return sorted(found.values(), key=lambda cls: cls.code)
