"""Django admin for the programme office's occasional repairs. Day-to-day work happens in the organiser pages,
which go through the services (capacity, waitlist, e-mails); the admin therefore keeps seat-moving fields
read-only."""

from django.contrib import admin

from .models import AgendaItem, Event, Registration, Series


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("order", "starts_at", "ends_at", "kind", "title", "rounds", "round_minutes", "tables")
    show_change_link = True


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "series", "date", "status", "capacity")
    list_filter = ("status", "series")
    search_fields = ("title", "theme", "venue_name")
    readonly_fields = ("status", "uid", "sequence", "published_at", "cancelled_at")
    date_hierarchy = "date"
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ("title", "event", "kind", "starts_at", "ends_at")
    list_filter = ("kind",)
    autocomplete_fields = ("speakers",)
    search_fields = ("title",)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("person", "event", "status", "project", "checked_in_at", "is_walk_in")
    list_filter = ("status", "is_walk_in", "event")
    search_fields = ("person__name", "person__email", "project__title")
    list_select_related = ("person", "event", "project")
    readonly_fields = ("event", "person", "status", "waitlisted_at", "confirmed_at", "cancelled_at", "cancelled_by",
                       "consent_at", "consent_version", "registered_by", "check_in_token", "checked_in_at",
                       "checked_in_by", "reminder_sent_at", "anonymised_at", "created", "updated")
    fields = ("event", "person", "project", "status", "dietary", "accessibility") + readonly_fields[3:]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # through the registration services, which respect capacity and the waitlist
