"""Discovery over the API: related projects and data matches, with the same permissions as the pages."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema

from motesplats.common import permissions
from motesplats.common.api_auth import read_auth
from motesplats.common.api_problems import problems
from motesplats.common.errors import NotFound
from motesplats.common.validation import Slug
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


class DatasetConsumersOut(Schema):
    dataset: str
    consumers: list[ConsumerOut]


class DataMatchesOut(Schema):
    needs: list[NeedOut]
    datasets: list[DatasetConsumersOut]


def _project(request: HttpRequest, slug: str) -> Project:
    project = Project.objects.select_related("owner").filter(slug=slug).first()
    if project is None or not permissions.can_view_project(request.user, project):
        raise NotFound()
    return project


@router.get("/projects/{slug}/similar", response={200: list[RelatedOut], **problems(404)}, auth=read_auth)
def similar(request: HttpRequest, slug: Slug,
            k: Annotated[int, Field(ge=1, le=50, description="How many projects")] = 5) -> list[RelatedOut]:
    """Projects of other organisations most related to this one, best first, with the reasons."""
    project = _project(request, slug)
    related = selectors.similar_projects(project=project, user=request.user, k=k)
    return [RelatedOut(slug=r.project.slug, title=r.project.title, organisation=r.project.owner.name,
                       score=r.score, reasons=r.reasons) for r in related]


@router.get("/projects/{slug}/data-matches", response={200: DataMatchesOut, **problems(404)}, auth=read_auth)
def data_matches(request: HttpRequest, slug: Slug) -> DataMatchesOut:
    """For each need of the project its best candidates (never none while another visible project has a
    dataset), with a confidence band and the reason; for each dataset, who needs it."""
    project = _project(request, slug)
    matches = selectors.data_matches_for_project(project=project, user=request.user)
    return DataMatchesOut(
        needs=[NeedOut(need=need.description, producers=[
            ProducerOut(slug=m.project.slug, title=m.project.title, organisation=m.project.owner.name,
                        dataset=m.dataset.name, score=m.score, band=m.band, reason=m.why)
            for m in found]) for need, found in matches.needs],
        datasets=[DatasetConsumersOut(dataset=dataset.name, consumers=[
            ConsumerOut(slug=m.project.slug, title=m.project.title, organisation=m.project.owner.name,
                        need=m.need.description, score=m.score, band=m.band, reason=m.why)
            for m in found]) for dataset, found in matches.datasets],
    )
