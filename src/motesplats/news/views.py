"""News pages: the list, a post with its comments, the editor, moderation and reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motesplats.common import permissions
from motesplats.common.views import require

from . import selectors, services
from .forms import CommentForm, ModerationForm, PostForm, ReportForm
from .models import Comment, CommentReport, Post


def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.posts_for(request.user), 10).get_page(request.GET.get("page"))
    return render(request, "news/index.html", {"nav": "news", "page_obj": page,
                                               "can_write": permissions.can_write_news(request.user)})


def _post_or_404(request: HttpRequest, slug: str) -> Post:
    post = selectors.post_detail(request.user, slug)
    if post is None:
        raise Http404
    return post


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = _post_or_404(request, slug)
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not permissions.can_comment(request.user):
            from motesplats.common.views import gate

            gate(request, False)
        if form.is_valid():
            try:
                comment = services.comment_create(post=post, body=form.cleaned_data["body"], by=request.user)
            except services.NewsError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Tack för din kommentar."))
                return redirect(f"{post.get_absolute_url()}#comment-{comment.pk}")
    return render(request, "news/detail.html", {
        "nav": "news", "post": post, "comments": selectors.comments_of(post), "form": form,
        "can_comment": permissions.can_comment(request.user),
        "can_moderate": permissions.can_moderate_news(request.user),
        "can_write": permissions.can_write_news(request.user),
        "moderation_form": ModerationForm(),
    }, status=400 if form.errors else 200)


def _edit(request: HttpRequest, post: Post | None) -> HttpResponse:
    form = PostForm(request.POST or None, request.FILES or None, instance=post)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        image = False if data.get("remove_image") else request.FILES.get("image")
        try:
            saved = services.post_save(post=post, title=data["title"], body=data["body"], summary=data["summary"],
                                       image=image, image_alt=data["image_alt"], events=data["events"],
                                       projects=data["projects"], publish=data["publish"], by=request.user)
        except services.NewsError as error:
            form.add_error(None, str(error))
        else:
            if saved.comments_open != data["comments_open"]:
                Post.objects.filter(pk=saved.pk).update(comments_open=data["comments_open"])
            messages.success(request, _("Nyheten är sparad."))
            return redirect(saved.get_absolute_url())
    return render(request, "news/form.html", {"nav": "news", "form": form, "post": post},
                  status=400 if form.errors else 200)


@require(permissions.can_write_news)
def create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@require(permissions.can_write_news)
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _edit(request, get_object_or_404(Post, slug=slug))


@require(permissions.can_moderate_news)
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("post"), pk=pk)
    form = ModerationForm(request.POST)
    if form.is_valid():
        try:
            services.comment_moderate(comment=comment, action=form.cleaned_data["action"],
                                      reason=form.cleaned_data["reason"], by=request.user)
        except services.NewsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Kommentaren är modererad."))
    else:
        messages.error(request, _("Välj en åtgärd."))
    return redirect(f"{comment.post.get_absolute_url()}#comment-{comment.pk}")


@require(permissions.can_comment)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("post"), pk=pk, status="visible",
                                post__published_at__isnull=False)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_report(comment=comment, reason=form.cleaned_data["reason"], by=request.user)
        except services.NewsError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, _("Tack. Programkontoret granskar kommentaren."))
        return redirect(f"{comment.post.get_absolute_url()}#comment-{comment.pk}")
    return render(request, "news/report.html", {"nav": "news", "comment": comment, "form": form},
                  status=400 if form.errors else 200)


@require(permissions.can_moderate_news)
def reports(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        report_row = get_object_or_404(CommentReport, pk=request.POST.get("report"))
        services.report_dismiss(report=report_row, by=request.user)
        messages.success(request, _("Anmälan är avfärdad."))
        return redirect("news:reports")
    return render(request, "news/reports.html", {"nav": "news", "reports": selectors.open_reports(),
                                                 "moderation_form": ModerationForm()})
