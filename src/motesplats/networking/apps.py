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
        from motesplats.events import selectors as events_selectors

        from .selectors import my_day_extension

        if my_day_extension not in events_selectors.MY_DAY_EXTENSIONS:
            events_selectors.MY_DAY_EXTENSIONS.append(my_day_extension)
