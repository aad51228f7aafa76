from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "motesplats.insight"
    label = "insight"
    verbose_name = _("Insikt")

    def ready(self) -> None:
        from motesplats.common.menu import MenuItem, menu

        from . import my_page, sections

        menu.register(MenuItem("insight", _("Insikt"), "insight:index", "signed_in", home_for=("reader",)))
        menu.register(MenuItem("my_page", _("Min sida"), "insight:my_page", "signed_in", home_for=("member",)))
        sections.register_defaults()
        my_page.register_defaults()
