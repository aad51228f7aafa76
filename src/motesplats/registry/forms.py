from __future__ import annotations

from typing import Any

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from motesplats.common.person_picker import PersonPicker
from motesplats.registry.models import (
    DataNeed,
    Dataset,
    Organisation,
    OrganisationKind,
    Person,
    Project,
    ProjectStatus,
)
from motesplats.registry.services import DataNeedData, DatasetData, parse_tags

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


# --- filters --------------------------------------------------------------------------------------


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Sök"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
                        help_text=_("Titel, sammanfattning, beskrivning eller tema."))
    theme = forms.ChoiceField(label=_("Tema"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    sort = forms.ChoiceField(label=_("Sortera"), required=False,
                             choices=[("", _("Titel A–Ö")), ("new", _("Senast tillagda")),
                                      ("updated", _("Senast ändrade"))])

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Alla teman")), *choices["themes"]]
        self.fields["organisation"].choices = [("", _("Alla organisationer")), *choices["organisations"]]
        self.fields["status"].choices = [("", _("Alla"))] + [(v, label) for v, label in ProjectStatus.choices]


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Sök"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
                        help_text=_("Namn eller beskrivning."))
    kind = forms.ChoiceField(label=_("Typ"), required=False,
                             choices=[("", _("Alla typer")), *OrganisationKind.choices])


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Sök"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
                        help_text=_("Namn, titel, organisation eller intresse."))
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("Alla organisationer")), *organisations]


# --- projects -------------------------------------------------------------------------------------


class ProjectForm(forms.ModelForm):
    themes_text = forms.CharField(
        label=_("Teman"), required=False, max_length=1000,
        help_text=_("Skriv teman åtskilda med kommatecken, till exempel: luftkvalitet, IoT, mobilitet."))
    link = forms.URLField(label=_("länk"), required=False, max_length=200, assume_scheme="https",
                          help_text=_("Projektets egen webbsida, om den finns."))

    class Meta:
        model = Project
        fields = ["title", "summary", "description", "status", "owner", "partners", "contacts", "start_date",
                  "end_date", "link", "is_public"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "partners": forms.CheckboxSelectMultiple(attrs={"class": "checkbox-columns"}),
            "contacts": PersonPicker(multiple=True, search_url=reverse_lazy("registry:person_pick")),
        }
        help_texts = {
            "summary": _("En eller två meningar som visas i listor."),
            "contacts": _("Kontaktpersoner kan redigera projektet. Skriv ett namn och välj personen i listan; "
                          "avmarkera en vald för att ta bort den."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = (Person.objects.filter(is_anonymised=False)
                                            .select_related("organisation").order_by("name"))
        self.fields["contacts"].label_from_instance = lambda p: f"{p.name} ({p.organisation.name})"
        self.fields["owner"].queryset = Organisation.objects.order_by("name")
        self.fields["partners"].queryset = Organisation.objects.order_by("name")
        self.fields["partners"].required = False
        self.fields["contacts"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["themes_text"] = ", ".join(t.name for t in self.instance.themes.all())

    def clean_themes_text(self) -> list[str]:
        return parse_tags(self.cleaned_data.get("themes_text", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatum kan inte vara före startdatum."))
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["themes"] = self.cleaned_data.get("themes_text", [])
        data["partners"] = list(data["partners"] or [])
        data["contacts"] = list(data["contacts"] or [])
        for text_field in ("summary", "description", "link"):
            data[text_field] = data[text_field] or ""
        return data


class DatasetForm(forms.ModelForm):
    class Meta:
        model = Dataset
        fields = ["name", "description", "format", "update_frequency", "openness"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "format": _("Till exempel CSV, GeoJSON eller API."),
            "update_frequency": _("Till exempel varje timme, dagligen eller en gång per år."),
        }


class DataNeedForm(forms.ModelForm):
    class Meta:
        model = DataNeed
        fields = ["description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        labels = {"description": _("Data som projektet behöver")}


class _Rows(BaseInlineFormSet):
    """A project's rows of data; each saved row has a box to remove it, labelled by `delete_label`."""

    delete_label: Any = ""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.delete_label

    def kept_rows(self) -> list[tuple[int | None, dict[str, Any]]]:
        """The rows of the validated formset the person keeps: (id of a saved row or None, values)."""
        bookkeeping = {self.fk.name, self.model._meta.pk.name, "DELETE"}
        rows = []
        for form in self.forms:
            if form.instance.pk is None and not form.has_changed():
                continue  # an empty extra row
            if self.can_delete and form.cleaned_data.get("DELETE"):
                continue
            values = {name: form.cleaned_data.get(name) for name in form.fields if name not in bookkeeping}
            rows.append((form.instance.pk, values))
        return rows


class _DatasetRows(_Rows):
    delete_label = _("Ta bort den här datamängden")

    def service_rows(self) -> list[DatasetData]:
        """The project's datasets as `services.project_data_replace` takes them."""
        return [DatasetData(id=pk, **{name: value or "" for name, value in values.items()})
                for pk, values in self.kept_rows()]


class _DataNeedRows(_Rows):
    delete_label = _("Ta bort det här databehovet")

    def service_rows(self) -> list[DataNeedData]:
        return [DataNeedData(id=pk, description=values["description"] or "") for pk, values in self.kept_rows()]


DatasetFormSet = inlineformset_factory(Project, Dataset, form=DatasetForm, formset=_DatasetRows, extra=1,
                                       can_delete=True, max_num=100, validate_max=True)
DataNeedFormSet = inlineformset_factory(Project, DataNeed, form=DataNeedForm, formset=_DataNeedRows, extra=1,
                                        can_delete=True, max_num=100, validate_max=True)


# --- people and organisations ---------------------------------------------------------------------


class PersonForm(forms.ModelForm):
    interests_text = forms.CharField(label=_("Intressen"), required=False, max_length=1000,
                                     help_text=_("Nyckelord åtskilda med kommatecken."))
    languages_text = forms.CharField(label=_("Språk"), required=False, max_length=300,
                                     help_text=_("Språk du kan samtala på, åtskilda med kommatecken."))

    class Meta:
        model = Person
        fields = ["name", "email", "title", "organisation"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        if not self.is_bound:
            self.initial["interests_text"] = ", ".join(self.instance.interests or [])
            self.initial["languages_text"] = ", ".join(self.instance.languages or [])

    def service_arguments(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["interests"] = parse_tags(self.cleaned_data["interests_text"])
        data["languages"] = parse_tags(self.cleaned_data["languages_text"])
        return data


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("webbadress"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "kind", "description", "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def service_arguments(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PortfolioUploadForm(forms.Form):
    file = forms.FileField(label=_("Portföljfil (JSON)"),
                           help_text=_("En JSON-fil med organisationer och projekt. Högst 5 MB."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen är för stor (högst 5 MB)."))
        return upload
