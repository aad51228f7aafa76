from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import BarrierReport, Shortcoming, Statement


class ShortcomingInline(admin.StackedInline):
    model = Shortcoming
    extra = 0


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ("language", "compliance", "reviewed_on", "updated")
    inlines = [ShortcomingInline]


@admin.action(description=_("Markera som hanterade"))
def mark_handled(modeladmin: admin.ModelAdmin, request: object, queryset: object) -> None:
    queryset.filter(handled_at__isnull=True).update(handled_at=timezone.now())  # type: ignore[attr-defined]


@admin.register(BarrierReport)
class BarrierReportAdmin(admin.ModelAdmin):
    list_display = ("created", "page", "description", "email", "notified_at", "handled_at")
    list_filter = ("handled_at", "language")
    search_fields = ("description", "page", "email", "name")
    readonly_fields = ("created", "page", "description", "name", "email", "language", "user", "notified_at")
    actions = [mark_handled]
