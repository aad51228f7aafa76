"""Checks of untrusted input, shared by forms, the API and imports: text, integer ranges, datetimes, JSON.

Each check is a plain function that raises `django.core.exceptions.ValidationError` with a stable code and a
translated message, so a form field takes it as a validator. The API uses the same checks through the pydantic
types at the bottom (`Text`, `Slug`, `Id`, `Int32`, `DateTime`, ...), and every JSON body is read with
`load_json` and `check_strings`.

    >>> check_text("Stockholm\\n")
    >>> check_text("a\\x00b")
    Traceback (most recent call last):
    ...
    django.core.exceptions.ValidationError: ['Texten innehåller otillåtna tecken (kontrolltecken).']
    >>> check_int_range(2**31, maximum=INT32_MAX)
    Traceback (most recent call last):
    ...
    django.core.exceptions.ValidationError: ['Värdet får vara högst 2147483647.']
    >>> load_json(b'{"a": [1, 2]}')
    {'a': [1, 2]}
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

INT16_MAX = 2**15 - 1  # PositiveSmallIntegerField
INT32_MAX = 2**31 - 1  # IntegerField, PositiveIntegerField
INT64_MAX = 2**63 - 1  # BigAutoField ids
YEAR_MIN, YEAR_MAX = 1900, 2999
OFFSET_MAX = dt.timedelta(hours=14)  # the widest offset in use on Earth (UTC+14, UTC-12)
JSON_MAX_DEPTH = 20
JSON_MAX_BYTES = 1_000_000
JSON_MAX_DIGITS = 30  # a number with more digits is no count, id or amount of ours

# C0 controls except tab, line feed and carriage return; DEL and the C1 controls; lone surrogates (which no
# database can store); the Unicode noncharacters U+FFFE and U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def check_text(value: str) -> None:
    """No control characters (tab and line breaks are fine), no lone surrogates."""
    if _FORBIDDEN.search(value):
        raise ValidationError(_("Texten innehåller otillåtna tecken (kontrolltecken)."), code="control_characters")


def check_int_range(value: int, *, minimum: int | None = None, maximum: int | None = None) -> None:
    if minimum is not None and value < minimum:
        raise ValidationError(_("Värdet måste vara minst %(limit)s.") % {"limit": minimum}, code="too_small")
    if maximum is not None and value > maximum:
        raise ValidationError(_("Värdet får vara högst %(limit)s.") % {"limit": maximum}, code="too_large")


def check_datetime(value: dt.datetime) -> None:
    """A year the calendar can hold (YEAR_MIN..YEAR_MAX) and, if the time has an offset, one in use on Earth."""
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValidationError(_("Årtalet måste ligga mellan %(min)s och %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX},
                              code="year_out_of_range")
    offset = value.utcoffset()
    if offset is not None and not -dt.timedelta(hours=12) <= offset <= OFFSET_MAX:
        raise ValidationError(_("Tidszonen måste ligga mellan -12:00 och +14:00."), code="offset_out_of_range")


def check_date(value: dt.date) -> None:
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValidationError(_("Årtalet måste ligga mellan %(min)s och %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX},
                              code="year_out_of_range")


def load_json(raw: bytes | str, *, max_bytes: int = JSON_MAX_BYTES, max_depth: int = JSON_MAX_DEPTH) -> Any:
    """Parse JSON that came from outside: bounded size, nesting and number length; clear errors, never a crash.

    >>> load_json("[[[1]]]", max_depth=2)
    Traceback (most recent call last):
    ...
    django.core.exceptions.ValidationError: ['JSON-datat är för djupt nästlat (högst 2 nivåer).']
    """
    if len(raw) > max_bytes:
        raise ValidationError(_("JSON-datat är för stort (högst %(limit)s byte).") % {"limit": max_bytes},
                              code="json_too_large")
    try:
        value = json.loads(raw, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_refuse_constant)
    except ValidationError:
        raise
    except RecursionError:
        raise ValidationError(_("JSON-datat är för djupt nästlat (högst %(limit)s nivåer).") % {"limit": max_depth},
                              code="json_too_deep") from None
    except ValueError as error:
        raise ValidationError(_("Ogiltig JSON: %(error)s") % {"error": error}, code="json_invalid") from error
    if _depth(value) > max_depth:
        raise ValidationError(_("JSON-datat är för djupt nästlat (högst %(limit)s nivåer).") % {"limit": max_depth},
                              code="json_too_deep")
    return value


def check_strings(value: Any, path: str = "") -> None:
    """`check_text` on every string (keys too) of parsed JSON; the error names where the bad text is."""
    if isinstance(value, str):
        try:
            check_text(value)
        except ValidationError as error:
            raise ValidationError({path or "__all__": error.error_list}) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            check_strings(key, path)
            check_strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_strings(item, f"{path}.{index}" if path else str(index))


def _depth(value: Any) -> int:
    """Nesting of lists and objects: 0 for a scalar, 1 for a flat list."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
        else:
            deepest = max(deepest, level)
            continue
        deepest = max(deepest, level + 1)
    return deepest


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > JSON_MAX_DIGITS:
        raise ValidationError(_("Talet har för många siffror (högst %(limit)s).") % {"limit": JSON_MAX_DIGITS},
                              code="number_too_long")
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > JSON_MAX_DIGITS + 10:
        raise ValidationError(_("Talet har för många siffror (högst %(limit)s).") % {"limit": JSON_MAX_DIGITS},
                              code="number_too_long")
    return float(text)


def _refuse_constant(name: str) -> Any:
    raise ValidationError(_("Ogiltig JSON: %(error)s") % {"error": name}, code="json_invalid")


# --- the same checks as pydantic types, for the API's schemas --------------------------------------------


def _pydantic(check: Callable[[Any], None]) -> Callable[[Any], Any]:
    def validate(value: Any) -> Any:
        try:
            check(value)
        except ValidationError as error:
            raise PydanticCustomError(error.code or "invalid", str(error.messages[0])) from None
        return value

    return validate


# The same rule as `_FORBIDDEN` for the OpenAPI document (an ECMA-262 pattern; lone surrogates cannot be written
# in one, and no JSON generator makes them by chance), so that clients and test generators know it.
TEXT_PATTERN = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]*$"

Text = Annotated[str, AfterValidator(_pydantic(check_text)), Field(json_schema_extra={"pattern": TEXT_PATTERN})]
"""Any text without control characters; give it a `max_length` with `Field` where the model has one."""

SearchText = Annotated[str, StringConstraints(max_length=200), AfterValidator(_pydantic(check_text)),
                       Field(json_schema_extra={"pattern": TEXT_PATTERN})]
Slug = Annotated[str, StringConstraints(min_length=1, max_length=300, pattern=r"^[-a-zA-Z0-9_]+$")]
Id = Annotated[int, Field(ge=1, le=INT64_MAX)]
Int32 = Annotated[int, Field(ge=-INT32_MAX - 1, le=INT32_MAX)]
PositiveInt32 = Annotated[int, Field(ge=1, le=INT32_MAX)]
PositiveInt16 = Annotated[int, Field(ge=1, le=INT16_MAX)]
DateTime = Annotated[dt.datetime, AfterValidator(_pydantic(check_datetime))]
Date = Annotated[dt.date, AfterValidator(_pydantic(check_date))]
