from django.contrib import admin

from motesplats.registry.models import DataNeed, Dataset, Organisation, Person, Project, Theme


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
