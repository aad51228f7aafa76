"""The audit log: who did what to which object, written in the same transaction as the action
(`audit.services.record`). Rows are never changed; the actor's address is kept as text, so the entry stays
readable when the account is erased (it then reads as the anonymised address)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    PUBLISH = "publish", _("publicering")
    RECOMPUTE = "recompute", _("omberäkning")
    IMPORT = "import", _("import")
    ROLE_CHANGE = "role_change", _("rolländring")
    ERASURE = "erasure", _("radering")
    DATA_REQUEST_DECISION = "data_request_decision", _("beslut om databegäran")


class AuditEntry(models.Model):
    created = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("utförd av"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(_("utförd av"), max_length=254, blank=True)
    action = models.CharField(_("händelse"), max_length=40, choices=Action.choices, db_index=True)
    target_type = models.CharField(_("typ"), max_length=60, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(_("gäller"), max_length=300, blank=True)
    data = models.JSONField(_("uppgifter"), default=dict, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("loggpost")
        verbose_name_plural = _("loggposter")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} {self.target_label}"
