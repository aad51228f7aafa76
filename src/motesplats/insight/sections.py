"""The sections of the insight page and report. Other apps add or replace sections in their AppConfig.ready().

A section has a key, a title, an introduction and a function from `Facts` (the reader and a per-request
memo) to its figures. Registering a section under a key that is already there replaces it in place: the
follow-up app replaces "follow_ups" (findings per seminar) with follow-ups by status:

    from motesplats.insight.sections import InsightSection, insight_sections
    insight_sections.register(InsightSection("data_sharing", _("Datadelning"), _("..."), my_figures))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from motesplats.common.extensions import ExtensionPoint

from . import selectors
from .figures import Figure


@dataclass
class Facts:
    """What a section's figures are computed for: the reader, and results shared between sections."""

    user: Any
    _memo: dict[str, Any] = field(default_factory=dict)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


@dataclass(frozen=True)
class InsightSection:
    key: str
    title: Any  # a lazily translated string
    intro: Any
    figures: Callable[[Facts], list[Figure]]
    links: Callable[[Facts], list[tuple[str, str]]] | None = None  # (label, url) shown under the figures


insight_sections: ExtensionPoint[InsightSection] = ExtensionPoint("insight sections")


@dataclass(frozen=True)
class FilledSection:
    key: str
    title: str
    intro: str
    figures: list[Figure]
    links: list[tuple[str, str]] = field(default_factory=list)


def fill_sections(user: Any) -> list[FilledSection]:
    facts = Facts(user)
    return [FilledSection(s.key, str(s.title), str(s.intro), s.figures(facts), s.links(facts) if s.links else [])
            for s in insight_sections]


def figure_named(user: Any, key: str) -> Figure | None:
    """One figure by its key (for its CSV), computing only the section that holds it."""
    facts = Facts(user)
    for section in insight_sections:
        for figure in section.figures(facts):
            if figure.key == key:
                return figure
    return None


def register_defaults() -> None:
    """The sections insight owns; a section another app registered first under the same key is kept."""
    defaults = [
        InsightSection("portfolio", _("Portföljen"), _("Hur projektportföljen växer och vilka teman den rör."),
                       lambda f: [selectors.portfolio_over_time(user=f.user), selectors.portfolio_by_theme(user=f.user)]),
        InsightSection("seminars", _("Seminarieserien"), _("Vilka som anmäler sig, kommer och vilka organisationer som "
                                                           "möts på seminarierna."),
                       lambda f: [selectors.seminars(user=f.user)]),
        InsightSection("ties", _("Nya kontakter"), _("Nätverkandet på seminarierna: nya kontakter mellan "
                                                     "organisationer och hur många som träffade någon ny."),
                       lambda f: [selectors.network_ties(user=f.user)], selectors.network_pictures),
        InsightSection("overlaps", _("Överlapp"), _("Närliggande projekt i olika organisationer och vad som "
                                                    "blev av dem."),
                       lambda f: [selectors.overlaps(f)]),
        InsightSection("data_sharing", _("Datadelning"), _("Data som en organisation samlar in och en annan "
                                                           "behöver: förslagen, förfrågningarna och avtalen."),
                       lambda f: [selectors.data_requests_over_time(user=f.user),
                                  selectors.data_requests_by_state(user=f.user),
                                  selectors.data_agreements_between_organisations(user=f.user),
                                  selectors.data_matches(f)]),
        InsightSection("follow_ups", _("Rundabordens slutsatser"), _("Vad rundabordssamtalen kom fram till."),
                       lambda f: [selectors.findings_per_seminar(user=f.user)]),
    ]
    for section in defaults:
        if section.key not in insight_sections:
            insight_sections.register(section)
