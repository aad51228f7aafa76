from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motesplats.registry.models import Organisation, Project, Theme

STATUS_CHOICES = [("confirmed", _("Anmälda med plats")), ("waitlisted", _("På väntelistan")),
                  ("checked_in", _("Incheckade"))]


class InvitationForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisationer"), queryset=Organisation.objects.order_by("name"), required=False,
        help_text=_("Tomt: alla organisationer."), widget=forms.SelectMultiple(attrs={"size": 6}))
    themes = forms.ModelMultipleChoiceField(
        label=_("Teman"), queryset=Theme.objects.order_by("name"), required=False,
        help_text=_("Kontaktpersoner i projekt med något av temana. Tomt: alla."),
        widget=forms.SelectMultiple(attrs={"size": 6}))
    projects = forms.ModelMultipleChoiceField(
        label=_("Projekt"), queryset=Project.objects.order_by("title"), required=False,
        help_text=_("Kontaktpersoner i något av projekten. Tomt: alla."),
        widget=forms.SelectMultiple(attrs={"size": 6}))
    subject = forms.CharField(label=_("Ämne"), max_length=200)
    body = forms.CharField(label=_("Egen hälsning"), required=False, max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("Visas före seminariets uppgifter och den personliga anmälningslänken."))

    def label(self) -> str:
        data: dict[str, Any] = self.cleaned_data
        parts = [", ".join(str(item) for item in data.get(name) or []) for name in ("organisations", "themes",
                                                                                     "projects")]
        chosen = " · ".join(part for part in parts if part)
        return chosen or str(_("Alla i registret"))


class MessageForm(forms.Form):
    statuses = forms.MultipleChoiceField(label=_("Till"), choices=STATUS_CHOICES,
                                         widget=forms.CheckboxSelectMultiple, initial=["confirmed"])
    subject = forms.CharField(label=_("Ämne"), max_length=200)
    body = forms.CharField(label=_("Meddelande"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))

    def label(self) -> str:
        chosen = dict(STATUS_CHOICES)
        return ", ".join(str(chosen[value]) for value in self.cleaned_data.get("statuses") or [])
