"""The pieces every app's `api.py` builds on: the API class, input schemas, pagination.

- `MotesplatsAPI`: a NinjaAPI whose errors are RFC 7807 problems (`api_problems`), whose JSON bodies are read
  with bounds (size, depth, number length, no control characters) and whose OpenAPI document marks anonymous
  reads, documents every problem an operation can answer with, and refuses two schemas with one name.
- `InputSchema`: the base of request bodies; a body that is not a JSON object is refused (422).
- `Pagination`: limit/offset with bounds, so no value reaches the database that it cannot hold.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Field, NinjaAPI, Schema
from ninja.errors import ConfigError
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from . import api_problems
from .errors import BadRequest, FieldError, InvalidInput
from .validation import INT32_MAX, check_strings, check_text, load_json

DEFAULT_PAGE, MAX_PAGE = 20, 100


class BoundedJSONParser(Parser):
    """JSON bodies and query strings read as untrusted input; errors become problems (400, 413 or 422)."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            data = load_json(request.body)
            check_strings(data)
        except ValidationError as error:
            if getattr(error, "code", None) == "json_invalid":
                raise BadRequest(error.messages[0]) from None
            raise InvalidInput.from_django(error) from None
        return data

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> Any:
        field_errors = []
        for key, values in data.lists():
            for text in (key, *values):
                try:
                    check_text(text)
                except ValidationError as error:
                    field_errors.append(FieldError(key if text != key else "", error.messages[0],
                                                   error.code or "invalid"))
        if field_errors:
            raise InvalidInput(field_errors=field_errors)
        return super().parse_querydict(data, list_fields, request)


class InputSchema(Schema):
    """A request body: a JSON object, never a bare string, number or list (those once set fields by accident,
    through ninja's attribute lookup on the value)."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: Any, info: ValidationInfo) -> Any:
        if not isinstance(values, dict):
            raise PydanticCustomError("model_type", "Input should be a JSON object")
        return handler(values)


class PageQuery(Schema):
    limit: int = Field(DEFAULT_PAGE, ge=1, le=MAX_PAGE, description=f"How many items (at most {MAX_PAGE})")
    offset: int = Field(0, ge=0, le=INT32_MAX, description="How many items to skip")


class Pagination(LimitOffsetPagination):
    Input = PageQuery  # type: ignore[assignment]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE, **kwargs)


# --- the OpenAPI document ------------------------------------------------------------------------------


def allows_anonymous(operation: Operation) -> bool:
    return any(getattr(callback, "allows_anonymous", False) for callback in operation.auth_callbacks)


class MotesplatsOpenAPI(OpenAPISchema):
    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        security = super().operation_security(operation)
        if security is not None and allows_anonymous(operation):
            security.append({})  # OpenAPI: this operation may also be called without credentials
        return security

    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        automatic = {503}
        if operation.auth_callbacks:
            automatic.update({401, 429})  # 429: too many unknown API tokens from one address
        if operation.models:
            automatic.add(422)
        if any(model.__ninja_param_source__ == "body" for model in operation.models):
            automatic.update({400, 413})
        problem_schema = self._problem_schema()
        for status in sorted(automatic - set(result)):
            result[status] = {"description": _description(status)}
        for status, details in result.items():
            if status >= 400:
                details.pop("content", None)
                details["content"] = {api_problems.PROBLEM_MEDIA_TYPE: {"schema": problem_schema}}
                if status in {429, 503}:
                    details["headers"] = {"Retry-After": {"description": "Seconds to wait before trying again",
                                                          "schema": {"type": "integer"}}}
        return dict(sorted(result.items()))

    def _problem_schema(self) -> dict[str, Any]:
        schema = api_problems.Problem.model_json_schema(ref_template=REF_TEMPLATE, mode="serialization",
                                                        schema_generator=NinjaGenerateJsonSchema)
        self.add_schema_definitions({**schema.pop("$defs", {}), "Problem": schema})
        return {"$ref": REF_TEMPLATE.format(model="Problem")}

    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            if name in self.schemas and self.schemas[name] != definition:
                raise ConfigError(f"Two OpenAPI schemas are named {name!r}: give one of them another name")
        super().add_schema_definitions(definitions)


def _description(status: int) -> str:
    from http.client import responses

    return responses.get(status, "Error")


class MotesplatsAPI(NinjaAPI):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("parser", BoundedJSONParser())
        super().__init__(**kwargs)
        api_problems.install(self)

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> MotesplatsOpenAPI:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return MotesplatsOpenAPI(self, path_prefix)


def one_of(choices: Any, *, blank: bool = False) -> Any:
    """A `Literal` of a TextChoices' values (plus "" with `blank`), so the OpenAPI document lists them.

    >>> from typing import get_args
    >>> from motesplats.registry.models import Openness
    >>> get_args(one_of(Openness, blank=True))[:2]
    ('', 'öppen')
    """
    from typing import Literal

    values = ([""] if blank else []) + [str(value) for value in getattr(choices, "values", choices)]
    return Literal.__getitem__(tuple(values))
