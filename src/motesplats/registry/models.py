from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motesplats.common.jobs import BackgroundJob


class OrganisationKind(models.TextChoices):
    FORVALTNING = "förvaltning", _("Förvaltning")
    BOLAG = "bolag", _("Bolag")
    AKADEMI = "akademi", _("Akademi")
    NARINGSLIV = "näringsliv", _("Näringsliv")
    TESTBADD = "testbädd", _("Testbädd")
    ANNAN = "annan", _("Annan")


class ProjectStatus(models.TextChoices):
    IDE = "idé", _("Idé")
    PLANERAD = "planerad", _("Planerad")
    PAGAENDE = "pågående", _("Pågående")
    AVSLUTAD = "avslutad", _("Avslutad")


class Openness(models.TextChoices):
    OPPEN = "öppen", _("Öppen")
    DELBAR = "delbar", _("Delbar inom staden")
    INTERN = "intern", _("Intern")
    PERSONUPPGIFTER = "personuppgifter", _("Personuppgifter")


class TimeStamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Organisation(TimeStamped):
    key = models.CharField(_("nyckel"), max_length=64, unique=True, null=True, blank=True,
                           help_text=_("Stabil nyckel för import."))
    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.ANNAN)
    description = models.TextField(_("kort beskrivning"), blank=True)
    website = models.URLField(_("webbadress"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:organisation_detail", kwargs={"slug": self.slug})


class Theme(models.Model):
    name = models.CharField(_("namn"), max_length=80, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tema")
        verbose_name_plural = _("teman")

    def __str__(self) -> str:
        return self.name


class Person(TimeStamped):
    key = models.CharField(_("nyckel"), max_length=64, unique=True, null=True, blank=True,
                           help_text=_("Stabil nyckel för import."))
    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-post"), blank=True)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="people")
    interests = models.JSONField(_("intressen"), default=list, blank=True)
    languages = models.JSONField(_("språk"), default=list, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("användarkonto"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="person")
    is_anonymised = models.BooleanField(default=False)
    # The interests in lower case, one per line: JSON text cannot be searched alike on SQLite (which stores
    # "grön" as "gr\u00f6n") and PostgreSQL. Kept up to date by save(), whoever saves the person.
    interests_search = models.TextField(blank=True, default="", editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        indexes = [models.Index(fields=["email"])]
        constraints = [
            # One person per address: imports and walk-ins find people by it (registry.services.people_resolve).
            models.UniqueConstraint(Lower("email"), condition=~Q(email="") & Q(is_anonymised=False),
                                    name="person_email_unique",
                                    violation_error_message=_("Det finns redan en person med den e-postadressen.")),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.interests_search = interests_search_text(self.interests)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "interests" in update_fields:
            kwargs["update_fields"] = {*update_fields, "interests_search"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("registry:person_detail", kwargs={"pk": self.pk})


def interests_search_text(interests: Any) -> str:
    if not isinstance(interests, list):
        return ""
    return "\n".join(" ".join(str(item).split()).lower() for item in interests if str(item).strip())


class Project(TimeStamped):
    key = models.CharField(_("nyckel"), max_length=64, unique=True, null=True, blank=True,
                           help_text=_("Stabil nyckel för import."))
    title = models.CharField(_("titel"), max_length=250)
    slug = models.SlugField(max_length=270, unique=True)
    summary = models.CharField(_("sammanfattning"), max_length=500, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("teman"), blank=True, related_name="projects")
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PAGAENDE)
    owner = models.ForeignKey(Organisation, verbose_name=_("ägande organisation"), on_delete=models.PROTECT,
                              related_name="owned_projects")
    partners = models.ManyToManyField(Organisation, verbose_name=_("partnerorganisationer"), blank=True,
                                      related_name="partner_projects")
    contacts = models.ManyToManyField(Person, verbose_name=_("kontaktpersoner"), blank=True, related_name="projects")
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("slut"), null=True, blank=True)
    link = models.URLField(_("länk"), blank=True)
    is_public = models.BooleanField(_("publik"), default=True,
                                    help_text=_("Publika projekt syns för alla, även utan inloggning."))

    class Meta:
        ordering = ["title"]
        verbose_name = _("projekt")
        verbose_name_plural = _("projekt")
        indexes = [models.Index(fields=["status"]), models.Index(fields=["is_public", "title"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("registry:project_detail", kwargs={"slug": self.slug})


class Dataset(TimeStamped):
    """Data a project collects."""

    project = models.ForeignKey(Project, verbose_name=_("projekt"), on_delete=models.CASCADE, related_name="datasets")
    name = models.CharField(_("namn"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    format = models.CharField(_("format"), max_length=100, blank=True)
    update_frequency = models.CharField(_("uppdateringsfrekvens"), max_length=100, blank=True)
    openness = models.CharField(_("öppenhet"), max_length=20, choices=Openness.choices, default=Openness.DELBAR)

    class Meta:
        ordering = ["project_id", "name"]
        verbose_name = _("datamängd")
        verbose_name_plural = _("datamängder")

    def __str__(self) -> str:
        return self.name


class DataNeed(TimeStamped):
    """Data a project would like to have, in its own words."""

    project = models.ForeignKey(Project, verbose_name=_("projekt"), on_delete=models.CASCADE, related_name="data_needs")
    description = models.TextField(_("beskrivning"))

    class Meta:
        ordering = ["project_id", "id"]
        verbose_name = _("databehov")
        verbose_name_plural = _("databehov")

    def __str__(self) -> str:
        return self.description[:80]


class PortfolioImport(BackgroundJob):
    """A large portfolio import running in the background (`portfolio_io.jobs`): the file waits here, already
    checked, until the worker writes it in short transactions (organisations and people, then the projects a
    chunk at a time); the page shows `done` of `total` projects as a progress bar, then the report. The file
    is cleared once the import has run."""

    source_name = models.CharField(max_length=255, blank=True)
    source = models.TextField(blank=True)
    report = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.source_name} ({self.created:%Y-%m-%d %H:%M})"
