from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "motesplats.followups"
    label = "followups"
    verbose_name = _("Uppföljningar")

    def ready(self) -> None:
        from motesplats.accounts.personal_data import PersonalData, personal_data
        from motesplats.common.menu import MenuItem, menu
        from motesplats.common.sections import PageSection, page_sections

        from . import gdpr, insight, selectors, tasks  # noqa: F401 -- the worker registers the tasks

        menu.register(MenuItem("followups", _("Uppföljningar"), "followups:index", "organiser"))  # page: signed-in
        page_sections.register(PageSection("followups_agenda", "event_agenda", "followups/_agenda_section.html",
                                           selectors.agenda_followups))
        page_sections.register(PageSection("followups_project", "project", "followups/_project_section.html",
                                           selectors.project_followups))
        insight.register()  # replaces insight's placeholder section "follow_ups"
        personal_data.register(PersonalData("followups", export=gdpr.gdpr_export_hook, erase=gdpr.gdpr_erase_hook))
