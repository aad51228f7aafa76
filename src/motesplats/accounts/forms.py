from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.http import HttpRequest
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


class EraseAccountForm(forms.Form):
    """Erasure cannot be undone: the person confirms with their password and a checkbox."""

    password = forms.CharField(label=_("Ditt lösenord"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    confirm = forms.BooleanField(label=_("Jag förstår att kontot stängs och att mina uppgifter inte går att återställa."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Lösenordet stämmer inte."))
        return password


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Namn på nyckeln"), max_length=100,
                           help_text=_("Till exempel skriptets namn, så att du vet vad nyckeln används till."),
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Ange ett namn."))
        return name


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form whose mail is sent by a background task (`accounts.tasks.send_password_reset`):
    the request only queues the address, the same work whether an account has it or not, so the answer's
    timing does not tell which addresses have accounts."""

    def save(self, domain_override: str | None = None, subject_template_name: str = "", email_template_name: str = "",
             use_https: bool = False, token_generator: Any = None, from_email: str | None = None,
             request: HttpRequest | None = None, html_email_template_name: str | None = None,
             extra_email_context: dict[str, Any] | None = None) -> None:
        from django.contrib.sites.shortcuts import get_current_site
        from django.utils import translation

        from motesplats.accounts.tasks import queue_password_reset

        domain = domain_override or (get_current_site(request).domain if request is not None else "")
        address = self.cleaned_data["email"].strip().lower()
        language = translation.get_language() or "sv"
        queue_password_reset(address, domain, use_https, language)
