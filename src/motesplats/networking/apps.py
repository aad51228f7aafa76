import sys

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkingConfig(AppConfig):
    name = "motesplats.networking"
    label = "networking"
    verbose_name = _("Nätverkande")

    def ready(self) -> None:
        from motesplats.accounts.personal_data import PersonalData, personal_data
        from motesplats.common.menu import MenuItem, menu
        from motesplats.events.extensions import MyDaySection, my_day_sections

        from . import gdpr, selectors, signals, tasks

        menu.register(MenuItem("networking", _("Nätverkande"), "networking:index", "organiser"))
        my_day_sections.register(MyDaySection("networking", "networking/_my_day.html", selectors.my_day_networking))
        personal_data.register(PersonalData("networking", export=gdpr.gdpr_export_hook,
                                            erase=gdpr.gdpr_anonymise_hook))
        signals.plan_requested.connect(tasks.plan_requested_received, dispatch_uid="networking_start_compute")
        signals.day_requested.connect(tasks.day_requested_received, dispatch_uid="networking_start_day")
        from django.conf import settings

        from . import mail  # noqa: F401  (the worker registers its task)

        if settings.ENGINE_PRELOAD and getattr(settings, "NETWORKING_RUN_TASKS_IN_THREAD", False) \
                and "runserver" in sys.argv:
            from optimiser import compiled

            compiled.preload()  # the development server plans in a thread: load the engine now
