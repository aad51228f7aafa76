"""The person picker: pick people by typing a name, never from a Ctrl-click list of everybody.

The chosen are ticked boxes (untick to remove); the search box asks `search_url` (htmx) for matches, each a
button that adds the person. Works with the keyboard alone; the field's label names the search box. The
search endpoint answers with `results` (matches) or `chosen` (the one picked) below.

    field = forms.ModelMultipleChoiceField(queryset=..., widget=PersonPicker(multiple=True))
    form.fields["field"].widget.search_url = reverse("registry:person_pick")
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

FIELD_NAME = re.compile(r"^[A-Za-z][\w-]{0,99}$")


class PersonPicker(forms.Widget):
    template_name = "common/widgets/person_picker.html"

    def __init__(self, *, multiple: bool, search_url: str = "", attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.multiple = multiple
        self.search_url = search_url
        self.choices: Any = []

    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v) for v in values if v not in (None, "")]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        wanted = set(context["widget"]["value"])
        chosen = {str(k): str(v) for k, v in self.choices if str(k) in wanted}
        context["widget"].update({"chosen": [(v, chosen[v]) for v in context["widget"]["value"] if v in chosen],
                                  "multiple": self.multiple, "search_url": self.search_url})
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False

    def id_for_label(self, id_: str) -> str:
        return f"{id_}-q"


def person_label(person: Any) -> str:
    organisation = getattr(person, "organisation", None)
    return f"{person.name} ({organisation.name})" if organisation is not None else person.name


def answer(request: HttpRequest, *, field: str, multiple: bool, search: Any, pick: Any) -> HttpResponse:
    """The endpoint's answer for one picker field: `search(query, exclude)` -> people, `pick(value)` -> person
    or None. An empty answer when nothing is asked (or the person is already chosen)."""
    context: dict[str, Any] = {"name": field, "id": f"id_{field}", "multiple": multiple,
                               "search_url": request.path}
    chosen = set(request.GET.getlist(field))
    value = request.GET.get("pick", "")
    if value:
        person = pick(value) if value.isdigit() else None
        if person is None or (multiple and value in chosen):
            return HttpResponse("")
        return render(request, "common/widgets/_picker_chosen.html",
                      {**context, "value": str(person.pk), "label": person_label(person)})
    query = request.GET.get(f"{field}-q", request.GET.get("q", "")).strip()
    people = search(query, chosen) if query else []
    return render(request, "common/widgets/_picker_results.html", {**context, "query": query, "people": people})
