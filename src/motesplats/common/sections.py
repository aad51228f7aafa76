"""Sections other apps add to a page (the home page, a project's page, an event's agenda).

An app registers a `PageSection` in its AppConfig.ready(); the page's template renders every section of its
`page` with `{% load common_sections %}{% page_sections "project" project %}`. `data(obj, user)` returns what
the template shows (as `section`), or something empty to leave the section out:

    from motesplats.common.sections import PageSection, page_sections
    page_sections.register(PageSection("news", "home", "news/_home_latest.html", latest_for_home))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from motesplats.common.extensions import ExtensionPoint

PAGES = ("home", "project", "event_agenda")


@dataclass(frozen=True)
class PageSection:
    key: str
    page: str  # one of PAGES
    template: str
    data: Callable[[Any, Any], Any]


page_sections: ExtensionPoint[PageSection] = ExtensionPoint("page sections")


def sections_for(page: str, obj: Any, user: Any) -> list[tuple[PageSection, Any]]:
    """The registered sections of `page` with their data, leaving out those with nothing to show."""
    filled = []
    for section in page_sections:
        if section.page != page:
            continue
        data = section.data(obj, user)
        if data:
            filled.append((section, data))
    return filled
