"""Data requests, the agreements they become, every step of both, and logged introductions to data owners.

A request asks a dataset's owners (the contacts of the project that collects it) for the data; the requesting
side is the person who asked and the contacts of the project they asked for. The states and the moves
between them are in `services.transitions`; nothing else changes `status`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motesplats.registry.models import DataNeed, Dataset, Organisation, Person, Project


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Väntar på svar")
    QUESTION = "question", _("Fråga till den som ber")
    ACCEPTED = "accepted", _("Accepterad")
    DECLINED = "declined", _("Avböjd")
    WITHDRAWN = "withdrawn", _("Återkallad")


OPEN_STATES = (RequestStatus.OPEN, RequestStatus.QUESTION)


class Frequency(models.TextChoices):
    ONCE = "once", _("En gång")
    DAILY = "daily", _("Dagligen")
    WEEKLY = "weekly", _("Varje vecka")
    MONTHLY = "monthly", _("Varje månad")
    REALTIME = "realtime", _("Löpande (realtid)")


class AgreementStatus(models.TextChoices):
    AGREED = "agreed", _("Överenskommen")
    DELIVERING = "delivering", _("Levereras")
    IN_USE = "in_use", _("Används")
    ENDED = "ended", _("Avslutad")


class DeliveryRoute(models.TextChoices):
    API = "api", _("API")
    FILE = "file", _("Fil (nedladdning eller överföring)")
    DATABASE = "database", _("Databasåtkomst")
    OTHER = "other", _("Annat")


class Licence(models.TextChoices):
    CC0 = "cc0", _("CC0 1.0 (fri användning)")
    CC_BY = "cc-by-4.0", _("CC BY 4.0 (ange källan)")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0")
    AGREEMENT = "agreement", _("Enligt avtal")
    UNKNOWN = "", _("Inte angiven")


LICENCE_URIS = {  # exactly as the national data portal expects them (docs/harvesting.md of DCAT-AP-SE)
    Licence.CC0: "http://creativecommons.org/publicdomain/zero/1.0/",
    Licence.CC_BY: "http://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "http://creativecommons.org/licenses/by-sa/4.0/",
}


class AccessKind(models.TextChoices):
    LINK = "link", _("Nedladdningslänk")
    API = "api", _("API")
    ON_REQUEST = "on_request", _("På begäran")


class DatasetAccess(models.Model):
    """How to get a dataset and under which licence: what the catalogue page and the DCAT export say."""

    dataset = models.OneToOneField(Dataset, on_delete=models.CASCADE, related_name="access")
    kind = models.CharField(_("hur man får datan"), max_length=20, choices=AccessKind.choices,
                            default=AccessKind.ON_REQUEST)
    url = models.URLField(_("länk eller API-adress"), blank=True)
    licence = models.CharField(_("licens"), max_length=20, choices=Licence.choices, blank=True, default="")
    contact_email = models.EmailField(_("kontaktadress för datamängden"), blank=True,
                                      help_text=_("En funktionsadress; lämnas tom används programkontorets."))
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("åtkomst")
        verbose_name_plural = _("åtkomst")

    def __str__(self) -> str:
        return f"{self.dataset_id}: {self.kind}"

    @property
    def licence_uri(self) -> str:
        return LICENCE_URIS.get(self.licence, "")


class DataRequest(models.Model):
    dataset = models.ForeignKey(Dataset, verbose_name=_("datamängd"), on_delete=models.CASCADE,
                                related_name="data_requests")
    requester = models.ForeignKey(Person, verbose_name=_("begärd av"), on_delete=models.PROTECT,
                                  related_name="data_requests")
    project = models.ForeignKey(Project, verbose_name=_("för projektet"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="data_requests_made")
    need = models.ForeignKey(DataNeed, verbose_name=_("databehov"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="data_requests")
    purpose = models.TextField(_("syfte"))
    fields = models.TextField(_("vilka fält"), blank=True)
    frequency = models.CharField(_("hur ofta"), max_length=20, choices=Frequency.choices, default=Frequency.ONCE)
    personal_data = models.BooleanField(_("innehåller personuppgifter"), default=False)
    is_public = models.BooleanField(_("synlig för alla inloggade"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    idempotency_key = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("dataförfrågan")
        verbose_name_plural = _("dataförfrågningar")
        indexes = [models.Index(fields=["status"]), models.Index(fields=["created"])]
        constraints = [
            # a double click or a second tab cannot open the same request twice
            models.UniqueConstraint(fields=["dataset", "requester", "project"],
                                    condition=models.Q(status__in=["open", "question"], project__isnull=False),
                                    name="datasharing_one_open_request_per_dataset_and_project"),
            models.UniqueConstraint(fields=["dataset", "requester"],
                                    condition=models.Q(status__in=["open", "question"], project__isnull=True),
                                    name="datasharing_one_open_request_per_dataset_without_project"),
        ]

    def __str__(self) -> str:
        return f"{self.dataset} ← {self.requester}"

    def get_absolute_url(self) -> str:
        return reverse("datasharing:request_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def consumer_organisation(self) -> Organisation:
        return self.project.owner if self.project else self.requester.organisation


class Agreement(models.Model):
    request = models.OneToOneField(DataRequest, verbose_name=_("förfrågan"), on_delete=models.CASCADE,
                                   related_name="agreement")
    producer = models.ForeignKey(Organisation, verbose_name=_("levererar"), on_delete=models.PROTECT,
                                 related_name="agreements_out")
    consumer = models.ForeignKey(Organisation, verbose_name=_("tar emot"), on_delete=models.PROTECT,
                                 related_name="agreements_in")
    status = models.CharField(_("status"), max_length=20, choices=AgreementStatus.choices,
                              default=AgreementStatus.AGREED)
    licence = models.CharField(_("licens"), max_length=200)
    delivery_route = models.CharField(_("leveranssätt"), max_length=20, choices=DeliveryRoute.choices)
    legal_basis = models.CharField(_("rättslig grund"), max_length=300, blank=True)
    dpia_needed = models.BooleanField(_("konsekvensbedömning (DPIA) behövs"), default=False)
    conditions = models.TextField(_("övriga villkor"), blank=True)
    created = models.DateTimeField(_("överenskommen"), auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("överenskommelse")
        verbose_name_plural = _("överenskommelser")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.producer} → {self.consumer}: {self.request.dataset}"

    def get_absolute_url(self) -> str:
        return reverse("datasharing:agreement_detail", kwargs={"pk": self.pk})


class Step(models.Model):
    """One step of a request or its agreement: who did what, when, and what they wrote."""

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="steps")
    agreement = models.ForeignKey(Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("händelse"), max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("av"))
    actor_name = models.CharField(_("av"), max_length=200, blank=True)
    note = models.TextField(_("meddelande"), blank=True)
    at = models.DateTimeField(_("tid"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("steg")
        verbose_name_plural = _("steg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class ContactIntroduction(models.Model):
    """"Kontakta ägaren": a logged e-mail introduction to a dataset's owners."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="introductions")
    sender = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="data_introductions")
    message = models.TextField(_("meddelande"))
    recipients = models.PositiveIntegerField(default=0)
    idempotency_key = models.CharField(max_length=64, unique=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("kontaktförfrågan")
        verbose_name_plural = _("kontaktförfrågningar")

    def __str__(self) -> str:
        return f"{self.sender} → {self.dataset}"


class MatchNotice(models.Model):
    """A strong data match a person has been told about (never told twice), and the weekly mail it went in."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_notices")
    need = models.ForeignKey(DataNeed, on_delete=models.CASCADE, related_name="+")
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(default=0.0)
    created = models.DateTimeField(auto_now_add=True)
    mailed_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [models.UniqueConstraint(fields=["person", "need", "dataset"],
                                               name="datasharing_one_notice_per_match_and_person")]

    def __str__(self) -> str:
        return f"{self.person}: {self.need_id}↔{self.dataset_id}"


class NoticeSettings(models.Model):
    """Whether a person wants the weekly match mail (on unless turned off), and when the last one went."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="notice_settings")
    match_mail = models.BooleanField(_("e-post om nya starka matchningar"), default=True)
    last_mailed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.person}: {'on' if self.match_mail else 'off'}"
