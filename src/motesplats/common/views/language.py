from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from motesplats.common import permissions


def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language with a POST from the header form, then go back where the person was."""
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
