from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motesplats.registry.models import Organisation, Person, Project

from .models import FindingKind, FollowUpStatus


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} ({obj.organisation.name})"


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ"), choices=FindingKind.choices)
    finding = forms.CharField(label=_("Iakttagelse från bordet"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    action = forms.CharField(label=_("Vad ska göras"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    owner_person = PersonChoice(label=_("Ansvarig person"), required=False, queryset=Person.objects.none(),
                                empty_label=_("Ingen särskild person"))
    owner_organisation = forms.ModelChoiceField(label=_("Ansvarig organisation"), required=False,
                                                queryset=Organisation.objects.order_by("name"),
                                                help_text=_("Välj en person, en organisation eller båda."))
    projects = forms.ModelMultipleChoiceField(label=_("Berörda projekt"), required=False,
                                              queryset=Project.objects.order_by("title"),
                                              widget=forms.SelectMultiple(attrs={"size": 6}))
    due_date = forms.DateField(label=_("Klart senast"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    status = forms.ChoiceField(label=_("Läge"), choices=FollowUpStatus.choices, initial=FollowUpStatus.OPEN)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_person"].queryset = (Person.objects.filter(is_anonymised=False)
                                                .select_related("organisation").order_by("name"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("owner_person") and not data.get("owner_organisation"):
            raise forms.ValidationError(_("Välj en ansvarig person eller organisation."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Läge"), choices=FollowUpStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Kort lägesrapport"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
