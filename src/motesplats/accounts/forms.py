from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(label=_("E-post"), widget=forms.EmailInput(attrs={"autocomplete": "email",
                                                                               "autofocus": True}))
    error_messages = {
        "invalid_login": _("Fel e-postadress eller lösenord. Observera att lösenordet skiljer på stora och små bokstäver."),
        "inactive": _("Kontot är inaktiverat."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()
