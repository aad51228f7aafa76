"""Demo hook: data requests in every state and agreements between several organisations, made through the
services (so every step has its actor), spread over the last months for the figures. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from motesplats.datasharing import services
from motesplats.datasharing.models import AccessKind, DataRequest, DatasetAccess, Licence, Step
from motesplats.registry.models import Dataset, Openness, Project

# (key, requesting project, producing project, what happens, days ago it was asked, days to the answer)
SCENES = (
    ("luft-trafik", "luft-sensorer", "trafikflode", ["accept", "deliver", "in_use"], 150, 4),
    ("iwater-dagvatten", "iwater", "dagvattenbrunnar", ["accept"], 40, 9),
    ("varmeoar-vader", "varmeoar", "vaderstationer-skolor", ["accept", "deliver"], 95, 2),
    ("energihus-fjarrvarme", "energismarta-hus", "fjarrvarme-prognos", ["accept", "deliver", "in_use", "end"], 170, 6),
    ("skolvagar-trafik", "trygga-skolvagar", "trafikflode", ["accept"], 20, 3),
    ("tvilling-lorawan", "digital-tvilling", "lorawan", ["ask"], 12, 5),
    ("hubbar-parkering", "mobilitetshubbar", "smart-parkering", ["decline"], 60, 14),
    ("fjarrvarme-lokaler", "fjarrvarme-prognos", "energi-lokaler", ["withdraw"], 75, 0),
    ("kista-luft", "kista-testbadd", "luft-sensorer", [], 5, 0),
    ("buller-trafik", "buller-sensorer", "trafikflode", ["ask", "reply"], 30, 7),
)
TEXTS = {
    "ask": "Vilka gator och vilken tidsupplösning behöver ni?",
    "reply": "Innerstadens huvudgator, per timme räcker.",
    "decline": "Beläggningsdatan innehåller ännu uppgifter vi inte får lämna ut; vi återkommer efter pilotens slut.",
    "withdraw": "Vi hittade samma uppgifter i stadens öppna data.",
    "deliver": "Första leveransen via API är på plats.",
    "in_use": "Datan används nu i vår modell.",
    "end": "Piloten är avslutad.",
}


def _user_of(project: Project, *, not_of: Project | None = None) -> Any:
    people = project.contacts.filter(user__isnull=False, is_anonymised=False)
    if not_of is not None:
        people = people.exclude(projects=not_of)
    person = people.order_by("pk").first()
    return person.user if person else None


def _open_access() -> int:
    made = 0
    for dataset in Dataset.objects.filter(openness=Openness.OPPEN).exclude(access__isnull=False):
        api = "api" in dataset.format.lower()
        DatasetAccess.objects.create(dataset=dataset, kind=AccessKind.API if api else AccessKind.ON_REQUEST,
                                     licence=Licence.CC_BY)
        made += 1
    return made


def _play(key: str, consumer: Project, producer: Project, steps: list[str], days_ago: int, answer_days: int) -> bool:
    asker, owner = _user_of(consumer, not_of=producer), _user_of(producer, not_of=consumer)
    dataset = producer.datasets.order_by("pk").first()
    if asker is None or owner is None or dataset is None or DataRequest.objects.filter(
            idempotency_key=f"demo-{key}").exists():
        return False
    need = consumer.data_needs.order_by("pk").first()
    request, _created = services.data_request_create(
        by=asker, dataset=dataset, purpose=need.description if need else f"Data till {consumer.title}",
        fields="Alla fält", frequency="daily", project=consumer, need=need, is_public=key in {"luft-trafik",
                                                                                             "energihus-fjarrvarme"},
        idempotency_key=f"demo-{key}")
    agreement = None
    for step in steps:
        if step == "accept":
            agreement = services.data_request_accept(request=request, by=owner, licence="CC BY 4.0",
                                                     delivery_route="api", conditions="Ange källan.")
        elif step == "ask":
            services.data_request_ask(request=request, by=owner, question=TEXTS["ask"])
        elif step == "reply":
            services.data_request_reply(request=request, by=asker, answer=TEXTS["reply"])
        elif step == "decline":
            services.data_request_decline(request=request, by=owner, reason=TEXTS["decline"])
        elif step == "withdraw":
            services.data_request_withdraw(request=request, by=asker, reason=TEXTS["withdraw"])
        elif agreement is not None:
            services.agreement_move(agreement=agreement, by=asker if step == "in_use" else owner, move_name=step,
                                    note=TEXTS[step])
    _backdate(request, days_ago, answer_days)
    return True


def _backdate(request: DataRequest, days_ago: int, answer_days: int) -> None:
    """Spread the demo over the past months: the request made `days_ago`, answered `answer_days` later, the
    later steps a week apart."""
    start = timezone.now() - dt.timedelta(days=days_ago)
    steps = list(Step.objects.filter(request=request).order_by("at", "pk"))
    for index, step in enumerate(steps):
        at = start if index == 0 else min(start + dt.timedelta(days=answer_days + 7 * (index - 1), hours=index),
                                          timezone.now())
        Step.objects.filter(pk=step.pk).update(at=at)
    request.refresh_from_db()
    answered = start + dt.timedelta(days=answer_days) if request.answered_at else None
    DataRequest.objects.filter(pk=request.pk).update(created=start, answered_at=answered)


def load(stdout: TextIO | None = None) -> dict[str, Any]:
    projects = {p.key: p for p in Project.objects.filter(key__in={k for s in SCENES for k in s[1:3]})}
    played = 0
    with transaction.atomic():
        access = _open_access()
        for key, consumer, producer, steps, days_ago, answer_days in SCENES:
            if consumer in projects and producer in projects:
                played += _play(key, projects[consumer], projects[producer], steps, days_ago, answer_days)
    if stdout is not None:
        stdout.write(f"Datadelning: {played} förfrågningar, {access} datamängder med licens\n")
    return {"requests": played, "access": access}
