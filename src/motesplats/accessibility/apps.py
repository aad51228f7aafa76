from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessibilityConfig(AppConfig):
    name = "motesplats.accessibility"
    label = "accessibility"
    verbose_name = _("Tillgänglighet")

    def ready(self) -> None:
        from motesplats.accounts.personal_data import PersonalData, personal_data

        from . import gdpr

        personal_data.register(PersonalData("accessibility", export=gdpr.export, erase=gdpr.erase))
