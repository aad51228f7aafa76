from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motesplats.common.person_picker import PersonPicker

from .services import PlanOptions


class PlanOptionsForm(forms.Form):
    rounds = forms.IntegerField(label=_("Antal rundor"), min_value=1, max_value=20)
    tables = forms.IntegerField(label=_("Antal bord"), min_value=1, max_value=200, required=False,
                                help_text=_("Lämna tomt och ange bordsstorlek i stället om du vill."))
    table_size = forms.IntegerField(label=_("Högst antal personer per bord"), min_value=2, max_value=50,
                                    required=False)
    w_organisation = forms.DecimalField(label=_("Vikt: blanda organisationer"), min_value=0, max_value=5,
                                        decimal_places=1, initial=1.0)
    w_related = forms.DecimalField(label=_("Vikt: närliggande projekt"), min_value=0, max_value=5,
                                   decimal_places=1, initial=0.5)
    w_role = forms.DecimalField(label=_("Vikt: blanda roller"), min_value=0, max_value=5, decimal_places=1,
                                initial=0.3)
    hosts = forms.MultipleChoiceField(label=_("Bordsvärdar (får var sitt bord, i ordning)"), required=False,
                                      widget=PersonPicker(multiple=True),
                                      help_text=_("Skriv ett namn och välj personen i listan. Avmarkera en vald "
                                                  "för att ta bort den."))
    apart = forms.MultipleChoiceField(label=_("Par som hålls isär"), required=False,
                                      widget=forms.CheckboxSelectMultiple,
                                      help_text=_("Avmarkera ett par för att ta bort det."))
    apart_a = forms.ChoiceField(label=_("Håll isär: person 1"), required=False,
                                widget=PersonPicker(multiple=False),
                                help_text=_("Skriv ett namn och välj personen i listan."))
    apart_b = forms.ChoiceField(label=_("Håll isär: person 2"), required=False,
                                widget=PersonPicker(multiple=False),
                                help_text=_("Skriv ett namn och välj personen i listan."))
    checked_in_only = forms.BooleanField(label=_("Bara incheckade deltagare (på dagen)"), required=False)

    def __init__(self, *args: Any, people: list[tuple[str, str]], speed: bool, apart_pairs: list[tuple[str, str]],
                 search_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.speed = speed
        names = dict(people)
        self.fields["hosts"].choices = people
        self.fields["apart"].choices = [(f"{a}-{b}", f"{names.get(a, a)} – {names.get(b, b)}")
                                        for a, b in apart_pairs]
        self.fields["apart_a"].choices = [("", ""), *people]
        self.fields["apart_b"].choices = [("", ""), *people]
        for name in ("hosts", "apart_a", "apart_b"):
            self.fields[name].widget.search_url = search_url
        if speed:
            for name in ("tables", "table_size", "hosts"):
                del self.fields[name]
        if not apart_pairs:
            del self.fields["apart"]  # nothing to untick

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.speed and not data.get("tables") and not data.get("table_size"):
            raise forms.ValidationError(_("Ange antal bord eller hur många som får sitta vid ett bord."))
        a, b = data.get("apart_a"), data.get("apart_b")
        if (a or b) and (not a or not b or a == b):
            raise forms.ValidationError(_("Välj två olika personer att hålla isär."))
        return data

    def options(self) -> PlanOptions:
        d = self.cleaned_data
        apart = [tuple(int(x) for x in v.split("-")) for v in d.get("apart", [])]
        if d.get("apart_a") and d.get("apart_b"):
            pair = tuple(sorted((int(d["apart_a"]), int(d["apart_b"]))))
            if pair not in apart:
                apart.append(pair)
        hosts = tuple((int(pid), i) for i, pid in enumerate(d.get("hosts", []) or []))
        return PlanOptions(rounds=d["rounds"], tables=d.get("tables"), table_size=d.get("table_size"),
                           w_organisation=float(d["w_organisation"]), w_related=float(d["w_related"]),
                           w_role=float(d["w_role"]), hosts=hosts, apart=tuple(apart),  # type: ignore[arg-type]
                           checked_in_only=bool(d.get("checked_in_only")))


class OutcomeForm(forms.Form):
    def __init__(self, *args: Any, questions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i, q in enumerate(questions):
            self.fields[f"q{i}"] = forms.CharField(label=q, required=False, max_length=4000,
                                                   widget=forms.Textarea(attrs={"rows": 4}))

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(f"q{i}", "") for i in range(len(self.fields))]


class PictureFilterForm(forms.Form):
    """The network picture's filters (GET): seminar, theme, threshold and view."""

    seminar = forms.ChoiceField(label=_("Läget efter seminarium"), required=False)
    theme = forms.ChoiceField(label=_("Tema"), required=False,
                              help_text=_("Möten där minst en av de två kom för ett projekt med temat."))
    threshold = forms.IntegerField(label=_("Visa band med minst så många möten"), min_value=1, max_value=99,
                                   required=False,
                                   help_text=_("Ett högre tal döljer svaga band. Tomt: så att bilden går att läsa."))
    view = forms.ChoiceField(label=_("Visa som"), required=False, widget=forms.RadioSelect,
                             choices=[("graph", _("Nätverk")), ("matrix", _("Matris"))], initial="graph")

    def __init__(self, *args: Any, seminars: list[tuple[str, str]], themes: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seminar"].choices = seminars
        self.fields["theme"].choices = [("", _("Alla teman")), *themes]

    def value(self, name: str, default: Any) -> Any:
        if not self.is_bound or not self.is_valid():
            return default
        return self.cleaned_data.get(name) or default
