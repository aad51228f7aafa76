"""The admin is an escape hatch beside the services: what it changes in projects is announced the same way
(`registry.signals.projects_changed`), so discovery and others stay current."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from motesplats.registry.models import DataNeed, Dataset, Organisation, Person, Project, Theme
from motesplats.registry.signals import announce_projects_changed


class DatasetInline(admin.TabularInline):
    model = Dataset
    extra = 0


class DataNeedInline(admin.TabularInline):
    model = DataNeed
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "key"]
    list_filter = ["kind"]
    search_fields = ["name", "key"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request: HttpRequest, obj: Theme, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        announce_projects_changed(obj.projects.values_list("pk", flat=True))

    def delete_model(self, request: HttpRequest, obj: Theme) -> None:
        announce_projects_changed(obj.projects.values_list("pk", flat=True))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Theme]) -> None:
        announce_projects_changed(Project.objects.filter(themes__in=queryset).values_list("pk", flat=True))
        super().delete_queryset(request, queryset)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "email", "is_anonymised"]
    list_filter = ["is_anonymised", "organisation"]
    search_fields = ["name", "email"]
    list_select_related = ["organisation"]
    raw_id_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "status", "is_public"]
    list_filter = ["status", "is_public", "owner"]
    search_fields = ["title", "summary", "key"]
    list_select_related = ["owner"]
    filter_horizontal = ["themes", "partners", "contacts"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [DatasetInline, DataNeedInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        announce_projects_changed([form.instance.pk])

    def delete_model(self, request: HttpRequest, obj: Project) -> None:
        pk = obj.pk
        super().delete_model(request, obj)
        announce_projects_changed([pk])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Project]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        announce_projects_changed(ids)
