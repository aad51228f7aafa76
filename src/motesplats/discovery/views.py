"""Partials for the registry pages, the overlap view of the programme office, and verdicts (htmx)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from motesplats.common import permissions
from motesplats.common.views import OrganiserRequiredMixin
from motesplats.discovery import selectors, services, tasks
from motesplats.discovery.forms import VerdictForm
from motesplats.registry.models import Person, Project


def _partial(request: HttpRequest, partial: str, context: dict[str, Any], *, heading: str, back_url: str,
             back_label: str) -> HttpResponse:
    """The fragment for htmx; the same content in a whole page for a plain link (no JavaScript)."""
    if request.headers.get("HX-Request"):
        return render(request, partial, context)
    return render(request, "discovery/partial_page.html",
                  {**context, "partial": partial, "heading": heading, "back_url": back_url, "back_label": back_label})


def _visible_project(request: HttpRequest, slug: str) -> Project:
    project = get_object_or_404(Project.objects.select_related("owner"), slug=slug)
    if not permissions.can_view_project(request.user, project):
        raise Http404
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


class PersonRelatedView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not permissions.can_view_people(request.user):
            raise Http404
        person = get_object_or_404(Person.objects.select_related("organisation"), pk=pk)
        people = selectors.people_like(person=person, user=request.user)
        return _partial(request, "discovery/_person_related.html", {"person": person, "people": people},
                        heading=_("Personer som arbetar med samma saker"), back_url=person.get_absolute_url(),
                        back_label=person.name)


class OverlapView(OrganiserRequiredMixin, TemplateView):
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


class OverlapRecomputeView(OrganiserRequiredMixin, View):
    """POST: compute the overview again in the background."""

    def post(self, request: HttpRequest) -> HttpResponse:
        tasks.overlap_compute_task.delay()
        return redirect(f"{reverse('discovery:overlap')}?min={request.POST.get('min', '0.3')}")


class VerdictCreateView(OrganiserRequiredMixin, View):
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
        label = verdict.get_status_display()
        if not request.headers.get("HX-Request"):
            return redirect("discovery:overlap")
        if verdict.status == "inte_relevant":
            message = _("Markerat som inte relevant.")
            return HttpResponse(format_html('<p class="visually-hidden" role="status">{}</p>', message))
        return render(request, "discovery/_verdict_done.html", {"label": label})
