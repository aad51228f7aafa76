"""Discovery over the API: related projects and data matches, with the same permissions as the pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from motesplats.common import permissions
from motesplats.discovery import selectors
from motesplats.registry.models import Project

router = Router(tags=["discovery"])


class RelatedOut(Schema):
    slug: str
    title: str
    organisation: str
    score: float
    reasons: list[str]


class ProducerOut(Schema):
    slug: str
    title: str
    organisation: str
    dataset: str
    score: float
    band: str  # "stark", "möjlig" or "svag" (no good match: the best candidates are still listed)
    reason: str


class NeedOut(Schema):
    need: str
    producers: list[ProducerOut]


class ConsumerOut(Schema):
    slug: str
    title: str
    organisation: str
    need: str
    score: float
    band: str
    reason: str


class DatasetOut(Schema):
    dataset: str
    consumers: list[ConsumerOut]


class DataMatchesOut(Schema):
    needs: list[NeedOut]
    datasets: list[DatasetOut]


def _project(request: HttpRequest, slug: str) -> Project:
    project = get_object_or_404(Project.objects.select_related("owner"), slug=slug)
    if not permissions.can_view_project(request.user, project):
        raise Http404
    return project


@router.get("/projects/{slug}/similar", response=list[RelatedOut])
def similar(request: HttpRequest, slug: str, k: int = 5) -> list[RelatedOut]:
    """Projects of other organisations most related to this one, best first, with the reasons."""
    project = _project(request, slug)
    related = selectors.similar_projects(project=project, user=request.user, k=max(1, min(k, 50)))
    return [RelatedOut(slug=r.project.slug, title=r.project.title, organisation=r.project.owner.name,
                       score=r.score, reasons=r.reasons) for r in related]


@router.get("/projects/{slug}/data-matches", response=DataMatchesOut)
def data_matches(request: HttpRequest, slug: str) -> DataMatchesOut:
    """For each need of the project its best candidates (never none while another visible project has a
    dataset), with a confidence band and the reason; for each dataset, who needs it."""
    project = _project(request, slug)
    matches = selectors.data_matches_for_project(project=project, user=request.user)
    return DataMatchesOut(
        needs=[NeedOut(need=need.description, producers=[
            ProducerOut(slug=m.project.slug, title=m.project.title, organisation=m.project.owner.name,
                        dataset=m.dataset.name, score=m.score, band=m.band, reason=m.why)
            for m in found]) for need, found in matches.needs],
        datasets=[DatasetOut(dataset=dataset.name, consumers=[
            ConsumerOut(slug=m.project.slug, title=m.project.title, organisation=m.project.owner.name,
                        need=m.need.description, score=m.score, band=m.band, reason=m.why)
            for m in found]) for dataset, found in matches.datasets],
    )
