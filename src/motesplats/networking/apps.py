from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkingConfig(AppConfig):
    name = "motesplats.networking"
    label = "networking"
    verbose_name = _("Nätverkande")
    nav_items = (
        ("networking", _("Nätverkande"), "networking:index", "organiser"),
    )

    def ready(self) -> None:
        from motesplats.accounts import services as accounts
        from motesplats.events import selectors as events_selectors

        from .selectors import my_day_extension

        if my_day_extension not in events_selectors.MY_DAY_EXTENSIONS:
            events_selectors.MY_DAY_EXTENSIONS.append(my_day_extension)
        for hooks, name in ((accounts.GDPR_EXPORTERS, "gdpr_export_hook"), (accounts.GDPR_ANONYMISERS,
                                                                              "gdpr_anonymise_hook")):
            if f"motesplats.networking.gdpr.{name}" not in hooks:
                hooks.append(f"motesplats.networking.gdpr.{name}")
