from django import forms
from django.utils.translation import gettext_lazy as _

from motesplats.common.validation import check_text


class BarrierReportForm(forms.Form):
    description = forms.CharField(
        label=_("Vad fungerade inte?"), max_length=5000, validators=[check_text],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Beskriv vad du försökte göra och vad som hindrade dig, t.ex. med vilket hjälpmedel."))
    page = forms.CharField(label=_("Sida eller adress"), max_length=500, required=False,
                           validators=[check_text])
    name = forms.CharField(label=_("Namn"), max_length=200, required=False, validators=[check_text],
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("E-post"), required=False,
                             help_text=_("Om du vill ha svar. Vi använder adressen bara för att svara dig."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
