"""The follow-ups' section of the insight page and report: follow-ups of round-table findings by status, per
seminar where the findings came up, after insight's own "findings per seminar" (the section replaces insight's
placeholder of the same key)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors
from .models import FollowUpStatus


def followups_by_status(facts: Any) -> list[Any]:
    """The round tables' findings per seminar (insight's own figure), then the follow-ups by status."""
    from motesplats.insight.figures import Figure, Series
    from motesplats.insight.selectors import findings_per_seminar

    rows = selectors.status_counts_by_event()
    totals = {row["status"]: row["count"] for row in selectors.status_counts()}
    return [findings_per_seminar(user=facts.user), Figure(
        key="follow_ups", title=_("Uppföljningar per status"),
        summary=_("För varje seminarium där iakttagelserna kom upp: uppföljningarna som är öppna, pågår, är klara "
                  "eller avslutades utan åtgärd."),
        category_label=_("Seminarium"),
        categories=[row["event"] for row in rows],
        series=[Series(str(label), [row["counts"][value] for row in rows]) for value, label in FollowUpStatus.choices],
        chart="stacked",
        note=_("Totalt: %(open)s öppna, %(progress)s pågående, %(done)s klara, %(dropped)s utan åtgärd.") % {
            "open": totals["open"], "progress": totals["in_progress"], "done": totals["done"],
            "dropped": totals["dropped"]},
    )]


def followup_links(facts: Any) -> list[tuple[str, str]]:
    return [(_("Alla uppföljningar"), reverse("followups:index"))]


def register() -> None:
    try:
        from motesplats.insight.sections import InsightSection, insight_sections
    except ImportError:  # insight is not installed
        return
    insight_sections.register(InsightSection(
        "follow_ups", gettext_lazy("Uppföljning av rundabordssamtalen"),
        gettext_lazy("Vad som blev av rundabordens möjligheter, hinder och idéer: vem som ansvarar och hur långt "
                     "det har kommit."),
        followups_by_status, followup_links))
