from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.common import permissions

from .models import BarrierReport, Shortcoming, Statement


class ProgrammeOfficeAdmin(admin.ModelAdmin):
    """The programme office (staff accounts with the organiser role) keeps these current without Django
    model permissions being handed out one by one."""

    def has_module_permission(self, request):  # type: ignore[no-untyped-def]
        return permissions.is_organiser(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return permissions.is_organiser(request.user) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return permissions.is_organiser(request.user) or super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return permissions.is_organiser(request.user) or super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return permissions.is_organiser(request.user) or super().has_delete_permission(request, obj)


class ShortcomingInline(admin.StackedInline):
    model = Shortcoming
    extra = 0

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return permissions.is_organiser(request.user) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return permissions.is_organiser(request.user) or super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return permissions.is_organiser(request.user) or super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return permissions.is_organiser(request.user) or super().has_delete_permission(request, obj)


@admin.register(Statement)
class StatementAdmin(ProgrammeOfficeAdmin):
    list_display = ("language", "compliance", "reviewed_on", "updated")
    inlines = [ShortcomingInline]


@admin.action(description=_("Markera som hanterade"))
def mark_handled(modeladmin: admin.ModelAdmin, request: object, queryset: object) -> None:
    queryset.filter(handled_at__isnull=True).update(handled_at=timezone.now())  # type: ignore[attr-defined]


@admin.register(BarrierReport)
class BarrierReportAdmin(ProgrammeOfficeAdmin):
    list_display = ("created", "page", "description", "email", "notified_at", "handled_at")
    list_filter = ("handled_at", "language")
    search_fields = ("description", "page", "email", "name")
    readonly_fields = ("created", "page", "description", "name", "email", "language", "user", "notified_at")
    actions = [mark_handled]
