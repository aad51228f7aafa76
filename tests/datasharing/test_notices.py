"""Weekly notices of new strong data matches: stored once per match and person, mailed at most once a week,
shown as a badge until seen, and never mailed to someone who turned them off. Also the GDPR export and erasure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from motesplats.datasharing.models import MatchNotice, NoticeSettings
from motesplats.datasharing.services import notices

pytestmark = pytest.mark.django_db


@pytest.fixture
def strong(world, monkeypatch):
    """The engine's strong match between the luft need and the trafik dataset (the band is the engine's word)."""
    from motesplats.discovery import selectors
    from motesplats.discovery.engine.index import BAND_STRONG

    def matches(*, project, user, k=5):
        result = selectors.ProjectDataMatches()
        if project == world["projects"]["luft"]:
            result.needs = [(world["need"], [selectors.ProducerMatch(world["projects"]["trafik"], world["dataset"],
                                                                     0.8, ("trafik",), BAND_STRONG)])]
        return result

    monkeypatch.setattr(selectors, "data_matches_for_project", matches)
    return world


def test_a_strong_match_is_stored_once_and_mailed_at_most_once_a_week(strong, mailoutbox):
    person = strong["member"].person
    assert notices.collect(project=strong["projects"]["luft"]) == 1
    assert notices.collect(project=strong["projects"]["luft"]) == 0
    now = timezone.now()
    assert notices.send_weekly(now=now) == 1
    assert mailoutbox[0].to == ["maja@example.se"] and "Trafikflöden per gata och timme" in mailoutbox[0].body
    MatchNotice.objects.create(person=person, need=strong["need"],
                               dataset=strong["projects"]["parkering"].datasets.get(), score=0.7)
    assert notices.send_weekly(now=now + dt.timedelta(days=3)) == 0  # within the week: waits
    assert notices.send_weekly(now=now + dt.timedelta(days=7)) == 1
    assert len(mailoutbox) == 2


def test_turned_off_means_no_mail_but_the_badge_stays(strong, client, mailoutbox):
    person = strong["member"].person
    notices.collect(project=strong["projects"]["luft"])
    client.force_login(strong["member"])
    client.post("/data/requests/notices/", {})  # the box unticked
    assert NoticeSettings.objects.get(person=person).match_mail is False
    assert notices.send_weekly() == 0 and mailoutbox == []
    assert "ny stark datamatchning" in client.get("/accounts/profile/").content.decode()
    client.get("/data/requests/")  # seen
    assert notices.unseen(person) == []


def test_the_person_s_data_is_exported_and_erased(world, make_request):
    from motesplats.datasharing import gdpr
    from motesplats.datasharing.models import Step

    make_request()
    exported = gdpr.export(world["member"], world["member"].person)
    assert exported["data_requests"][0]["purpose"] == "Koppla halter till trafik"
    assert exported["data_request_steps"][0]["action"] == "create"
    gdpr.erase(world["member"], world["member"].person)
    step = Step.objects.get()
    assert step.actor is None and "Maja" not in step.actor_name
