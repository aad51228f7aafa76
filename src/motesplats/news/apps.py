from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "motesplats.news"
    label = "news"
    verbose_name = _("Nyheter")

    def ready(self) -> None:
        from motesplats.accounts.personal_data import PersonalData, personal_data
        from motesplats.common.menu import MenuItem, menu
        from motesplats.common.sections import PageSection, page_sections

        from . import gdpr, selectors

        menu.register(MenuItem("news", _("Nyheter"), "news:index", "all"))
        page_sections.register(PageSection("news", "home", "news/_home_latest.html", selectors.latest_for_home))
        personal_data.register(PersonalData("news", export=gdpr.gdpr_export_hook, erase=gdpr.gdpr_erase_hook))
