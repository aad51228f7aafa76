from django.views.generic import TemplateView

from motesplats.common.views import SignedInRequiredMixin


class ProfileView(SignedInRequiredMixin, TemplateView):
    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["person"] = getattr(self.request.user, "person", None)
        return context


class PrivacyView(TemplateView):
    template_name = "accounts/privacy.html"
