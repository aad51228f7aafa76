from django.contrib import admin

from motesplats.discovery.models import Verdict


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ("kind", "project_a", "project_b", "status", "decided_by", "decided_at")
    list_filter = ("kind", "status")
    raw_id_fields = ("project_a", "project_b", "need", "dataset", "decided_by")
