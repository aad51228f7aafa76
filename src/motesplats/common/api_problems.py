"""Every error of the API becomes one RFC 7807 problem document (`application/problem+json`), here and only here.

    {"type": "https://host/api/problems/registration_closed", "title": "...", "status": 409,
     "detail": "Anmälan till seminariet är stängd.", "code": "registration_closed"}

Invalid input adds `errors`: `[{"field": "title", "code": "string_too_long", "message": "..."}]`. Titles and
messages are in the caller's language. `install(api)` registers the handlers on the NinjaAPI object;
operations document their problems with `problems(403, 404, ...)` in their `response` dict.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Router, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .api_auth import read_auth
from .errors import (
    ApplicationError,
    BadRequest,
    FieldError,
    InvalidInput,
    NotAllowed,
    NotAuthenticated,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    error_classes,
)
from .locks import is_database_busy, retry_after

PROBLEM_MEDIA_TYPE = "application/problem+json"
logger = logging.getLogger(__name__)


class ProblemFieldError(Schema):
    field: str = Field(..., description='Dotted path of the bad value ("title", "2.end"); "" for the whole input')
    code: str = Field(..., description="Stable name of the rule that failed")
    message: str = Field(..., description="What is wrong, in the caller's language")


class Problem(Schema):
    """An error (RFC 7807). `code` is stable; `title` and `detail` are in the caller's language."""

    type: str = Field(..., description="URI of the problem type; GET it for its documentation")
    title: str
    status: int
    detail: str
    code: str
    errors: list[ProblemFieldError] | None = Field(None, description="Invalid input: what is wrong where")
    retry_after: int | None = Field(None, description="Seconds to wait before trying again (503)")


class ProblemTypeOut(Schema):
    code: str
    status: int
    title: str


router = Router(tags=["problems"])


@router.get("/problems", response=list[ProblemTypeOut], auth=read_auth)
def list_problem_types(request: HttpRequest) -> list[dict[str, Any]]:
    """Every problem `code` the API answers with, its HTTP status and its title in the caller's language."""
    return [_problem_type(cls) for cls in error_classes()]


@router.get("/problems/{code}", response={200: ProblemTypeOut, 404: Problem}, auth=read_auth)
def get_problem_type(request: HttpRequest, code: Annotated[str, Path(max_length=100)]) -> dict[str, Any]:
    """The problem type a problem's `type` URI names."""
    for cls in error_classes():
        if cls.code == code:
            return _problem_type(cls)
    raise NotFound()


def _problem_type(cls: type[ApplicationError]) -> dict[str, Any]:
    return {"code": cls.code, "status": cls.status, "title": str(cls.title)}


def problems(*statuses: int) -> dict[int, type[Problem]]:
    """The problems an operation answers with, for its `response` dict: `{200: Out, **problems(403, 404)}`."""
    return {status: Problem for status in statuses}


# Messages of pydantic's error types, in the caller's language; `{name}` takes the error's context.
PYDANTIC_MESSAGES: dict[str, Any] = {
    "missing": _("Fältet måste anges."),
    "model_type": _("Ska vara ett JSON-objekt."),
    "model_attributes_type": _("Ska vara ett JSON-objekt."),
    "dict_type": _("Ska vara ett JSON-objekt."),
    "list_type": _("Ska vara en lista."),
    "string_type": _("Ska vara en text."),
    "string_too_short": _("Texten måste ha minst {min_length} tecken."),
    "string_too_long": _("Texten får ha högst {max_length} tecken."),
    "string_pattern_mismatch": _("Texten har fel form."),
    "int_type": _("Ska vara ett heltal."),
    "int_parsing": _("Ska vara ett heltal."),
    "int_from_float": _("Ska vara ett heltal."),
    "int_parsing_size": _("Talet är för stort."),
    "float_type": _("Ska vara ett tal."),
    "float_parsing": _("Ska vara ett tal."),
    "finite_number": _("Ska vara ett ändligt tal."),
    "bool_type": _("Ska vara sant eller falskt (true/false)."),
    "bool_parsing": _("Ska vara sant eller falskt (true/false)."),
    "greater_than": _("Ska vara större än {gt}."),
    "greater_than_equal": _("Ska vara minst {ge}."),
    "less_than": _("Ska vara mindre än {lt}."),
    "less_than_equal": _("Får vara högst {le}."),
    "datetime_type": _("Ska vara en tidpunkt (ISO 8601, t.ex. 2026-05-12T13:00:00+02:00)."),
    "datetime_parsing": _("Ska vara en tidpunkt (ISO 8601, t.ex. 2026-05-12T13:00:00+02:00)."),
    "datetime_from_date_parsing": _("Ska vara en tidpunkt (ISO 8601, t.ex. 2026-05-12T13:00:00+02:00)."),
    "date_type": _("Ska vara ett datum (ÅÅÅÅ-MM-DD)."),
    "date_parsing": _("Ska vara ett datum (ÅÅÅÅ-MM-DD)."),
    "date_from_datetime_parsing": _("Ska vara ett datum (ÅÅÅÅ-MM-DD)."),
    "date_from_datetime_inexact": _("Ska vara ett datum (ÅÅÅÅ-MM-DD)."),
    "time_type": _("Ska vara ett klockslag (TT:MM)."),
    "time_parsing": _("Ska vara ett klockslag (TT:MM)."),
    "literal_error": _("Ogiltigt värde; tillåtna är: {expected}."),
    "enum": _("Ogiltigt värde; tillåtna är: {expected}."),
    "too_long": _("Listan får ha högst {max_length} element."),
    "too_short": _("Listan måste ha minst {min_length} element."),
    "extra_forbidden": _("Okänt fält."),
    "none_required": _("Ska vara null."),
    "json_invalid": _("Ogiltig JSON."),
}


def translate_validation(errors: list[dict[str, Any]]) -> list[FieldError]:
    """Ninja's validation errors -> field errors with translated messages.

    >>> [e.as_dict() for e in translate_validation([{"type": "missing", "loc": ("body", "payload", "title"),
    ...                                              "msg": "Field required"}])]
    [{'field': 'title', 'code': 'missing', 'message': 'Fältet måste anges.'}]
    """
    result = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in {"body", "query", "path", "header", "cookie", "form"}:
            source, loc = loc[0], loc[1:]
            if source == "body" and loc and loc[0] in {"payload", "body"}:
                loc = loc[1:]
        kind = error.get("type", "invalid")
        if kind in {"too_short", "too_long"} and (error.get("ctx") or {}).get("field_type") != "List":
            kind = f"string_{kind}"  # a length rule on an optional text
            error = {**error, "ctx": {"min_length": (error.get("ctx") or {}).get("min_length"),
                                      "max_length": (error.get("ctx") or {}).get("max_length")}}
        template = PYDANTIC_MESSAGES.get(kind)
        if template is None:
            message: Any = str(error.get("msg", ""))
        else:
            context = {key: _short(value) for key, value in (error.get("ctx") or {}).items()}
            try:
                message = str(template).format(**context)
            except (KeyError, IndexError):
                message = str(template)
        result.append(FieldError(".".join(loc), message, kind))
    return result


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 200 else text[:200] + "…"


def problem_response(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    body = error.as_problem()
    body["type"] = request.build_absolute_uri(body["type"])
    response = HttpResponse(json.dumps(body, ensure_ascii=False, cls=DjangoJSONEncoder), status=error.status,
                            content_type=f"{PROBLEM_MEDIA_TYPE}; charset=utf-8")
    for name, value in error.headers().items():
        response[name] = value
    response.headers.setdefault("Content-Language", request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE")
                                else "sv")
    return response


def as_application_error(exc: Exception) -> ApplicationError | None:
    """The ApplicationError an exception stands for, or None for a bug (which stays a 500)."""
    if isinstance(exc, ApplicationError):
        return exc
    if is_database_busy(exc):
        return ServiceUnavailable(retry_after=retry_after())
    if isinstance(exc, NinjaValidationError):
        return InvalidInput(field_errors=translate_validation(exc.errors))
    if isinstance(exc, DjangoValidationError):
        return InvalidInput.from_django(exc)
    if isinstance(exc, Http404):
        return NotFound()
    if isinstance(exc, PermissionDenied):
        return NotAllowed()
    if isinstance(exc, AuthenticationError):
        return NotAuthenticated()
    if isinstance(exc, AuthorizationError):
        return NotAllowed()
    if isinstance(exc, HttpError):
        cause = exc.__cause__
        if cause is not None:  # the body parser's own error (see motesplats.common.api.BoundedJSONParser)
            translated = as_application_error(cause)
            if translated is not None:
                return translated
            if isinstance(cause, RequestDataTooBig):
                return PayloadTooLarge()
        by_status: dict[int, type[ApplicationError]] = {400: BadRequest, 401: NotAuthenticated, 403: NotAllowed,
                                                        404: NotFound}
        if exc.status_code in by_status:
            return by_status[exc.status_code]()
        logger.warning("HttpError %s raised in the API: raise an ApplicationError instead", exc.status_code)
        return None
    return None


def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
    error = as_application_error(exc)
    if error is None:
        raise exc  # a bug: Django's 500 handling (and logging) take over
    return problem_response(request, error)


def install(api: Any) -> None:
    """Route every exception through `handle` (replacing ninja's English-only defaults)."""
    for exc_class in (Exception, ApplicationError, NinjaValidationError, DjangoValidationError, Http404,
                      PermissionDenied, HttpError):
        api.add_exception_handler(exc_class, handle)
