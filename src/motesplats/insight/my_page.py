""""Min sida": a project member's start page, in sections. Other apps add sections in their AppConfig.ready()
(as the data-sharing app could, with more about data requests than the section below):

    from motesplats.insight.my_page import MyPageSection, my_page_sections
    my_page_sections.register(MyPageSection("requests", _("Dataförfrågningar"), "datashare/_my_page.html",
                                            lambda person, user: requests_of(person)))

A section whose `data(person, user)` is empty shows its `empty` text (or is left out when it has none).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.common.extensions import ExtensionPoint
from motesplats.registry.models import Person, Project


@dataclass(frozen=True)
class MyPageSection:
    key: str
    title: Any
    template: str  # gets `section` (with `section.data`), `person` and `user`
    data: Callable[[Person, Any], Any]
    empty: Any = ""


@dataclass(frozen=True)
class FilledSection:
    key: str
    title: str
    template: str
    data: Any
    empty: str


my_page_sections: ExtensionPoint[MyPageSection] = ExtensionPoint("my page sections")


def my_projects(person: Person, user: Any) -> list[Project]:
    return list(Project.objects.filter(contacts=person).select_related("owner")
                .prefetch_related(Prefetch("themes")).order_by("title"))


@dataclass(frozen=True)
class ProjectMatches:
    project: Project
    related: list[Any]
    data: Any


def my_matches(person: Person, user: Any) -> list[ProjectMatches]:
    """For each of the person's projects: the closest projects in other organisations and the data matches
    (from discovery, with the reasons shown)."""
    from motesplats.discovery import selectors as discovery

    out = []
    for project in my_projects(person, user)[:10]:
        related = discovery.similar_projects(project=project, user=user, k=3)
        data = discovery.data_matches_for_project(project=project, user=user, k=3)
        strong_needs = [(need, [m for m in found if not m.is_weak][:2]) for need, found in data.needs]
        strong_needs = [(need, found) for need, found in strong_needs if found]
        if related or strong_needs:
            out.append(ProjectMatches(project, related, strong_needs))
    return out


@dataclass(frozen=True)
class MySeminars:
    upcoming: list[Any]
    past: list[Any]

    def __bool__(self) -> bool:
        return bool(self.upcoming or self.past)


def my_seminars(person: Person, user: Any) -> MySeminars:
    from motesplats.events.selectors import registrations_of_person

    now = timezone.now()
    registrations = list(registrations_of_person(person))
    upcoming = sorted((r for r in registrations if r.event.ends_at >= now), key=lambda r: r.event.starts_at)
    past = [r for r in registrations if r.event.ends_at < now][:5]
    return MySeminars(upcoming, past)


@dataclass(frozen=True)
class MyDataRequests:
    to_answer: list[Any]
    waiting_on_me: list[Any]
    mine: list[Any]
    for_my_data: list[Any]

    @property
    def tasks(self) -> int:
        return len(self.to_answer) + len(self.waiting_on_me)

    def __bool__(self) -> bool:
        return bool(self.mine or self.for_my_data)


def my_data_requests(person: Person, user: Any) -> MyDataRequests:
    """The person's data requests both ways (the datasharing app), tasks first."""
    from motesplats.datasharing.selectors import my_requests

    found = my_requests(user=user)
    return MyDataRequests(found.to_answer, found.waiting_on_me, found.mine[:5], found.for_my_data[:5])


def register_defaults() -> None:
    defaults = [
        MyPageSection("projects", _("Mina projekt"), "insight/my_page/_projects.html", my_projects,
                      _("Du är inte kontaktperson för något projekt ännu.")),
        MyPageSection("matches", _("Matchningar"), "insight/my_page/_matches.html", my_matches,
                      _("Inga förslag just nu: liknande projekt och data som andra samlar in visas här.")),
        MyPageSection("requests", _("Dataförfrågningar"), "insight/my_page/_requests.html", my_data_requests,
                      _("Inga förfrågningar om data, varken från dig eller om era data.")),
        MyPageSection("seminars", _("Mina seminarier"), "insight/my_page/_seminars.html", my_seminars,
                      _("Du är inte anmäld till något seminarium.")),
    ]
    for section in defaults:
        if section.key not in my_page_sections:
            my_page_sections.register(section)


def fill_sections(person: Person | None, user: Any) -> list[FilledSection]:
    if person is None:
        return []
    filled = []
    for section in my_page_sections:
        data = section.data(person, user)
        if data or section.empty:
            filled.append(FilledSection(section.key, str(section.title), section.template, data, str(section.empty)))
    return filled
