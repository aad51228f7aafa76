from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motesplats.common.validation import check_text
from motesplats.datasharing.models import AccessKind, AgreementStatus, DeliveryRoute, Frequency, Licence
from motesplats.registry.models import Project

TEXT = {"maxlength": 5000}


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Sök"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
                        help_text=_("Namn, beskrivning, projekt eller organisation."))
    openness = forms.ChoiceField(label=_("Öppenhet"), required=False)
    theme = forms.ChoiceField(label=_("Tema"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    frequency = forms.ChoiceField(label=_("Uppdateras"), required=False)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["openness"].choices = [("", _("Alla")), *choices["openness"]]
        self.fields["theme"].choices = [("", _("Alla teman")), *choices["themes"]]
        self.fields["organisation"].choices = [("", _("Alla organisationer")), *choices["organisations"]]
        self.fields["format"].choices = [("", _("Alla format")), *choices["formats"]]
        self.fields["frequency"].choices = [("", _("Alla")), *choices["frequencies"]]


class DataRequestForm(forms.Form):
    project = forms.ModelChoiceField(label=_("För projektet"), queryset=Project.objects.none(), required=False,
                                     empty_label=_("Inget särskilt projekt"))
    purpose = forms.CharField(label=_("Syfte"), widget=forms.Textarea(attrs={"rows": 4, **TEXT}),
                              max_length=5000, validators=[check_text],
                              help_text=_("Vad ska datan användas till?"))
    fields = forms.CharField(label=_("Vilka fält"), required=False, max_length=5000, validators=[check_text],
                             widget=forms.Textarea(attrs={"rows": 3, **TEXT}),
                             help_text=_("Vilka delar av datamängden behövs, till exempel kolumner eller områden."))
    frequency = forms.ChoiceField(label=_("Hur ofta"), choices=Frequency.choices, initial=Frequency.ONCE)
    personal_data = forms.BooleanField(label=_("Förfrågan gäller personuppgifter"), required=False)
    is_public = forms.BooleanField(label=_("Alla inloggade får se förfrågan"), required=False,
                                   help_text=_("Annars ser bara parterna och programkontoret den."))
    need = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, projects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class ContactOwnerForm(forms.Form):
    message = forms.CharField(label=_("Meddelande"), widget=forms.Textarea(attrs={"rows": 5, **TEXT}),
                              max_length=5000, validators=[check_text],
                              help_text=_("Berätta vem du är och varför datan intresserar dig. Ägarna svarar "
                                          "direkt till din e-post."))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)


class AcceptForm(forms.Form):
    licence = forms.CharField(label=_("Licens"), max_length=200, validators=[check_text],
                              help_text=_("Till exempel CC BY 4.0, eller ett eget avtal."))
    delivery_route = forms.ChoiceField(label=_("Leveranssätt"), choices=DeliveryRoute.choices)
    legal_basis = forms.CharField(label=_("Rättslig grund"), required=False, max_length=300, validators=[check_text],
                                  help_text=_("Krävs när förfrågan gäller personuppgifter."))
    dpia_needed = forms.BooleanField(label=_("En konsekvensbedömning (DPIA) behövs"), required=False)
    conditions = forms.CharField(label=_("Övriga villkor"), required=False, max_length=5000,
                                 validators=[check_text], widget=forms.Textarea(attrs={"rows": 3, **TEXT}))


class QuestionForm(forms.Form):
    question = forms.CharField(label=_("Fråga"), max_length=5000, validators=[check_text],
                               widget=forms.Textarea(attrs={"rows": 3, **TEXT}))


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Motivering"), max_length=5000, validators=[check_text],
                             widget=forms.Textarea(attrs={"rows": 3, **TEXT}))


class ReplyForm(forms.Form):
    answer = forms.CharField(label=_("Svar"), max_length=5000, validators=[check_text],
                             widget=forms.Textarea(attrs={"rows": 3, **TEXT}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Varför (frivilligt)"), required=False, max_length=5000,
                             validators=[check_text], widget=forms.Textarea(attrs={"rows": 2, **TEXT}))


class AgreementStepForm(forms.Form):
    step = forms.ChoiceField(choices=[("deliver", "deliver"), ("in_use", "in_use"), ("end", "end")],
                             widget=forms.HiddenInput)
    note = forms.CharField(label=_("Kommentar (frivilligt)"), required=False, max_length=5000,
                           validators=[check_text], widget=forms.Textarea(attrs={"rows": 2, **TEXT}))


class FlowFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Tema"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alla")), *AgreementStatus.choices])

    def __init__(self, *args: Any, themes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Alla teman")), *themes]


class AccessForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hur man får datan"), choices=AccessKind.choices)
    url = forms.URLField(label=_("Länk eller API-adress"), required=False, max_length=200, assume_scheme="https")
    licence = forms.ChoiceField(label=_("Licens"), choices=Licence.choices, required=False)
    contact_email = forms.EmailField(label=_("Kontaktadress för datamängden"), required=False,
                                     help_text=_("En funktionsadress; lämnas tom används programkontorets."))


class NoticeSettingsForm(forms.Form):
    match_mail = forms.BooleanField(label=_("Skicka e-post (högst en gång i veckan) om nya starka matchningar"),
                                    required=False)


