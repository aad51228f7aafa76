from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from motesplats.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Roll och språk"), {"fields": ("role", "language")}),
        (_("Behörigheter"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Datum"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),)

    def save_model(self, request: Any, obj: User, form: Any, change: bool) -> None:
        """A change of role (or of staff rights) goes into the audit log, in the same transaction (the admin
        saves inside one)."""
        from motesplats.audit import services as audit

        before = User.objects.filter(pk=obj.pk).values("role", "is_staff", "is_superuser").first() if change else None
        super().save_model(request, obj, form, change)
        after = {"role": obj.role, "is_staff": obj.is_staff, "is_superuser": obj.is_superuser}
        if before != after:
            audit.record(actor=request.user, action=audit.Action.ROLE_CHANGE, target=obj,
                         data={"before": before or {}, "after": after})


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owners on "Mitt konto"; here they can only be seen and revoked."""

    list_display = ["name", "user", "prefix", "created", "last_used", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["name", "user__email", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created", "last_used"]
    exclude = ["token_hash"]

    def has_add_permission(self, request: object) -> bool:
        return False
