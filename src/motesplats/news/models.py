"""News from the programme office, with comments from signed-in users, moderation and reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motesplats.events.models import Event
from motesplats.registry.models import Project


class Post(models.Model):
    title = models.CharField(_("rubrik"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.CharField(_("ingress"), max_length=300, blank=True)
    body = models.TextField(_("text"), help_text=_("Markdown: **fet**, *kursiv*, [länk](https://…), listor och rubriker."))
    body_html = models.TextField(editable=False, blank=True)  # the body rendered and sanitised when saved
    image = models.FileField(_("bild"), upload_to="news/%Y/", blank=True)
    image_alt = models.CharField(_("bildens alternativtext"), max_length=300, blank=True,
                                 help_text=_("Beskriv bilden för den som inte ser den."))
    events = models.ManyToManyField(Event, verbose_name=_("seminarier"), blank=True, related_name="news_posts")
    projects = models.ManyToManyField(Project, verbose_name=_("projekt"), blank=True, related_name="news_posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    comments_open = models.BooleanField(_("öppen för kommentarer"), default=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created"]
        verbose_name = _("nyhet")
        verbose_name_plural = _("nyheter")
        indexes = [models.Index(fields=["published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", _("Synlig")
    HIDDEN = "hidden", _("Dold")
    DELETED = "deleted", _("Borttagen")


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="news_comments")
    author_name = models.CharField(max_length=200, blank=True)  # as shown when written; cleared at erasure
    body = models.TextField(_("kommentar"), max_length=4000)
    status = models.CharField(_("status"), max_length=10, choices=CommentStatus.choices,
                              default=CommentStatus.VISIBLE)
    moderation_reason = models.CharField(_("skäl"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post_id", "created", "id"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:40]}"

    @property
    def is_visible(self) -> bool:
        return self.status == CommentStatus.VISIBLE

    @property
    def is_hidden(self) -> bool:
        return self.status == CommentStatus.HIDDEN

    @property
    def is_deleted(self) -> bool:
        return self.status == CommentStatus.DELETED


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    reason = models.CharField(_("varför"), max_length=500)
    created = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("anmäld kommentar")
        verbose_name_plural = _("anmälda kommentarer")
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")]

    def __str__(self) -> str:
        return self.reason[:40]
