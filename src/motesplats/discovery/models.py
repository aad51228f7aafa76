from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motesplats.registry.models import DataNeed, Dataset, Project


class VerdictStatus(models.TextChoices):
    KONTAKTAD = "kontaktad", _("Kontaktad")
    SAMARBETAR = "samarbetar", _("Samarbetar")
    INTE_RELEVANT = "inte_relevant", _("Inte relevant")


class VerdictKind(models.TextChoices):
    PAIR = "pair", _("Relaterade projekt")
    DATA = "data", _("Datadelning")


class Verdict(models.Model):
    """The programme office's judgement of a proposed link; "inte relevant" links are never proposed again.

    For a pair of related projects, project_a has the lower id. For data sharing, project_a needs (need)
    what project_b collects (dataset).
    """

    kind = models.CharField(_("typ"), max_length=10, choices=VerdictKind.choices)
    project_a = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    project_b = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    need = models.ForeignKey(DataNeed, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    dataset = models.ForeignKey(Dataset, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("bedömning"), max_length=20, choices=VerdictStatus.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("bedömd av"))
    decided_at = models.DateTimeField(_("bedömd"), auto_now=True)

    class Meta:
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        indexes = [models.Index(fields=["project_a", "kind"]), models.Index(fields=["project_b", "kind"])]
        constraints = [
            models.UniqueConstraint(fields=["project_a", "project_b"], condition=models.Q(kind="pair"),
                                    name="discovery_one_verdict_per_pair"),
            models.UniqueConstraint(fields=["need", "dataset"], condition=models.Q(kind="data"),
                                    name="discovery_one_verdict_per_data_link"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.project_a_id}-{self.project_b_id}: {self.status}"

    @property
    def is_not_relevant(self) -> bool:
        """Judged not relevant: the link is never proposed again."""
        return self.status == VerdictStatus.INTE_RELEVANT

    @property
    def is_collaborating(self) -> bool:
        return self.status == VerdictStatus.SAMARBETAR


class IndexedProject(models.Model):
    """What the discovery index holds for a project; every process catches up on rows changed since it last looked."""

    project_id = models.BigIntegerField(primary_key=True)
    digest = models.CharField(max_length=64)
    is_deleted = models.BooleanField(default=False)
    changed = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.project_id} {self.digest[:8]}"


class TextVector(models.Model):
    """A sentence-model vector of one text (float32 bytes), shared by every process: the stored part of the
    discovery index, so that a process builds its index without running the model again."""

    model = models.CharField(max_length=80)
    digest = models.CharField(max_length=40)
    vector = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model", "digest"], name="discovery_one_vector_per_text")]

    def __str__(self) -> str:
        return f"{self.model} {self.digest[:8]}"


class OverlapSnapshot(models.Model):
    """The overlap overview of the whole portfolio as the background task last computed it."""

    computed_at = models.DateTimeField(_("beräknad"))
    seconds = models.FloatField(default=0.0)
    source = models.CharField(max_length=64, help_text="the state of the change log the result was computed from")
    engine = models.CharField(max_length=20)
    payload = models.JSONField(default=dict)

    class Meta:
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"overlap {self.computed_at:%Y-%m-%d %H:%M}"
