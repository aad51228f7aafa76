"""The news' part of a person's data: their comments and reports."""

from __future__ import annotations

from typing import Any

from .models import Comment, CommentReport


def gdpr_export_hook(user: Any, person: Any) -> dict[str, Any]:
    if user is None:
        return {}
    return {
        "news_comments": [{"post": comment.post.title, "text": comment.body, "status": comment.status,
                           "created": comment.created.isoformat()}
                          for comment in Comment.objects.select_related("post").filter(author=user)],
        "news_reports": [{"comment": report.comment_id, "reason": report.reason, "created": report.created.isoformat()}
                         for report in CommentReport.objects.filter(reporter=user)],
    }


def gdpr_erase_hook(user: Any, person: Any) -> None:
    """Comments are the person's words: their text and name go; the thread keeps a marked gap."""
    if user is None:
        return
    Comment.objects.filter(author=user).update(author=None, author_name="", body="", status="deleted",
                                               moderation_reason="")
    CommentReport.objects.filter(reporter=user).update(reporter=None)
