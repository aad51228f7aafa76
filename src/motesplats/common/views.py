from django.contrib.auth.mixins import AccessMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from motesplats.common import permissions


class OrganiserRequiredMixin(AccessMixin):
    """Anonymous people are sent to log in; signed-in people without the role get 403."""

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not permissions.is_signed_in(request.user):
            return self.handle_no_permission()
        if not permissions.is_organiser(request.user):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class SignedInRequiredMixin(AccessMixin):
    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not permissions.is_signed_in(request.user):
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language with a POST from the header form, then go back where the person was."""
    from django.conf import settings

    language = request.POST.get("language", "")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
        if permissions.is_signed_in(request.user):
            request.user.language = language
            request.user.save(update_fields=["language"])
    return response
