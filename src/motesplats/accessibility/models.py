"""The accessibility statement (lagen om tillgänglighet till digital offentlig service, following DIGG's model
statement), one per language, kept current by the programme office in the admin; and the barrier reports
that people send from it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Compliance(models.TextChoices):
    FULL = "full", _("Helt förenlig")
    PARTIAL = "partial", _("Delvis förenlig")
    NONE = "none", _("Inte förenlig")


class ShortcomingKind(models.TextChoices):
    NON_COMPLIANT = "non_compliant", _("Bristande förenlighet med lagkraven")
    DISPROPORTIONATE = "disproportionate", _("Oskäligt betungande anpassning")
    OUT_OF_SCOPE = "out_of_scope", _("Innehåll som inte omfattas av lagstiftningen")


class Statement(models.Model):
    language = models.CharField(_("språk"), max_length=5, choices=settings.LANGUAGES, unique=True)
    organisation = models.CharField(_("organisation som står bakom webbplatsen"), max_length=200)
    compliance = models.CharField(_("förenlighet med WCAG 2.1 AA / EN 301 549"), max_length=10,
                                  choices=Compliance.choices, default=Compliance.PARTIAL)
    alternatives = models.TextField(_("om du inte kan använda delar av webbplatsen"), blank=True,
                                    help_text=_("Hur man får innehållet på annat sätt, t.ex. genom att kontakta "
                                                "programkontoret."))
    testing = models.TextField(_("hur vi testat webbplatsen"))
    contact_email = models.EmailField(_("e-post för tillgänglighetsfrågor"))
    response_days = models.PositiveSmallIntegerField(_("svarstid i arbetsdagar"), default=5)
    published_on = models.DateField(_("webbplatsen publicerades"))
    reviewed_on = models.DateField(_("redogörelsen granskades senast"))
    updated = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("tillgänglighetsredogörelse")
        verbose_name_plural = _("tillgänglighetsredogörelser")

    def __str__(self) -> str:
        return f"{self.get_language_display()} ({self.reviewed_on})"

    @property
    def is_partially_compliant(self) -> bool:
        return self.compliance == Compliance.PARTIAL

    @property
    def is_fully_compliant(self) -> bool:
        return self.compliance == Compliance.FULL


class Shortcoming(models.Model):
    """A known shortcoming, with its reason (the kind) and the plan to fix it."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="shortcomings")
    kind = models.CharField(_("typ"), max_length=20, choices=ShortcomingKind.choices,
                            default=ShortcomingKind.NON_COMPLIANT)
    description = models.TextField(_("brist"))
    criteria = models.CharField(_("WCAG-kriterier"), max_length=100, blank=True, help_text=_("t.ex. 1.1.1, 4.1.2"))
    plan = models.TextField(_("plan och tidpunkt för åtgärd"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["kind", "order", "pk"]
        verbose_name = _("känd brist")
        verbose_name_plural = _("kända brister")

    def __str__(self) -> str:
        return self.description[:60]


class BarrierReport(models.Model):
    """A barrier someone met, sent from the statement's form to the programme office (and kept as a log)."""

    created = models.DateTimeField(_("inkommen"), auto_now_add=True)
    page = models.CharField(_("sida"), max_length=500, blank=True)
    description = models.TextField(_("beskrivning"))
    name = models.CharField(_("namn"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    language = models.CharField(_("språk"), max_length=5, default="sv")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("användarkonto"))
    notified_at = models.DateTimeField(_("skickad till programkontoret"), null=True, blank=True)
    handled_at = models.DateTimeField(_("hanterad"), null=True, blank=True)
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("rapporterad brist")
        verbose_name_plural = _("rapporterade brister")

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d}: {self.description[:50]}"
