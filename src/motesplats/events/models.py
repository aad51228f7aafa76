"""Seminar series, events, agendas and registrations. Writes live in `services/`, reads in `selectors.py`."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.common.jobs import BackgroundJob
from motesplats.registry.models import Person, Project

from .check_in_codes import sign_token
from .enums import (
    KINDS_WITH_SPEAKERS,
    NETWORKING_KINDS,
    AgendaKind,
    EventStatus,
    RegistrationStatus,
    RegistrationWindow,
)


def new_check_in_token() -> str:
    return secrets.token_urlsafe(16)


class Series(models.Model):
    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("seminarieserie")
        verbose_name_plural = _("seminarieserier")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:series_detail", kwargs={"slug": self.slug})


class EventQuerySet(models.QuerySet["Event"]):
    def public(self) -> EventQuerySet:
        """Everything but drafts: what anyone may see (see `Event.is_draft`)."""
        return self.exclude(status=EventStatus.UTKAST)


class Event(models.Model):
    series = models.ForeignKey(Series, verbose_name=_("serie"), on_delete=models.PROTECT, related_name="events")
    title = models.CharField(_("titel"), max_length=250)
    slug = models.SlugField(max_length=270, unique=True)
    theme = models.CharField(_("tema"), max_length=200, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    date = models.DateField(_("datum"))
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    venue_name = models.CharField(_("lokal"), max_length=200, blank=True)
    venue_address = models.CharField(_("adress"), max_length=300, blank=True)
    venue_accessibility = models.TextField(_("tillgänglighet i lokalen"), blank=True,
                                           help_text=_("Till exempel hiss, hörslinga, ramp, tillgänglig toalett."))
    capacity = models.PositiveIntegerField(_("antal platser"))
    registration_opens_at = models.DateTimeField(_("anmälan öppnar"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("anmälan stänger"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.UTKAST)
    cancellation_reason = models.TextField(_("anledning till inställt"), blank=True)
    # iCalendar: UID never changes; SEQUENCE goes up whenever a subscriber should replace their copy.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("seminarium")
        verbose_name_plural = _("seminarier")
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    # --- where the event is in its life: utkast -> publicerad -> avslutad, or inställd -----------------

    @property
    def is_draft(self) -> bool:
        """Only organisers see a draft; everything else about an event is public."""
        return self.status == EventStatus.UTKAST

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLICERAD

    @property
    def is_finished(self) -> bool:
        return self.status == EventStatus.AVSLUTAD

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.INSTALLD

    @property
    def has_started(self) -> bool:
        return timezone.now() >= self.starts_at

    @property
    def can_be_edited(self) -> bool:
        return not self.is_cancelled

    @property
    def can_be_published(self) -> bool:
        return self.is_draft

    @property
    def can_be_finished(self) -> bool:
        return self.is_published

    @property
    def can_be_cancelled(self) -> bool:
        return self.is_draft or self.is_published

    # --- the registration window -----------------------------------------------------------------------

    def registration_window(self, now: datetime | None = None) -> RegistrationWindow:
        """The one place the registration window is decided: a published event takes registrations from
        `registration_opens_at` (or at once) until `registration_closes_at` (or until it starts)."""
        if self.is_cancelled:
            return RegistrationWindow.CANCELLED
        if self.is_draft:
            return RegistrationWindow.DRAFT
        if self.is_finished:
            return RegistrationWindow.FINISHED
        now = now or timezone.now()
        if self.registration_opens_at and now < self.registration_opens_at:
            return RegistrationWindow.NOT_YET_OPEN
        if now >= (self.registration_closes_at or self.starts_at):
            return RegistrationWindow.CLOSED
        return RegistrationWindow.OPEN

    def registration_is_open(self, now: datetime | None = None) -> bool:
        return self.registration_window(now) == RegistrationWindow.OPEN

    @property
    def registration_opens_later(self) -> bool:
        return self.registration_window() == RegistrationWindow.NOT_YET_OPEN


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("seminarium"), on_delete=models.CASCADE,
                              related_name="agenda_items")
    order = models.PositiveIntegerField(_("ordning"), default=0)
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    kind = models.CharField(_("typ"), max_length=20, choices=AgendaKind.choices, default=AgendaKind.TALK)
    title = models.CharField(_("rubrik"), max_length=250)
    description = models.TextField(_("beskrivning"), blank=True)
    speakers = models.ManyToManyField(Person, verbose_name=_("talare och paneldeltagare"), blank=True,
                                      related_name="agenda_items")
    rounds = models.PositiveSmallIntegerField(_("antal rundor"), null=True, blank=True,
                                              help_text=_("Speed dating: hur många rundor."))
    round_minutes = models.PositiveSmallIntegerField(_("minuter per runda"), null=True, blank=True)
    tables = models.PositiveSmallIntegerField(_("antal bord"), null=True, blank=True,
                                              help_text=_("Rundabordssamtal: hur många bord."))
    questions = models.JSONField(_("frågor att diskutera"), default=list, blank=True)
    allow_overlap = models.BooleanField(_("får överlappa"), default=False,
                                        help_text=_("Parallella pass får gå samtidigt som andra punkter."))

    class Meta:
        ordering = ["event_id", "order", "starts_at"]
        verbose_name = _("programpunkt")
        verbose_name_plural = _("programpunkter")

    def __str__(self) -> str:
        return self.title

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_speed_dating(self) -> bool:
        return self.kind == AgendaKind.SPEED_DATING

    @property
    def is_round_tables(self) -> bool:
        return self.kind == AgendaKind.ROUND_TABLES

    @property
    def is_panel(self) -> bool:
        return self.kind == AgendaKind.PANEL

    @property
    def is_networking(self) -> bool:
        """Speed dating and round tables: the networking app plans who meets whom."""
        return self.kind in NETWORKING_KINDS

    @property
    def has_speakers(self) -> bool:
        return self.kind in KINDS_WITH_SPEAKERS


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def active(self) -> RegistrationQuerySet:
        """Confirmed and waitlisted: registrations that still count (`Registration.is_active`)."""
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def waitlist(self) -> RegistrationQuerySet:
        """The waitlist in its order: first come, first served."""
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by("waitlisted_at", "id")


class Registration(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("seminarium"), on_delete=models.CASCADE,
                              related_name="registrations")
    # Null only after anonymisation (GDPR): attendance statistics survive, the person does not.
    person = models.ForeignKey(Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="registrations")
    project = models.ForeignKey(Project, verbose_name=_("representerar projekt"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="registrations")
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    waitlisted_at = models.DateTimeField(_("satt på väntelistan"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("avbokad"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    dietary = models.CharField(_("kost och allergier"), max_length=500, blank=True)
    accessibility = models.CharField(_("tillgänglighetsbehov"), max_length=500, blank=True)
    consent_at = models.DateTimeField(_("samtycke lämnat"), null=True, blank=True)
    consent_version = models.CharField(_("version av samtyckestexten"), max_length=40, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("anmäld av"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    is_walk_in = models.BooleanField(_("kom utan anmälan"), default=False)
    check_in_token = models.CharField(max_length=64, unique=True, default=new_check_in_token, editable=False)
    checked_in_at = models.DateTimeField(_("incheckad"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event_id", "created", "id"]
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], condition=~Q(status=RegistrationStatus.CANCELLED),
                                    name="one_active_registration_per_person"),
        ]
        indexes = [
            models.Index(fields=["event", "status", "waitlisted_at"]),
            models.Index(fields=["event", "checked_in_at"]),
        ]

    def __str__(self) -> str:
        who = self.person.name if self.person_id and self.person else _("anonymiserad")
        return f"{who} – {self.event}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def is_cancelled(self) -> bool:
        return self.status == RegistrationStatus.CANCELLED

    @property
    def is_active(self) -> bool:
        """Confirmed or waitlisted: a registration that still counts."""
        return not self.is_cancelled

    @property
    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None

    @property
    def can_be_cancelled(self) -> bool:
        """The participant may still give up the seat or the waitlist place: before check-in, while the
        event is published (`services.registration.cancel` enforces the first half on the locked row)."""
        return self.is_active and not self.is_checked_in and self.event.is_published

    @property
    def check_in_code(self) -> str:
        """The signed text a QR code carries; forged or altered codes fail the signature."""
        return sign_token(self.check_in_token)


class GuestSignup(models.Model):
    """A person outside the registry asks for a seat: name, organisation and e-mail, confirmed through a link sent
    to that address. Confirmation makes (or finds) the registry's person and registers them."""

    event = models.ForeignKey(Event, verbose_name=_("seminarium"), on_delete=models.CASCADE,
                              related_name="guest_signups")
    name = models.CharField(_("namn"), max_length=200)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    email = models.EmailField(_("e-post"))
    language = models.CharField(_("språk"), max_length=5, default="sv")
    dietary = models.CharField(_("kost och allergier"), max_length=500, blank=True)
    accessibility = models.CharField(_("tillgänglighetsbehov"), max_length=500, blank=True)
    consent_at = models.DateTimeField(_("samtycke lämnat"))
    token = models.CharField(max_length=64, unique=True, default=new_check_in_token, editable=False)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    registration = models.OneToOneField(Registration, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="guest_signup")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("gästanmälan")
        verbose_name_plural = _("gästanmälningar")
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"


class RegistrationImport(BackgroundJob):
    """A participant import running in the background (`services.imports.import_start` / `import_run`): the
    file waits here until the worker registers its rows in short transactions, batch by batch; the page shows
    `done` of `total` as a progress bar, then the result. The file is cleared once the import has run."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="imports")
    source = models.TextField(blank=True)
    notify = models.BooleanField(default=True)
    confirmed = models.PositiveIntegerField(default=0)
    waitlisted = models.PositiveIntegerField(default=0)
    people_created = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # [{"line": n, "message": text}]

    def __str__(self) -> str:
        return f"{self.event} ({self.created:%Y-%m-%d %H:%M})"
