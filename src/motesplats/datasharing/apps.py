from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _profile_data(user: Any) -> dict[str, int]:
    from motesplats.datasharing import selectors
    from motesplats.datasharing.services import notices

    tasks = selectors.task_count(user=user)
    unseen = len(notices.for_user(user))
    return {"tasks": tasks, "notices": unseen} if tasks or unseen else {}


class DatasharingConfig(AppConfig):
    name = "motesplats.datasharing"
    label = "datasharing"
    verbose_name = _("Datadelning")

    def ready(self) -> None:
        from motesplats.accounts.extensions import ProfileSection, profile_sections
        from motesplats.accounts.personal_data import PersonalData, personal_data
        from motesplats.common.menu import MenuItem, menu
        from motesplats.datasharing import gdpr

        menu.register(MenuItem("data", _("Data"), "datasharing:catalogue", "all"))
        menu.register(MenuItem("data_flows", _("Dataflöden"), "datasharing:flows", "signed_in"))
        personal_data.register(PersonalData("datasharing", export=gdpr.export, erase=gdpr.erase))
        profile_sections.register(ProfileSection("datasharing", "datasharing/_profile_tasks.html", _profile_data))
