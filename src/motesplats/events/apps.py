from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "motesplats.events"
    label = "events"
    verbose_name = _("Seminarier")

    def ready(self) -> None:
        from motesplats.accounts.personal_data import PersonalData, personal_data
        from motesplats.common.menu import MenuItem, menu

        from . import my_day_cache, tasks  # noqa: F401 - tasks connects the background import to its signal
        from .services import gdpr, guest_gdpr

        my_day_cache.connect()
        menu.register(MenuItem("events", _("Seminarier"), "events:index", "all"))
        menu.register(MenuItem("my_day", _("Min dag"), "events:my_next_day", "signed_in"))
        menu.register(MenuItem("events_organiser", _("Arrangörsöversikt"), "events:organiser_home", "organiser",
                                   home_for=("organiser",)))
        personal_data.register(PersonalData("events", export=gdpr.gdpr_export_hook, erase=gdpr.gdpr_anonymise_hook))
        personal_data.register(PersonalData("events_guests", export=guest_gdpr.gdpr_export_hook,
                                            erase=guest_gdpr.gdpr_erase_hook))
