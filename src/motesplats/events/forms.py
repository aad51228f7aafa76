"""Forms of the seminar pages. They validate input; writes go through `events.services`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motesplats.common.person_picker import PersonPicker
from motesplats.registry.models import Organisation, Person, Project

from .consent import consent_text
from .enums import AgendaKind
from .models import Event, Series
from .selectors import projects_to_represent


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _combine(date: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(date, time))


class EventForm(forms.Form):
    """An event's facts. Date and times are entered separately, the way people think of a seminar."""

    series = forms.ModelChoiceField(label=_("Serie"), queryset=Series.objects.all())
    title = forms.CharField(label=_("Titel"), max_length=250)
    theme = forms.CharField(label=_("Tema"), max_length=200, required=False)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea, required=False)
    date = forms.DateField(label=pgettext_lazy("en dag", "Datum"), widget=DateInput())
    start_time = forms.TimeField(label=_("Börjar (klockslag)"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Slutar (klockslag)"), widget=TimeInput())
    venue_name = forms.CharField(label=_("Lokal"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Adress"), max_length=300, required=False)
    venue_accessibility = forms.CharField(
        label=_("Tillgänglighet i lokalen"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text=_("Till exempel hiss, hörslinga, ramp, tillgänglig toalett."))
    capacity = forms.IntegerField(label=_("Antal platser"), min_value=1, max_value=100_000)
    registration_opens_at = forms.DateTimeField(label=_("Anmälan öppnar"), required=False, widget=DateTimeInput(),
                                                help_text=_("Tomt: anmälan öppnar när seminariet publiceras."))
    registration_closes_at = forms.DateTimeField(label=_("Anmälan stänger"), required=False,
                                                 widget=DateTimeInput(),
                                                 help_text=_("Tomt: anmälan stänger när seminariet börjar."))

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, object]:
        starts = timezone.localtime(event.starts_at)
        ends = timezone.localtime(event.ends_at)
        return {
            "series": event.series_id, "title": event.title, "theme": event.theme, "description": event.description,
            "date": event.date, "start_time": starts.time(), "end_time": ends.time(),
            "venue_name": event.venue_name, "venue_address": event.venue_address,
            "venue_accessibility": event.venue_accessibility, "capacity": event.capacity,
            "registration_opens_at": event.registration_opens_at and timezone.localtime(event.registration_opens_at),
            "registration_closes_at": event.registration_closes_at
            and timezone.localtime(event.registration_closes_at),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        date, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if date and start and end:
            if end <= start:
                self.add_error("end_time", _("Sluttiden måste vara efter starttiden."))
            else:
                data["starts_at"] = _combine(date, start)
                data["ends_at"] = _combine(date, end)
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Anmälan måste stänga efter att den öppnar."))
        return data

    def service_fields(self) -> dict[str, object]:
        data = self.cleaned_data
        keys = ("series", "title", "theme", "description", "date", "starts_at", "ends_at", "venue_name",
                "venue_address", "venue_accessibility", "capacity", "registration_opens_at",
                "registration_closes_at")
        return {key: data.get(key) for key in keys}


class EventCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Anledning (skickas till alla anmälda)"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        max_length=2000)
    confirm = forms.BooleanField(label=_("Ja, ställ in seminariet och meddela alla anmälda"), required=True)


class ConsentField(forms.BooleanField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Jag har läst texten ovan och godkänner att uppgifterna sparas och används så."),
            required=True,
            error_messages={"required": _("Du behöver godkänna hur vi hanterar dina uppgifter för att kunna "
                                          "anmäla dig.")},
            **kwargs,
        )


class RegistrationForm(forms.Form):
    """A signed-in person registers themselves."""

    project = forms.ModelChoiceField(label=_("Projekt du representerar"), queryset=Project.objects.none(),
                                     required=False, empty_label=_("Inget särskilt projekt"))
    dietary = forms.CharField(label=_("Kost och allergier"), max_length=500, required=False,
                              help_text=_("Till exempel vegetariskt, glutenfritt, nötallergi. Lämna tomt om inget."))
    accessibility = forms.CharField(
        label=_("Tillgänglighetsbehov"), max_length=500, required=False,
        help_text=_("Till exempel hörslinga, rullstolsplats, ledsagare. Lämna tomt om inget."))
    consent = ConsentField()

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects_to_represent(person)
        self.consent_text = consent_text()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} ({obj.organisation.name})" if obj.organisation_id else obj.name


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Project) -> str:
        return f"{obj.title} ({obj.owner.name})"


class OnBehalfForm(forms.Form):
    """An organiser registers someone else."""

    person = PersonChoiceField(
        label=_("Person"), queryset=Person.objects.filter(is_anonymised=False).select_related("organisation"))
    project = ProjectChoiceField(label=_("Projekt som personen representerar"),
                                 queryset=Project.objects.select_related("owner").order_by("title"),
                                 required=False, empty_label=_("Inget särskilt projekt"))
    dietary = forms.CharField(label=_("Kost och allergier"), max_length=500, required=False)
    accessibility = forms.CharField(label=_("Tillgänglighetsbehov"), max_length=500, required=False)
    consent = forms.BooleanField(
        label=_("Personen har fått informationen om personuppgifter nedan och samtycker."), required=True,
        error_messages={"required": _("Bekräfta att personen har fått informationen och samtycker.")})
    notify = forms.BooleanField(label=_("Skicka bekräftelse per e-post till personen"), required=False,
                                initial=True)


class WalkInForm(forms.Form):
    """Someone came without a seat: choose them from the registry, or type a new person."""

    person = PersonChoiceField(
        label=_("Person i registret"), required=False, empty_label=_("Ny person (fyll i nedan)"),
        queryset=Person.objects.filter(is_anonymised=False).select_related("organisation"))
    name = forms.CharField(label=_("Namn"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.all(),
                                          required=False)
    project = ProjectChoiceField(label=pgettext_lazy("ett projekt", "Projekt"), required=False, empty_label=_("Inget särskilt projekt"),
                                 queryset=Project.objects.select_related("owner").order_by("title"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("person"):
            if not (data.get("name") or "").strip():
                self.add_error("name", _("Välj en person i registret eller skriv namnet på en ny person."))
            if not data.get("organisation"):
                self.add_error("organisation", _("Ange organisationen för en ny person."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil"),
        help_text=_("UTF-8, komma eller semikolon som avgränsare. Den första raden är rubriker (se nedan)."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Filen är för stor (högst 2 MB)."))
        return upload


class CheckInCodeForm(forms.Form):
    code = forms.CharField(label=_("Kod från QR-koden"), max_length=200,
                           help_text=_("Skanna med kameran eller skriv in koden som står under QR-koden."),
                           widget=forms.TextInput(attrs={"class": "big-input", "autocomplete": "off",
                                                         "autocapitalize": "off", "spellcheck": "false"}))


class AgendaItemForm(forms.Form):
    """One agenda item in the editor. Times are on the event's date."""

    start = forms.TimeField(label=_("Börjar"), widget=TimeInput())
    end = forms.TimeField(label=_("Slutar"), widget=TimeInput())
    kind = forms.ChoiceField(label=_("Typ"), choices=AgendaKind.choices,
                             help_text=_("Fälten för typen visas när du byter typ."))
    title = forms.CharField(label=_("Rubrik"), max_length=250)
    description = forms.CharField(label=_("Beskrivning"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    speakers = forms.ModelMultipleChoiceField(
        label=_("Talare eller paneldeltagare"), required=False,
        queryset=Person.objects.filter(is_anonymised=False).select_related("organisation"),
        widget=PersonPicker(multiple=True, search_url=reverse_lazy("registry:person_pick")),
        help_text=_("Skriv ett namn och välj personen i listan; avmarkera en vald för att ta bort den."))
    rounds = forms.IntegerField(label=_("Antal rundor"), min_value=1, max_value=50, required=False)
    round_minutes = forms.IntegerField(label=_("Minuter per runda"), min_value=1, max_value=120, required=False)
    tables = forms.IntegerField(label=_("Antal bord"), min_value=1, max_value=200, required=False)
    questions = forms.CharField(label=_("Frågor att diskutera (en per rad)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    allow_overlap = forms.BooleanField(label=_("Får gå samtidigt som andra punkter (parallella pass)"),
                                       required=False)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["speakers"].queryset = people
        self.fields["speakers"].label_from_instance = (  # type: ignore[attr-defined]
            lambda p: f"{p.name} ({p.organisation.name})")

    def clean_questions(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("questions", "").splitlines() if line.strip()]

    # What a kind of item needs (rounds for speed dating, tables for round tables), times in order: checked
    # once, by `services.agenda.validate_agenda`; the editor shows its problems at each field.


class SeriesForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea, required=False,
                                  help_text=_("Visas överst på seriens sida."))


class GuestSignupForm(forms.Form):
    """Someone without an account asks for a seat; the confirmation link goes to the address given."""

    name = forms.CharField(label=_("Namn"), max_length=200)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200,
                                        help_text=_("Företag, förvaltning, lärosäte eller annan organisation."))
    email = forms.EmailField(label=_("E-post"), help_text=_("Vi skickar en länk hit som du bekräftar anmälan med."))
    language = forms.ChoiceField(label=_("Språk i e-posten"), choices=[("sv", "Svenska"), ("en", "English")])
    dietary = forms.CharField(label=_("Kost och allergier"), max_length=500, required=False)
    accessibility = forms.CharField(label=_("Tillgänglighetsbehov"), max_length=500, required=False)
    consent = ConsentField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consent_text = consent_text()
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class InvitedRegistrationForm(forms.Form):
    """An invited person without an account registers through their personal link."""

    dietary = forms.CharField(label=_("Kost och allergier"), max_length=500, required=False)
    accessibility = forms.CharField(label=_("Tillgänglighetsbehov"), max_length=500, required=False)
    consent = ConsentField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consent_text = consent_text()
