from __future__ import annotations

from typing import Any

from django import template

from ..selectors import published_summaries

register = template.Library()


@register.inclusion_tag("networking/_event_outcomes_body.html")
def event_outcomes(event: Any) -> dict[str, Any]:
    """The published summaries of an event's round tables, for the event page."""
    plans = published_summaries(event) if event is not None else []
    for plan in plans:
        questions = list(plan.agenda_item.questions or [])
        plan.summary_rows = [{"question": q, "text": plan.summary[i] if i < len(plan.summary) else ""}  # type: ignore[attr-defined]
                             for i, q in enumerate(questions)]
    return {"plans": plans}


@register.simple_tag
def unavoidable_explanation(plan: Any) -> list[str]:
    """The engine's reasons for what could not be avoided, translated (see ``networking.explanations``)."""
    from ..explanations import plan_explanation

    return plan_explanation(plan)
