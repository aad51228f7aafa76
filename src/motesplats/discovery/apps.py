from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    name = "motesplats.discovery"
    label = "discovery"
    verbose_name = _("Upptäckt")

    def ready(self) -> None:
        from motesplats.common.menu import MenuItem, menu
        from motesplats.discovery import signals

        menu.register(MenuItem("overlap", _("Överlapp"), "discovery:overlap", "organiser"))
        signals.connect()
