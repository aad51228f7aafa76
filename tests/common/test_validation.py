"""The shared input checks: the same rules for forms (Django validators), the API (pydantic types) and imports."""

from __future__ import annotations

import datetime as dt
import doctest

import pytest
from django import forms
from django.core.exceptions import ValidationError
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from motesplats.common import api_problems, errors, validation


@pytest.mark.parametrize("module", [validation, errors, api_problems])
def test_the_examples_in_the_docstrings_hold(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["a\x00b", "\x1b[31m", "\x7f", "\x85", "\ud800", "\uffff"])
def test_control_characters_and_lone_surrogates_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validation.check_text(text)
    assert caught.value.code == "control_characters"


def test_tabs_line_breaks_and_any_language_are_fine() -> None:
    validation.check_text("Rad 1\r\n\tRad 2 – Åsa, Ødegaard, 東京, 🚲")


def test_a_form_field_uses_the_same_check() -> None:
    class NoteForm(forms.Form):
        note = forms.CharField(validators=[validation.check_text])

    form = NoteForm(data={"note": "a\x1bb"})  # Django itself refuses only NUL
    assert not form.is_valid() and form.errors["note"] == ["Texten innehåller otillåtna tecken (kontrolltecken)."]


def test_integer_ranges_name_the_limit() -> None:
    validation.check_int_range(validation.INT32_MAX, maximum=validation.INT32_MAX)
    with pytest.raises(ValidationError, match="2147483647"):
        validation.check_int_range(2**31, maximum=validation.INT32_MAX)
    with pytest.raises(ValidationError, match="minst 1"):
        validation.check_int_range(0, minimum=1)


@pytest.mark.parametrize("value", ["2026-05-12T13:00:00+23:59", "2026-05-12T13:00:00-13:00",
                                   "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-11:00"])
def test_datetimes_out_of_range_are_refused_by_the_api_type(value: str) -> None:
    with pytest.raises(PydanticError):
        TypeAdapter(validation.DateTime).validate_python(value)


def test_datetimes_in_range_pass() -> None:
    parsed = TypeAdapter(validation.DateTime).validate_python("2026-05-12T13:00:00+14:00")
    assert parsed.utcoffset() == dt.timedelta(hours=14)
    validation.check_datetime(dt.datetime(2026, 5, 12, 13, tzinfo=dt.UTC))


def test_json_is_bounded_in_size_depth_and_digits() -> None:
    assert validation.load_json('{"a": [1, 2.5, "x"]}') == {"a": [1, 2.5, "x"]}
    for raw, code in [("x" * 11, "json_too_large"), ("[" * 30 + "]" * 30, "json_too_deep"),
                      ("[" * 100_000 + "]" * 100_000, "json_too_deep"), ("1" * 40, "number_too_long"),
                      ("NaN", "json_invalid"), ("{", "json_invalid")]:
        with pytest.raises(ValidationError) as caught:
            validation.load_json(raw, max_bytes=10 if code == "json_too_large" else 10**6)
        assert caught.value.code == code, raw[:20]


def test_strings_anywhere_in_json_are_checked_and_located() -> None:
    with pytest.raises(ValidationError) as caught:
        validation.check_strings({"items": [{"title": "ok"}, {"title": "a\x00"}]})
    assert list(caught.value.error_dict) == ["items.1.title"]
