from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class SwedishFirstLocaleMiddleware:
    """Swedish unless the person chose otherwise (language cookie, `?lang=`, or their account's language).

    The browser's Accept-Language is deliberately ignored on pages: the service is Swedish first. API callers
    (scripts) may name their language in Accept-Language; `request.language_chosen` says whether anyone chose.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.GET.get("lang") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported and request.path.startswith("/api/"):
            language = self.accepted(request.headers.get("Accept-Language", ""))
        request.language_chosen = language in self.supported  # type: ignore[attr-defined]
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if request.GET.get("lang") in self.supported:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
        translation.deactivate()
        return response

    def accepted(self, header: str) -> str | None:
        from django.utils.translation.trans_real import parse_accept_lang_header

        for code, _quality in parse_accept_lang_header(header[:200]):
            base = code.split("-")[0].lower()
            if base in self.supported:
                return base
        return None

class SignInRedirectMiddleware:
    """Answers a `SignInRequired` refusal (see `common.views.gates`) with the way to the login page.

    htmx requests get an `HX-Redirect` header, so the whole page goes to the login form, not just a fragment.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.contrib.auth.views import redirect_to_login

        from motesplats.common.views.gates import SignInRequired

        if not isinstance(exception, SignInRequired):
            return None
        response = redirect_to_login(request.get_full_path())
        if getattr(request, "htmx", False):
            from django_htmx.http import HttpResponseClientRedirect

            return HttpResponseClientRedirect(response["Location"])
        return response


class PermissionsPolicyMiddleware:
    """Every response says which browser features the page may use (`common.views.headers`): none of camera,
    microphone, location or payment, unless the view opened one (the check-in page: `@camera_allowed`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from motesplats.common.views.headers import PERMISSIONS_POLICY

        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class DatabaseBusyMiddleware:
    """A lock or statement timeout (see `common.locks`) in a view becomes the "try again" page: 503 with
    `Retry-After`, never a 500. The transaction was rolled back, so nothing is half-saved."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.template.response import TemplateResponse

        from motesplats.common.errors import ServiceUnavailable
        from motesplats.common.locks import is_database_busy, retry_after

        if isinstance(exception, ServiceUnavailable):
            seconds = exception.retry_after
        elif is_database_busy(exception):
            seconds = retry_after()
        else:
            return None
        response = TemplateResponse(request, "503.html", {"retry_after": seconds}, status=503)
        response["Retry-After"] = str(seconds)
        response["Cache-Control"] = "no-store"
        if getattr(request, "htmx", False):
            response["HX-Retarget"] = "body"  # htmx swaps no 5xx by default; the page says what happened
            response["HX-Reswap"] = "innerHTML"
        return response.render()
