from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import PasswordResetView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from motesplats.accounts import oidc, services
from motesplats.accounts.forms import ApiTokenForm, EraseAccountForm, QueuedPasswordResetForm
from motesplats.common import permissions
from motesplats.common.menu import home_url_for
from motesplats.common.views import gate, require


class LoginView(auth_views.LoginView):
    """Signing in without a page to return to leads to the role's first page (see `common.menu`): the
    programme office to its overview, the leadership to insight, a project member to "Min sida"."""

    def get_default_redirect_url(self) -> str:
        return home_url_for(self.request.user) or super().get_default_redirect_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = oidc.enabled()
        context["password_login_enabled"] = oidc.password_login_enabled()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not oidc.password_login_enabled():  # only single sign-on: the form is not shown, nor taken
            return self.render_to_response(self.get_context_data(), status=403)
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    """Signs out here and, for a single sign-on session, at the city's identity provider too (when it has an
    end_session_endpoint), which then sends the browser back to our home page."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider = oidc.provider_logout_url(request)  # before logout() forgets the session's id token
        response = super().post(request, *args, **kwargs)
        return redirect(provider) if provider else response


@require(permissions.is_signed_in)
class ProfileView(TemplateView):
    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        from motesplats.registry.models import Person

        context = super().get_context_data(**kwargs)
        person = (Person.objects.filter(user=self.request.user).select_related("organisation")
                  .prefetch_related("projects").first())
        context["person"] = person
        context["can_edit_person"] = person is not None and permissions.can_edit_person(self.request.user, person)
        from motesplats.accounts.extensions import fill_sections

        context["sections"] = fill_sections(self.request.user)
        return context


@require(permissions.is_signed_in)
class DataExportView(View):
    """'Mina uppgifter': everything stored about the signed-in person, as a JSON download."""

    def get(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(services.gdpr_export_json(user=request.user),
                                content_type="application/json; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="mina-uppgifter-{stamp}.json"'
        response["Cache-Control"] = "no-store"
        return response


@require(permissions.is_signed_in)
class EraseAccountView(View):
    template_name = "accounts/erase.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": EraseAccountForm(user=request.user)})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = EraseAccountForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        user = request.user
        logout(request)
        services.account_erase(user=user)
        messages.success(request, _("Ditt konto är stängt och dina personuppgifter är borttagna."))
        return redirect("home")


class PrivacyView(TemplateView):
    template_name = "accounts/privacy.html"


@require(permissions.is_signed_in)
class ApiTokenListView(View):
    """Personal API tokens: create one (shown once), see when each was last used, revoke."""

    template_name = "accounts/api_tokens.html"

    def render_page(self, request: HttpRequest, form: ApiTokenForm, *, new_token: str = "",
                    status: int = 200) -> HttpResponse:
        response = render(request, self.template_name, {
            "form": form, "new_token": new_token,
            "tokens": request.user.api_tokens.order_by("revoked", "-created", "-pk"),
        }, status=status)
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request, ApiTokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        _token, raw = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        return self.render_page(request, ApiTokenForm(), new_token=raw)


@require(permissions.is_signed_in)
class ApiTokenRevokeView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        from motesplats.accounts.models import ApiToken

        token = ApiToken.objects.filter(pk=pk).first()
        # another person's token: its existence is not revealed
        gate(request, token is not None and permissions.can_revoke_api_token(request.user, token), hide=True)
        services.api_token_revoke(token=token)
        messages.success(request, _("Nyckeln %(name)s är återkallad och fungerar inte längre.") % {"name": token.name})
        return redirect("accounts:api_tokens")


class ThrottledPasswordResetView(PasswordResetView):
    """Password reset: the mail goes through the background queue (`QueuedPasswordResetForm`); at most a few
    requests per address and per caller an hour (`accounts.throttle`), counted whether an account exists or not."""

    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not oidc.password_login_enabled():  # no password signs in: no new password either
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: QueuedPasswordResetForm) -> HttpResponse:
        from motesplats.accounts.throttle import RESET_WINDOW, reset_by_address, reset_by_ip
        from motesplats.common.throttle import client_ip

        over_ip = reset_by_ip.hit(client_ip(self.request))
        over_address = reset_by_address.hit(form.cleaned_data["email"].strip().lower())
        if over_ip or over_address:
            response = render(self.request, "accounts/password_reset_form.html", {
                "form": form, "throttled": True, "minutes": RESET_WINDOW // 60}, status=429)
            response["Retry-After"] = str(RESET_WINDOW)
            return response
        return super().form_valid(form)
