from django.contrib import admin

from motesplats.datasharing.models import Agreement, ContactIntroduction, DataRequest, DatasetAccess, Step


class StepInline(admin.TabularInline):
    model = Step
    fk_name = "request"
    extra = 0
    can_delete = False
    readonly_fields = ("at", "action", "from_status", "to_status", "actor_name", "note", "agreement")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # steps are taken through the services, never written by hand


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    list_display = ("dataset", "requester", "project", "status", "created")
    list_filter = ("status", "personal_data", "is_public")
    readonly_fields = ("status", "idempotency_key", "answered_at")
    inlines = [StepInline]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("request", "producer", "consumer", "status", "created")
    list_filter = ("status", "delivery_route", "dpia_needed")
    readonly_fields = ("status",)


admin.site.register(DatasetAccess)
admin.site.register(ContactIntroduction)
