"""Templates compare with enum constants or model properties, never with a raw enum value such as 'publicerad'.

Every template of the project is scanned: a quoted string in a template tag (`{% if ... %}`, `{% elif %}`,
`{% with %}`, `{% include ... with x="..." %}`, ...) that is the value of one of the project's TextChoices
fails the test; use `event.is_published`, or `EventStatus.PUBLICERAD` (the `choices` context processor gives
every template the TextChoices classes by name).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory

import motesplats
from motesplats.common.context_processors import project_choices

TEMPLATES = sorted(Path(motesplats.__file__).parent.rglob("templates/**/*.html"))
TAG = re.compile(r"{%\s*(\w+)(.*?)%}", re.S)
QUOTED = re.compile(r"""(["'])(.*?)\1""")
WORDS_ONLY = {"translate", "trans", "blocktranslate", "blocktrans", "plural", "comment", "load", "url", "extends",
              "block", "static", "csrf_token"}


def enum_values() -> dict[str, str]:
    values = {}
    for name, choices in project_choices().items():
        for value in choices.values:
            values[str(value)] = f"{name}.{choices(value).name}"
    return values


def raw_enum_literals(text: str, values: dict[str, str]) -> list[str]:
    found = []
    for tag, body in TAG.findall(text):
        if tag in WORDS_ONLY:
            continue
        for _quote, literal in QUOTED.findall(body):
            if literal in values:
                found.append(f"{{% {tag}{body.rstrip()} %}}: '{literal}' is {values[literal]}")
    return found


def test_the_project_has_its_enums_and_templates() -> None:
    values = enum_values()
    assert {"publicerad", "confirmed", "speed_dating", "samarbetar", "organiser", "öppen"} <= set(values)
    assert len(TEMPLATES) > 50


def test_the_scan_finds_a_raw_enum_value_in_a_comparison() -> None:
    values = enum_values()
    assert raw_enum_literals("{% if event.status == 'publicerad' %}x{% endif %}", values)
    assert raw_enum_literals('{% elif item.kind == "speed_dating" %}', values)
    assert raw_enum_literals("{% include 'x.html' with status='waitlisted' %}", values)
    assert not raw_enum_literals("{% if event.is_published %}{% translate 'Publicerad' %}{% endif %}", values)
    assert not raw_enum_literals("{% if event.status == EventStatus.PUBLICERAD %}{% endif %}", values)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path).split("templates/", 1)[-1])
def test_no_template_compares_with_a_raw_enum_value(template: Path) -> None:
    problems = raw_enum_literals(template.read_text(encoding="utf-8"), enum_values())
    assert not problems, f"{template}: use a model property or the enum constant instead:\n" + "\n".join(problems)


def test_templates_see_the_enum_classes(rf: RequestFactory) -> None:
    template = engines["django"].from_string(
        "{% if status == EventStatus.PUBLICERAD %}yes{% endif %}|{{ VerdictStatus.SAMARBETAR }}")
    assert template.render({"status": "publicerad"}, request=rf.get("/")) == "yes|samarbetar"
