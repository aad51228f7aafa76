from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action
from .selectors import AuditFilters


class AuditSearchForm(forms.Form):
    q = forms.CharField(label=_("Sök"), required=False, max_length=200,
                        help_text=_("Den som utförde händelsen, eller det den gäller."))
    action = forms.ChoiceField(label=_("Händelse"), required=False,
                               choices=[("", _("Alla"))] + list(Action.choices))
    since = forms.DateField(label=_("Från och med"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Till och med"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def filters(self) -> AuditFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return AuditFilters(q=data.get("q", "") or "", action=data.get("action", "") or "",
                            since=data.get("since"), until=data.get("until"))
