"""The engine's reasons for unavoidable pairs, shown in the user's language on the plan page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation

from motesplats.networking.explanations import unavoidable_sentences

from .conftest import compute


def test_sentences_in_both_languages() -> None:
    reasons = [["pigeonhole_repeats", 5], ["pigeonhole_forced", 3], ["pigeonhole_tables", 4]]
    with translation.override("sv"):
        assert unavoidable_sentences(reasons, speed=False, groups=4) == [
            "5 upprepade möten, och minst 3 går inte att undvika: vid bara 4 bord måste senare rundor sätta "
            "samman några som satt vid samma bord i första rundan."]
    with translation.override("en"):
        assert unavoidable_sentences([["remaining_repeats", 1]], speed=True, groups=9) == [
            "1 repeat encounter remains after the search (fixed seats, locked people, earlier encounters and the "
            "organisations limit the choice)."]
        assert unavoidable_sentences([["org_larger_than_tables", 2]], speed=True, groups=9) == [
            "2 same-organisation pairs are unavoidable: an organisation has more people than there are pairs in a "
            "round (9)."]
        assert unavoidable_sentences([["too_few_others", 2], ["meetings_per_person", 4], ["others", 3],
                                      ["no_such_code", 1]], speed=True, groups=2) == [
            "2 repeat encounters: everyone meets about 4 people but there are only 3 others."]


def test_plan_page_explains_in_the_users_language(client: Any, world: Any, organiser: Any) -> None:
    item = world.items["second_tables"]
    plan = compute(item, tables=2)  # six organisations of three at two tables: six same-organisation pairs
    assert plan.stats["unavoidable_reasons"] == [["org_larger_than_tables", 6]]
    client.force_login(organiser)
    url = reverse("networking:event", kwargs={"slug": item.event.slug}) + f"?item={item.pk}"
    sv = client.get(url).content.decode()
    assert "6 par från samma organisation går inte att undvika" in sv and "fler deltagare än det finns bord (2)" in sv
    en = client.get(url + "&lang=en").content.decode()
    assert "The engine's explanation:" in en
    assert "6 same-organisation pairs are unavoidable: an organisation has more people than there are tables (2)" in en
    assert 'lang="en"' not in en.split('id="plan-counts"')[1].split("</section>")[0]
    assert "6 pairs from the same organisation" not in en  # the count and its label are separate elements
    assert "pairs from the same organisation" in en and "nya möten" not in en
