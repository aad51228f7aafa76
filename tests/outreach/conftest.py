"""Fixtures of the outreach tests: the seminar fixtures of tests/events, plus a second organisation and a theme."""

from __future__ import annotations

from typing import Any

import pytest

from tests.events.conftest import event, make_event, make_person, organisation, project, series  # noqa: F401


@pytest.fixture
def other_organisation(db: Any) -> Any:
    from motesplats.registry.models import Organisation

    return Organisation.objects.create(name="KTH", slug="kth", key="kth")


@pytest.fixture
def theme(db: Any) -> Any:
    from motesplats.registry.models import Theme

    return Theme.objects.create(name="Vatten", slug="vatten")




@pytest.fixture
def mail_settings(settings: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """Mail into django.core.mail.outbox; `commits()` runs what the code queued for after the commit (the
    test's transaction never commits)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "http://testserver"
    settings.commits = lambda: django_capture_on_commit_callbacks(execute=True)
    return settings
