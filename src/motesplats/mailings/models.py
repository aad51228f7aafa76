"""Mailings from the programme office: invitations to a seminar and messages to its participants, each with one
delivery row per recipient (the delivery log), and the addresses that unsubscribed from non-essential mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motesplats.events.models import Event
from motesplats.registry.models import Person


class MailingKind(models.TextChoices):
    INVITATION = "invitation", _("Inbjudan")
    MESSAGE = "message", _("Meddelande till deltagare")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("I kö")
    SENDING = "sending", _("Skickas")
    SENT = "sent", _("Skickat")
    FAILED = "failed", _("Misslyckades")
    BOUNCED = "bounced", _("Studsade")
    UNSUBSCRIBED = "unsubscribed", _("Avregistrerad, ej skickat")


class Mailing(models.Model):
    kind = models.CharField(_("typ"), max_length=20, choices=MailingKind.choices)
    event = models.ForeignKey(Event, verbose_name=_("seminarium"), on_delete=models.CASCADE, related_name="mailings")
    subject = models.CharField(_("ämne"), max_length=200)
    body = models.TextField(_("meddelande"), blank=True)
    audience = models.JSONField(_("mottagare"), default=dict, blank=True)
    audience_label = models.CharField(_("mottagare"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    queue_seconds = models.FloatField(null=True, blank=True, editable=False)  # how long queueing took
    batches = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("mailings:detail", kwargs={"pk": self.pk})


class Delivery(models.Model):
    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries")
    name = models.CharField(_("namn"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    language = models.CharField(_("språk"), max_length=5, default="sv")
    status = models.CharField(_("status"), max_length=20, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.QUEUED)
    batch = models.PositiveIntegerField(default=0)
    claim = models.CharField(max_length=32, blank=True, editable=False)  # the sending run that took the row
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    error = models.CharField(_("fel"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["mailing_id", "id"]
        verbose_name = _("leverans")
        verbose_name_plural = _("leveranser")
        indexes = [models.Index(fields=["mailing", "status"])]

    def __str__(self) -> str:
        return f"{self.email} ({self.status})"


class Unsubscribe(models.Model):
    """An address that wants no more non-essential mail (invitations, messages). Registration mail still goes."""

    email = models.EmailField(_("e-post"), unique=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("avregistrering")
        verbose_name_plural = _("avregistreringar")

    def __str__(self) -> str:
        return self.email
