"""The demo: requests in every state, agreements in every state between several organisations; loaded twice,
nothing twice."""

from __future__ import annotations

import pytest

from motesplats.datasharing import demo
from motesplats.datasharing.models import Agreement, AgreementStatus, DataRequest, RequestStatus, Step

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_has_every_state_and_several_organisations():
    from motesplats.registry.demo.loader import load_demo

    load_demo(hooks=False)
    assert demo.load()["requests"] == len(demo.SCENES)
    assert set(DataRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    assert set(Agreement.objects.values_list("status", flat=True)) == set(AgreementStatus.values)
    pairs = set(Agreement.objects.values_list("producer", "consumer"))
    organisations = {org for pair in pairs for org in pair}
    assert len(pairs) >= 4 and len(organisations) >= 5
    assert not Step.objects.filter(actor__isnull=True).exists()
    assert DataRequest.objects.exclude(answered_at__isnull=True).count() >= 7  # figures have a median
    before = (DataRequest.objects.count(), Step.objects.count())
    assert demo.load()["requests"] == 0
    assert (DataRequest.objects.count(), Step.objects.count()) == before
