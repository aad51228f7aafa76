"""Demo follow-ups: the past seminar's round-table answers become follow-ups owned by organisations of the
people at the tables, and the next seminar's agenda lists them. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.utils import timezone

from .models import AgendaListing, FindingKind, FollowUp


def load(stdout: TextIO | None = None) -> dict[str, Any]:
    from motesplats.events.models import Event
    from motesplats.registry.models import Project

    from . import selectors, services

    if FollowUp.objects.exists():
        return {"created": False}
    past = Event.objects.filter(status="avslutad").order_by("-starts_at").first()
    upcoming = Event.objects.filter(status="publicerad").order_by("starts_at").first()
    if past is None:
        return {"created": False}
    findings = selectors.findings_of_event(past)[:4]
    projects = list(Project.objects.filter(registrations__event=past).distinct().order_by("pk")[:4])
    kinds = [FindingKind.OPPORTUNITY, FindingKind.OBSTACLE, FindingKind.IDEA]
    created = []
    for index, finding in enumerate(findings):
        project = projects[index % len(projects)] if projects else None
        owner = project.owner if project else None
        if owner is None:
            continue
        from motesplats.networking.models import TableOutcome

        followup = services.followup_create(
            event=past, finding=finding.text, kind=kinds[finding.question_index % 3], owner_organisation=owner,
            owner_person=project.contacts.order_by("pk").first(), projects=[project],
            due_date=timezone.localdate() + dt.timedelta(days=30 + 15 * index),
            outcome=TableOutcome.objects.get(pk=finding.outcome_id), question_index=finding.question_index)
        created.append(followup)
    if created:
        services.followup_report_status(followup=created[0], status="in_progress", note="Första mötet är bokat.")
    if upcoming is not None and upcoming.series_id == past.series_id:
        AgendaListing.objects.get_or_create(event=upcoming)
    if stdout is not None:
        stdout.write(f"  Uppföljningar: {len(created)}\n")
    return {"created": bool(created), "followups": created}
