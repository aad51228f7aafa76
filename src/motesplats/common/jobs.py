"""What every background job row shares (participant import, portfolio import): its state, its progress as
`done` of `total`, and when it started and finished. The app's own model adds what the job needs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BackgroundJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("i kö")
        RUNNING = "running", _("pågår")
        DONE = "done", _("klar")
        FAILED = "failed", _("misslyckades")

    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created", "-id"]

    @property
    def is_busy(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))
