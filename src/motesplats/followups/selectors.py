"""Reads of the follow-ups: the findings of a seminar's round tables, the follow-ups an agenda or a project page
shows, and the figures the insight page draws (`status_counts`, `status_counts_by_event`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from motesplats.common.permissions import can_view_followups
from motesplats.events.enums import AgendaKind
from motesplats.events.models import Event
from motesplats.networking.models import Plan

from .models import OPEN_STATUSES, AgendaListing, FollowUp, FollowUpStatus


@dataclass(frozen=True)
class Finding:
    outcome_id: int
    question_index: int
    question: str
    table: int
    round: int
    text: str
    followup_id: int | None


def findings_of_event(event: Event) -> list[Finding]:
    """Every answer the round tables wrote down at `event`, with the follow-up made of it (if any)."""
    plans = (Plan.objects.filter(agenda_item__event=event, agenda_item__kind=AgendaKind.ROUND_TABLES)
             .select_related("agenda_item").prefetch_related("outcomes").order_by("agenda_item__order"))
    taken = {(outcome, index): pk for pk, outcome, index in
             FollowUp.objects.filter(event=event, outcome__isnull=False)
             .values_list("pk", "outcome_id", "question_index")}
    findings = []
    for plan in plans:
        questions = list(plan.agenda_item.questions or [])
        for outcome in plan.outcomes.all():
            for index, text in enumerate(outcome.answers or []):
                if index < len(questions) and str(text).strip():
                    findings.append(Finding(outcome.pk, index, questions[index], outcome.number, outcome.round + 1,
                                            str(text).strip(), taken.get((outcome.pk, index))))
    return findings


ACTIVE = "active"  # the list's filter for open and in-progress follow-ups


def followups(*, status: str = "", event: Event | None = None) -> QuerySet[FollowUp]:
    rows = (FollowUp.objects.select_related("event", "owner_person__organisation", "owner_organisation")
            .prefetch_related("projects"))
    if status == ACTIVE:
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif status in FollowUpStatus.values:
        rows = rows.filter(status=status)
    if event is not None:
        rows = rows.filter(event=event)
    return rows.order_by("due_date", "id")


def open_followups_before(event: Event) -> QuerySet[FollowUp]:
    """The open follow-ups of the series' earlier seminars: what the agenda of `event` lists."""
    return (followups(status=ACTIVE).filter(event__series_id=event.series_id, event__starts_at__lt=event.starts_at)
            .exclude(event=event))


def is_listed(event: Event) -> bool:
    return AgendaListing.objects.filter(event=event).exists()


def agenda_followups(event: Event, _user: Any) -> list[FollowUp]:
    """The agenda section: empty unless the programme office chose to list follow-ups on this seminar."""
    if event is None or not is_listed(event):
        return []
    return list(open_followups_before(event))


def project_followups(project: Any, user: Any) -> list[FollowUp]:
    if project is None or not can_view_followups(user):
        return []
    return list(followups().filter(projects=project))


def status_counts() -> list[dict[str, Any]]:
    """For insight: the number of follow-ups per status, every status present (zero when none).

    >>> # [{"status": "open", "label": "Öppen", "count": 3}, {"status": "in_progress", ...}, ...]
    """
    counts = dict(FollowUp.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return [{"status": value, "label": str(label), "count": counts.get(value, 0)}
            for value, label in FollowUpStatus.choices]


def status_counts_by_event() -> list[dict[str, Any]]:
    """For insight: per seminar where findings came up, the follow-ups by status (in seminar order)."""
    rows = (FollowUp.objects.values("event_id", "event__title", "event__starts_at")
            .annotate(**{value: Count("id", filter=Q(status=value)) for value in FollowUpStatus.values})
            .order_by("event__starts_at"))
    return [{"event_id": row["event_id"], "event": row["event__title"],
             "counts": {value: row[value] for value in FollowUpStatus.values}} for row in rows]
