"""Follow-ups of round-table findings: who does what about an opportunity, obstacle or idea, by when; which
seminar agendas list the open ones; and the status requests sent to owners a week before such a seminar."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motesplats.events.models import Event
from motesplats.networking.models import TableOutcome
from motesplats.registry.models import Organisation, Person, Project


class FindingKind(models.TextChoices):
    OPPORTUNITY = "opportunity", _("Möjlighet")
    OBSTACLE = "obstacle", _("Hinder")
    IDEA = "idea", _("Idé")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Öppen")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Klar")
    DROPPED = "dropped", _("Avslutad utan åtgärd")


OPEN_STATUSES = (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS)


class FollowUp(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("seminarium där det kom upp"), on_delete=models.PROTECT,
                              related_name="followups")
    outcome = models.ForeignKey(TableOutcome, verbose_name=_("bordets resultat"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="followups")
    question_index = models.PositiveSmallIntegerField(null=True, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=FindingKind.choices, default=FindingKind.OPPORTUNITY)
    finding = models.TextField(_("iakttagelse"), max_length=2000)
    action = models.TextField(_("vad ska göras"), max_length=2000, blank=True)
    owner_person = models.ForeignKey(Person, verbose_name=_("ansvarig person"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="followups")
    owner_organisation = models.ForeignKey(Organisation, verbose_name=_("ansvarig organisation"), null=True,
                                           blank=True, on_delete=models.SET_NULL, related_name="followups")
    projects = models.ManyToManyField(Project, verbose_name=_("berörda projekt"), blank=True,
                                      related_name="followups")
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=FollowUpStatus.choices,
                              default=FollowUpStatus.OPEN)
    status_note = models.TextField(_("senaste lägesrapport"), max_length=2000, blank=True)
    status_updated_at = models.DateTimeField(_("läget rapporterat"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [models.CheckConstraint(
            condition=Q(owner_person__isnull=False) | Q(owner_organisation__isnull=False) | Q(status="dropped")
            | Q(status="done"), name="followup_open_has_owner")]

    def __str__(self) -> str:
        return self.finding[:60]

    def get_absolute_url(self) -> str:
        return reverse("followups:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def owner_label(self) -> str:
        if self.owner_person_id and self.owner_person:
            return f"{self.owner_person.name} ({self.owner_person.organisation.name})"
        return self.owner_organisation.name if self.owner_organisation else ""


class AgendaListing(models.Model):
    """The seminar's agenda lists the open follow-ups of earlier seminars; owners are asked for a status first."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="followup_listing")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uppföljningar på programmet")
        verbose_name_plural = _("uppföljningar på programmet")

    def __str__(self) -> str:
        return str(self.event)


class StatusRequest(models.Model):
    """One request for a status per follow-up and seminar: the daily job may run any number of times."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="status_requests")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["followup", "event"], name="one_status_request_per_event")]

    def __str__(self) -> str:
        return f"{self.followup_id} @ {self.event_id}"
