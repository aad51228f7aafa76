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
        _connect_my_day_cache()
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


def _connect_my_day_cache() -> None:
    """A changed plan or seat makes every cached "Min dag" of its event stale (events.my_day_cache). A plan's
    seats are replaced in bulk and the plan saved after, so seat deletions need no signal of their own."""
    from django.db.models.signals import post_delete, post_save

    from motesplats.events import my_day_cache
    from motesplats.events.models import AgendaItem

    from .models import Plan, Seat

    def plan_changed(sender: object, instance: Plan, **kwargs: object) -> None:
        my_day_cache.invalidate(AgendaItem.objects.filter(pk=instance.agenda_item_id)
                                .values_list("event_id", flat=True).first())

    def seat_changed(sender: object, instance: Seat, **kwargs: object) -> None:
        my_day_cache.invalidate(Plan.objects.filter(pk=instance.plan_id)
                                .values_list("agenda_item__event_id", flat=True).first())

    post_save.connect(plan_changed, sender=Plan, weak=False, dispatch_uid="my-day-plan-saved")
    post_delete.connect(plan_changed, sender=Plan, weak=False, dispatch_uid="my-day-plan-deleted")
    post_save.connect(seat_changed, sender=Seat, weak=False, dispatch_uid="my-day-seat-saved")
