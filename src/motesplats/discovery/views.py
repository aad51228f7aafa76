"""Partials for the registry pages, the overlap view of the programme office, and verdicts (htmx)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from motesplats.common import permissions
from motesplats.common.views import gate, partial_or_page, require
from motesplats.discovery import selectors, services, tasks
from motesplats.discovery.forms import VerdictForm
from motesplats.registry.models import Person, Project


def _partial(request: HttpRequest, partial: str, context: dict[str, Any], *, heading: str, back_url: str,
             back_label: str) -> HttpResponse:
    """The fragment for htmx; the same content in a whole page for a plain link (no JavaScript)."""
    return partial_or_page(request, partial, context, page="common/partial_page.html",
                           page_context={"heading": heading, "back_url": back_url, "back_label": back_label})


def _visible_project(request: HttpRequest, slug: str) -> Project:
    project = get_object_or_404(Project.objects.select_related("owner"), slug=slug)
    gate(request, permissions.can_view_project(request.user, project), hide=True)
    return project


class ProjectRelatedView(View):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        project = _visible_project(request, slug)
        related = selectors.similar_projects(project=project, user=request.user, k=5)
        return _partial(request, "discovery/_project_related.html", {"project": project, "related": related},
                        heading=_("Liknande projekt"), back_url=project.get_absolute_url(), back_label=project.title)


class ProjectDataMatchesView(View):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        project = _visible_project(request, slug)
        matches = selectors.data_matches_for_project(project=project, user=request.user)
        return _partial(request, "discovery/_project_data_matches.html", {"project": project, "matches": matches},
                        heading=_("Datamatchningar"), back_url=project.get_absolute_url(), back_label=project.title)


@require(permissions.can_view_people, hide=True)
class PersonRelatedView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = get_object_or_404(Person.objects.select_related("organisation"), pk=pk)
        people = selectors.people_like(person=person, user=request.user)
        return _partial(request, "discovery/_person_related.html", {"person": person, "people": people},
                        heading=_("Personer som arbetar med samma saker"), back_url=person.get_absolute_url(),
                        back_label=person.name)


@require(permissions.can_review_links)
class OverlapView(TemplateView):
    """The stored overview; a stale or missing one is recomputed in the background, never in this request
    (unless tasks run eagerly, without a broker)."""

    template_name = "discovery/overlap.html"

    LEVELS = (("0.2", gettext_lazy("Låg (0,2): fler förslag")), ("0.3", gettext_lazy("Normal (0,3)")),
              ("0.4", gettext_lazy("Hög (0,4)")), ("0.5", gettext_lazy("Mycket hög (0,5): bara de tydligaste")))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        level = self.request.GET.get("min", "0.3")
        if level not in dict(self.LEVELS):
            level = "0.3"
        snapshot = selectors.overlap_snapshot()
        stale = selectors.overlap_is_stale(snapshot)
        # missing: compute now; stale: once, not on every visit
        if snapshot is None or (stale and cache.add("discovery:overlap-queued", True, timeout=120)):
            tasks.overlap_compute_task.delay()
            snapshot = selectors.overlap_snapshot()
            stale = selectors.overlap_is_stale(snapshot)
        context["snapshot"] = snapshot
        context["stale"] = stale
        context["overlap"] = selectors.overlap(user=self.request.user, threshold=float(level),
                                               data_threshold=float(level), snapshot=snapshot)
        context["levels"] = [(value, str(label)) for value, label in self.LEVELS]
        context["level"] = level
        context["nav"] = "overlap"
        return context


@require(permissions.can_review_links)
class OverlapRecomputeView(View):
    """POST: compute the overview again in the background."""

    def post(self, request: HttpRequest) -> HttpResponse:
        tasks.overlap_compute_task.delay()
        level = request.POST.get("min", "0.3")
        return redirect(f"{reverse('discovery:overlap')}?min={level if level in dict(OverlapView.LEVELS) else '0.3'}")


@require(permissions.can_review_links)
class VerdictCreateView(View):
    """POST a verdict; htmx gets the updated row back (nothing for "inte relevant": the row goes away)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = VerdictForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors))
        data = form.cleaned_data
        try:
            verdict = services.verdict_set(user=request.user, status=data["status"], project_a=data["project_a"],
                                           project_b=data["project_b"], need=data.get("need"),
                                           dataset=data.get("dataset"))
        except ValidationError as error:
            return HttpResponseBadRequest(" ".join(error.messages))
        return partial_or_page(request, "discovery/_verdict_done.html", {"verdict": verdict},
                               page=lambda: redirect("discovery:overlap"))
