"""Networking plans (speed dating, round tables), their seats, the series memory and the tables' outcomes."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.events.models import AgendaItem, Event, Series
from motesplats.registry.models import Person

OUTCOMES_GRACE = timedelta(hours=2)  # the table links take answers until this long after the event


class PlanKind(models.TextChoices):
    SPEED = "speed", _("Speed dating")
    TABLES = "tables", _("Rundabordssamtal")


class PlanStatus(models.TextChoices):
    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Beräknas")
    READY = "ready", _("Klar, ej publicerad")
    PUBLISHED = "published", _("Publicerad")
    FAILED = "failed", _("Misslyckades")


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Plan(models.Model):
    """One plan per agenda item: who sits where (or meets whom) in every round."""

    agenda_item = models.OneToOneField(AgendaItem, verbose_name=_("programpunkt"), on_delete=models.CASCADE,
                                       related_name="networking_plan")
    kind = models.CharField(_("typ"), max_length=10, choices=PlanKind.choices)
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.QUEUED)
    progress = models.FloatField(default=0.0)
    error = models.TextField(blank=True)
    options = models.JSONField(default=dict, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(_("sammanfattning"), default=list, blank=True)
    summary_published_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    seed = models.BigIntegerField(_("slumptalsfrö"), null=True, blank=True,
                                  help_text=_("Fröet som gav planen: samma frö och motorversion ger samma plan."))
    engine_version = models.CharField(_("motorversion"), max_length=40, blank=True)
    pending = models.JSONField(_("väntande ändring"), null=True, blank=True,
                               help_text=_("En ny beräkning av en publicerad plan, som väntar på bekräftelse."))
    # The table-card links close OUTCOMES_GRACE after the event; the programme office may keep them open longer.
    outcomes_open_until = models.DateTimeField(_("bordslänkarna öppna till"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nätverksplan")
        verbose_name_plural = _("nätverksplaner")

    def __str__(self) -> str:
        return str(self.agenda_item)

    @property
    def event(self) -> Event:
        return self.agenda_item.event

    @property
    def outcomes_close_at(self) -> datetime:
        """When the tables' secret links stop taking answers: the organiser's time, else the event's end plus
        OUTCOMES_GRACE (the tables finish writing)."""
        return self.outcomes_open_until or self.agenda_item.event.ends_at + OUTCOMES_GRACE

    @property
    def outcomes_open(self) -> bool:
        return timezone.now() <= self.outcomes_close_at

    @property
    def is_published(self) -> bool:
        return self.status == PlanStatus.PUBLISHED

    @property
    def is_failed(self) -> bool:
        return self.status == PlanStatus.FAILED

    @property
    def is_speed(self) -> bool:
        """Speed dating (pairs per round); otherwise round tables."""
        return self.kind == PlanKind.SPEED

    @property
    def is_busy(self) -> bool:
        return self.status in (PlanStatus.QUEUED, PlanStatus.RUNNING)

    @property
    def progress_percent(self) -> int:
        return int(round(100 * min(1.0, max(0.0, self.progress))))


class VersionAction(models.TextChoices):
    RECOMPUTE = "recompute", _("omberäkning")
    REPLACE = "replace", _("ny plan")
    MOVE = "move", _("flytt")
    SWAP = "swap", _("byte")


class PlanVersion(models.Model):
    """A published plan changed: who changed it, when, how (recompute, move, swap, ...) and whose seats."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created = models.DateTimeField(_("tidpunkt"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                           verbose_name=_("ändrad av"))
    action = models.CharField(_("ändring"), max_length=20, choices=VersionAction.choices)
    changes = models.JSONField(_("ändrade platser"), default=list, blank=True,
                               help_text=_("[{person, round, before, after}], bord räknade från 0; null: ingen plats."))
    people = models.JSONField(default=list, blank=True)  # ids of the people whose seats changed

    class Meta:
        ordering = ["plan_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_number")]
        verbose_name = _("planversion")
        verbose_name_plural = _("planversioner")

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number} ({self.action})"


class Seat(models.Model):
    """A person at a table (or in a pair) in one round; `table` counts from 0."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="seats")
    round = models.PositiveSmallIntegerField()
    table = models.PositiveSmallIntegerField()
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="networking_seats")
    locked = models.BooleanField(_("låst"), default=False)

    class Meta:
        ordering = ["plan_id", "round", "table", "person__name"]
        constraints = [models.UniqueConstraint(fields=["plan", "round", "person"], name="one_seat_per_round")]
        indexes = [models.Index(fields=["plan", "round", "table"])]

    def __str__(self) -> str:
        return f"{self.person_id}: round {self.round + 1}, table {self.table + 1}"


class Encounter(models.Model):
    """Two people met at a seminar of the series (series memory); person_a has the lower id."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="encounters")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="encounters")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="encounters")
    kind = models.CharField(max_length=10, choices=PlanKind.choices)
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "kind", "person_a", "person_b"], name="one_encounter_per_kind"),
            models.CheckConstraint(condition=models.Q(person_a__lt=models.F("person_b")), name="encounter_ordered"),
        ]
        indexes = [models.Index(fields=["series", "event"])]

    def __str__(self) -> str:
        return f"{self.person_a_id}–{self.person_b_id} ({self.kind})"


class TableOutcome(models.Model):
    """What one table wrote down: an answer per question of the agenda item, reached through a secret link."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="outcomes")
    round = models.PositiveSmallIntegerField(default=0)
    table = models.PositiveSmallIntegerField()
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    answers = models.JSONField(default=list, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan_id", "round", "table"]
        constraints = [models.UniqueConstraint(fields=["plan", "round", "table"], name="one_outcome_per_table")]
        verbose_name = _("bordsresultat")
        verbose_name_plural = _("bordsresultat")

    def __str__(self) -> str:
        return f"{self.plan_id}: table {self.table + 1}"

    @property
    def code(self) -> str:
        """The secret part of the table's link."""
        return self.token

    @property
    def number(self) -> int:
        return self.table + 1
