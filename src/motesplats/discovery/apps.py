from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    name = "motesplats.discovery"
    label = "discovery"
    verbose_name = _("Upptäckt")
    nav_items = [("overlap", _("Överlapp"), "discovery:overlap", "organiser")]

    def ready(self) -> None:
        from motesplats.discovery import signals

        signals.connect()
