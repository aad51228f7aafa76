"""Writes of the news: posts (the programme office), comments (signed-in users), moderation and reports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.common.errors import ApplicationError
from motesplats.common.permissions import can_moderate_news, can_write_news, is_signed_in
from motesplats.common.slugs import unique_slug

from .formatting import render_markdown
from .models import Comment, CommentReport, CommentStatus, Post

IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg", b"GIF87a": "gif", b"GIF89a": "gif"}
IMAGE_MAX_BYTES = 5 * 1024 * 1024


class NewsError(ApplicationError):
    code = "news_error"
    status = 422
    title = _("Åtgärden kunde inte genomföras.")


class NotAllowed(NewsError):
    code = "not_allowed"
    status = 403
    title = _("Du får inte göra det här.")


def _check_image(image: UploadedFile | None, alt: str) -> None:
    if image is None:
        return
    if image.size and image.size > IMAGE_MAX_BYTES:
        raise NewsError(_("Bilden får vara högst 5 MB."))
    head = image.read(16)
    image.seek(0)
    is_webp = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if not is_webp and not any(head.startswith(magic) for magic in IMAGE_TYPES):
        raise NewsError(_("Bilden måste vara PNG, JPEG, GIF eller WebP."))
    if not alt.strip():
        raise NewsError(_("Skriv en alternativtext som beskriver bilden."))


def post_save(*, post: Post | None = None, title: str, body: str, summary: str = "", image: Any = None,
              image_alt: str = "", events: Sequence[Any] = (), projects: Sequence[Any] = (), publish: bool,
              by: Any) -> Post:
    """Create or update a post; the body is rendered and sanitised once here. `image=False` removes the image."""
    if not can_write_news(by):
        raise NotAllowed()
    title = " ".join(title.split())
    if not title or not body.strip():
        raise NewsError(_("Skriv en rubrik och en text."))
    _check_image(image or None, image_alt or (post.image_alt if post and not image else ""))
    with transaction.atomic():
        post = post or Post(author=by)
        if not post.slug:
            post.slug = unique_slug(Post, title)
        post.title, post.body, post.summary = title[:200], body, summary.strip()[:300]
        post.body_html = render_markdown(body)
        post.image_alt = image_alt.strip()[:300]
        if image is False:
            post.image = None
        elif image:
            post.image.save(image.name, image, save=False)
        if publish and post.published_at is None:
            post.published_at = timezone.now()
        elif not publish:
            post.published_at = None
        if post.image and not post.image_alt:
            raise NewsError(_("Skriv en alternativtext som beskriver bilden."))
        post.save()
        post.events.set(events)
        post.projects.set(projects)
    return post


def post_delete(*, post: Post, by: Any) -> None:
    if not can_write_news(by):
        raise NotAllowed()
    post.delete()


def comment_create(*, post: Post, body: str, by: Any) -> Comment:
    if not is_signed_in(by):
        raise NotAllowed()
    if not post.is_published or not post.comments_open:
        raise NewsError(_("Nyheten är stängd för kommentarer."))
    body = body.strip()
    if not body:
        raise NewsError(_("Skriv en kommentar."))
    if len(body) > 4000:
        raise NewsError(_("En kommentar får vara högst 4 000 tecken."))
    person = getattr(by, "person", None)
    name = person.name if person is not None else by.email.split("@")[0]
    return Comment.objects.create(post=post, author=by, author_name=name[:200], body=body)


MODERATIONS = {"hide": CommentStatus.HIDDEN, "delete": CommentStatus.DELETED, "restore": CommentStatus.VISIBLE}


def comment_moderate(*, comment: Comment, action: str, reason: str, by: Any) -> Comment:
    """Hide or delete a comment with a reason everybody sees (a deleted comment's text is gone), or restore
    a hidden one. Open reports of the comment are resolved."""
    if not can_moderate_news(by):
        raise NotAllowed()
    if action not in MODERATIONS:
        raise NewsError(_("Okänd åtgärd."))
    reason = " ".join(reason.split())
    if action != "restore" and not reason:
        raise NewsError(_("Skriv ett skäl; det visas i stället för kommentaren."))
    if action == "restore" and comment.status == CommentStatus.DELETED:
        raise NewsError(_("En borttagen kommentar kan inte återställas."))
    with transaction.atomic():
        comment.status = MODERATIONS[action]
        comment.moderation_reason = "" if action == "restore" else reason[:300]
        comment.moderated_by, comment.moderated_at = by, timezone.now()
        if action == "delete":
            comment.body = ""
        comment.save()
        comment.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    return comment


def comment_report(*, comment: Comment, reason: str, by: Any) -> CommentReport:
    if not is_signed_in(by):
        raise NotAllowed()
    reason = " ".join(reason.split())
    if not reason:
        raise NewsError(_("Berätta varför kommentaren bör granskas."))
    try:
        with transaction.atomic():
            return CommentReport.objects.create(comment=comment, reporter=by, reason=reason[:500])
    except IntegrityError as error:
        raise NewsError(_("Du har redan anmält den här kommentaren.")) from error


def report_dismiss(*, report: CommentReport, by: Any) -> None:
    if not can_moderate_news(by):
        raise NotAllowed()
    CommentReport.objects.filter(pk=report.pk).update(resolved_at=timezone.now())
