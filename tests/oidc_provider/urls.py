from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import include, path, re_path
from oidc_provider.views import AuthorizeView

authorize = AuthorizeView.as_view()


def authorize_with_pkce_only(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """The client must use PKCE with S256 (django-oidc-provider accepts it but does not insist on it)."""
    params = request.POST if request.method == "POST" else request.GET
    if not params.get("code_challenge") or params.get("code_challenge_method") != "S256":
        return HttpResponseBadRequest("PKCE (code_challenge with S256) is required", content_type="text/plain")
    return authorize(request, *args, **kwargs)


urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    re_path(r"^openid/authorize/?$", authorize_with_pkce_only),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
]
