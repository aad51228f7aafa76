"""Demo networking: the first (past) seminar of the demo series gets its published speed-dating and round-table
plans, computed by the engine from the people who checked in, and so its encounters in the series memory;
tables write sample outcomes and the summary is published. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from motesplats.events.enums import EventStatus
from motesplats.events.models import Event

from . import selectors, services
from .models import Encounter, Plan, PlanStatus

DEMO_SECONDS = 3.0
SAMPLE_ANSWERS = [
    ["Gemensamma sensorer och delad data om trafik och luft.", "Olika upphandlingsregler och budgetår.",
     "En gemensam datakatalog och en kontaktperson per förvaltning."],
    ["Samla pilotprojekt kring samma stadsdel.", "Vi vet inte vad de andra gör.",
     "Mötesplatser som den här, och en projektportfölj alla kan se."],
]


def _say(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def _past_event() -> Event | None:
    from motesplats.events.demo import SERIES_SLUG

    return (Event.objects.filter(series__slug=SERIES_SLUG, status=EventStatus.AVSLUTAD)
            .order_by("starts_at").first())


def load(stdout: TextIO | None = None, seconds: float | None = None) -> dict[str, Any]:
    seconds = seconds if seconds is not None else DEMO_SECONDS
    event = _past_event()
    if event is None:
        _say(stdout, "Inget avslutat seminarium i demoserien; inga nätverksplaner.")
        return {"created": False}
    if Encounter.objects.filter(event=event).exists():
        _say(stdout, "Nätverksplanerna finns redan; inget ändrat.")
        return {"created": False}
    plans = []
    for seed, item in enumerate(selectors.networking_items(event), start=1):
        speed = item.kind == "speed_dating"
        options = services.PlanOptions(rounds=(item.rounds or 5) if speed else 1,
                                       tables=None if speed else (item.tables or 9), checked_in_only=True)
        plan, _ = Plan.objects.get_or_create(agenda_item=item, defaults={"kind": selectors.plan_kind_for(item)})
        plan.options = options.as_json()
        plan.status = PlanStatus.QUEUED
        plan.save()
        plan = services.plan_compute(plan=plan, seconds=seconds, seed=seed)
        plan = services.plan_publish(plan=plan)
        Plan.objects.filter(pk=plan.pk).update(published_at=item.starts_at - dt.timedelta(days=1))
        if not speed:
            for i, outcome in enumerate(plan.outcomes.all()[:4]):
                services.outcome_save(outcome=outcome, answers=SAMPLE_ANSWERS[i % len(SAMPLE_ANSWERS)])
            services.summary_save(plan=plan, texts=services.summary_draft(plan), publish=True)
        plans.append(plan)
        _say(stdout, f"{item.title}: {plan.stats.get('participants')} deltagare, "
                     f"{plan.stats.get('same_org_pairs')} par från samma organisation, "
                     f"{plan.stats.get('repeat_pairs')} upprepade möten, {plan.stats.get('seconds')} s.")
    count = Encounter.objects.filter(event=event).count()
    _say(stdout, f"Seriens minne: {count} möten från {event.title}.")
    return {"created": True, "plans": plans, "encounters": count}
