"""``python manage.py plan_networking EVENT_SLUG [--seconds S] [--seed N] [--checked-in-only] [--json]``: plan
every networking item of the event as one day and save the plans as drafts (unpublished); published items keep
their seats and count as history. With ``--json`` it prints one object::

    {"event": "<slug>",
     "items": [{"item": "<title>", "kind": "speed"|"tables", "rounds": [[[<person id>, ...], ...], ...],
                "stats": {...}}],
     "people": {"<person id>": {"name": "…", "organisation": "<org name>"}}}

For speed dating each group in a round is a pair; a person left over sits out as a group of one (the engine
plans it so: ``plan_speed(..., sit_out=True)``).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motesplats.events.models import Event
from motesplats.networking import planning, selectors, services
from motesplats.networking.models import Plan


def day_json(event: Event, plans: list[Plan]) -> dict[str, Any]:
    items = []
    people: dict[str, dict[str, str]] = {}
    for plan in plans:
        grid = planning.current_grid(plan)
        rounds = [[[int(p) for p in group] for group in rnd if group] for rnd in grid]
        items.append({"item": plan.agenda_item.title, "kind": plan.kind, "rounds": rounds,
                      "stats": {**plan.stats, "status": plan.status, "seed": plan.seed,
                                "engine_version": plan.engine_version}})
        for seat in plan.seats.select_related("person__organisation"):
            people[str(seat.person_id)] = {"name": seat.person.name,
                                           "organisation": seat.person.organisation.name}
    return {"event": event.slug, "items": items, "people": dict(sorted(people.items(), key=lambda kv: int(kv[0])))}


class Command(BaseCommand):
    help = "Plan every networking item of an event as one day and save the plans as drafts (unpublished)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event_slug", metavar="EVENT_SLUG")
        parser.add_argument("--seconds", type=float, default=None,
                            help="search time of the whole day (default: a few seconds per item by size)")
        parser.add_argument("--seed", type=int, default=None, help="seed for a reproducible plan")
        parser.add_argument("--checked-in-only", action="store_true", help="plan only for people checked in")
        parser.add_argument("--json", action="store_true", help="print the plans as one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["event_slug"]).first()
        if event is None:
            raise CommandError(f"no event with slug {options['event_slug']!r}")
        if not selectors.networking_items(event):
            raise CommandError(f"{event.slug} has no speed dating or round tables in its agenda")
        if options["seconds"] is not None and options["seconds"] <= 0:
            raise CommandError("--seconds must be positive")
        plans = services.day_compute(event=event, seconds=options["seconds"], seed=options["seed"],
                                     checked_in_only=True if options["checked_in_only"] else None)
        for plan in plans:
            people = int(plan.stats.get("participants") or 0)
            advice = selectors.item_size_advice(plan.agenda_item, plan, confirmed=people, checked_in=people)
            if advice is not None:
                self.stderr.write(f"{plan.agenda_item.title}: {advice.tables} tables for {advice.people} people give "
                                  f"tables of {advice.smallest}-{advice.largest}; {advice.proposal} tables would "
                                  f"give {advice.proposal_smallest}-{advice.proposal_largest}.")
        failed = [p for p in plans if p.is_failed]
        if failed:
            raise CommandError("; ".join(f"{p.agenda_item.title}: {p.error}" for p in failed))
        if options["json"]:
            self.stdout.write(json.dumps(day_json(event, plans), ensure_ascii=False))
            return
        for plan in plans:
            stats = plan.stats
            self.stdout.write(
                f"{plan.agenda_item.title} ({plan.kind}, {plan.get_status_display()}): "
                f"{stats.get('participants')} people, {stats.get('repeat_pairs')} repeats, "
                f"{stats.get('same_org_pairs')} same-organisation pairs, {stats.get('seconds')} s, "
                f"seed {plan.seed}, engine {plan.engine_version}")
