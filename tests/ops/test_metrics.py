"""/metrics: django-prometheus's request metrics and the project's own, read from the database."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def sample(text: str, name: str, labels: str = "") -> float:
    match = re.search(rf"^{re.escape(name + labels)} ([0-9.e+]+)$", text, re.MULTILINE)
    assert match, f"{name}{labels} not in the metrics"
    return float(match.group(1))


def test_metrics_report_registrations_check_ins_plans_and_requests(client: Any, make_event: Any,
                                                                   make_person: Any) -> None:
    from django.utils import timezone

    from motesplats.events.models import Registration, RegistrationStatus

    event = make_event(capacity=5)
    for number in range(3):
        Registration.objects.create(event=event, person=make_person(f"Deltagare {number}"),
                                    status=RegistrationStatus.CONFIRMED,
                                    checked_in_at=timezone.now() if number == 0 else None)
    client.get("/")
    text = client.get("/metrics").content.decode()
    assert sample(text, "motesplats_registrations", f'{{status="{RegistrationStatus.CONFIRMED}"}}') == 3
    assert sample(text, "motesplats_checkins") == 1
    assert "motesplats_plan_duration_seconds_count" in text
    assert "# TYPE motesplats_celery_queue_length gauge" in text
    assert "django_http_requests_total_by_method_total" in text
    assert "Deltagare" not in text


def test_metrics_ask_for_the_token_when_one_is_set(client: Any, settings: Any) -> None:
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-metrics-token").status_code == 200
