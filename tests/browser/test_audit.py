"""The audit log page (issue 14, item 7) in Swedish and English, with axe-core."""

import pytest

from tests.conftest import assert_accessible, browser_login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "heading"), [("sv", "Händelselogg"), ("en", "Audit log")])
def test_audit_log_page_is_accessible_in_both_languages(page, live_server, make_user, language, heading):
    import datetime as dt

    from django.utils import timezone

    from motesplats.events.models import Series
    from motesplats.events.services import event_create, event_publish

    organiser = make_user("o@example.se", role="organiser")
    day = timezone.now() + dt.timedelta(days=10)
    event = event_create(series=Series.objects.create(name="Serie", slug="serie"), title="Seminarium",
                         starts_at=day, ends_at=day + dt.timedelta(hours=2), capacity=5)
    event_publish(event=event, by=organiser)
    browser_login(page, organiser.email)
    set_language(page, language)
    page.goto("/audit/")
    assert heading in page.locator("h1").inner_text()
    assert "Seminarium" in page.locator("table").inner_text()
    assert_accessible(page)
