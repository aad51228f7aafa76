from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "motesplats.events"
    label = "events"
    verbose_name = _("Seminarier")
    nav_items = (
        ("events", _("Seminarier"), "events:index", "all"),
        ("my_day", _("Min dag"), "events:my_next_day", "signed_in"),
        ("events_organiser", _("Arrangörsöversikt"), "events:organiser_home", "organiser"),
    )

    def ready(self) -> None:
        from motesplats.accounts import services as accounts

        accounts.GDPR_EXPORTERS.append("motesplats.events.services.gdpr.gdpr_export_hook")
        accounts.GDPR_ANONYMISERS.append("motesplats.events.services.gdpr.gdpr_anonymise_hook")
