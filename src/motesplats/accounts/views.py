from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from motesplats.accounts import services
from motesplats.accounts.forms import EraseAccountForm
from motesplats.common import permissions
from motesplats.common.views import SignedInRequiredMixin


class ProfileView(SignedInRequiredMixin, TemplateView):
    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        from motesplats.registry.models import Person

        context = super().get_context_data(**kwargs)
        person = (Person.objects.filter(user=self.request.user).select_related("organisation")
                  .prefetch_related("projects").first())
        context["person"] = person
        context["can_edit_person"] = person is not None and permissions.can_edit_person(self.request.user, person)
        return context


class DataExportView(SignedInRequiredMixin, View):
    """'Mina uppgifter': everything stored about the signed-in person, as a JSON download."""

    def get(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(services.gdpr_export_json(user=request.user),
                                content_type="application/json; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="mina-uppgifter-{stamp}.json"'
        response["Cache-Control"] = "no-store"
        return response


class EraseAccountView(SignedInRequiredMixin, View):
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
