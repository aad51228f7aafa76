from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    name = "motesplats.mailings"
    label = "mailings"
    verbose_name = _("Utskick")

    def ready(self) -> None:
        from motesplats.accounts.personal_data import PersonalData, personal_data
        from motesplats.common.menu import MenuItem, menu

        from . import gdpr, tasks  # noqa: F401 -- the worker registers the tasks

        menu.register(MenuItem("mailings", _("Utskick"), "mailings:index", "organiser"))
        personal_data.register(PersonalData("mailings", export=gdpr.gdpr_export_hook, erase=gdpr.gdpr_erase_hook))
