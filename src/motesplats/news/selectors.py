"""Reads of the news: published posts (drafts for the programme office), comments as everybody sees them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, QuerySet

from motesplats.common.permissions import can_write_news

from .models import CommentReport, Post

HOME_POSTS = 3


def posts_for(user: Any) -> QuerySet[Post]:
    posts = Post.objects.select_related("author").annotate(
        comment_count=Count("comments", filter=Q(comments__status="visible"))).order_by(
        F("published_at").desc(nulls_first=True), "-created")
    return posts if can_write_news(user) else posts.filter(published_at__isnull=False)


def published_posts() -> QuerySet[Post]:
    return Post.objects.filter(published_at__isnull=False).order_by("-published_at")


def latest_for_home(_obj: Any, _user: Any) -> list[Post]:
    return list(published_posts()[:HOME_POSTS])


def post_detail(user: Any, slug: str) -> Post | None:
    return posts_for(user).prefetch_related("events", "projects").filter(slug=slug).first()


def comments_of(post: Post) -> list[Any]:
    return list(post.comments.select_related("moderated_by").annotate(
        open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True))).order_by("created", "id"))


def open_reports() -> QuerySet[CommentReport]:
    return (CommentReport.objects.filter(resolved_at__isnull=True)
            .select_related("comment__post", "reporter").order_by("created"))
