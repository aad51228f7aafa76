"""One URL language: English paths everywhere; every old (Swedish) path answers with a permanent redirect to
its English page; and no slug can be a word the URLs themselves use at a slug's place."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from motesplats.common.slugs import RESERVED_SLUGS
from motesplats.common.views import is_legacy_redirect

# Old path -> new path, written out in full (s: a slug, 7: a pk, c: a table's code). The README lists the same.
OLD_TO_NEW = {
    "/events/arrangor/": "/events/organiser/",
    "/events/min-dag/": "/events/my-day/",
    "/events/nytt/": "/events/new/",
    "/events/serie/ny/": "/events/series/new/",
    "/events/serie/s/": "/events/series/s/",
    "/events/serie/s/redigera/": "/events/series/s/edit/",
    "/events/serie/s/kalender.ics": "/events/series/s/calendar.ics",
    "/events/s/kalender.ics": "/events/s/calendar.ics",
    "/events/s/anmalan/": "/events/s/register/",
    "/events/s/anmalan/klar/": "/events/s/register/done/",
    "/events/s/anmalan/avboka/": "/events/s/register/cancel/",
    "/events/s/min-dag/": "/events/s/my-day/",
    "/events/s/redigera/": "/events/s/edit/",
    "/events/s/publicera/": "/events/s/publish/",
    "/events/s/stall-in/": "/events/s/cancel/",
    "/events/s/avsluta/": "/events/s/finish/",
    "/events/s/program/": "/events/s/agenda/",
    "/events/s/oversikt/": "/events/s/dashboard/",
    "/events/s/deltagare.csv": "/events/s/participants.csv",
    "/events/s/deltagare.xlsx": "/events/s/participants.xlsx",
    "/events/s/deltagarlista/": "/events/s/participant-list/",
    "/events/s/namnbrickor/": "/events/s/badges/",
    "/events/s/anmal-deltagare/": "/events/s/registrations/new/",
    "/events/s/pa-plats/": "/events/s/walk-in/",
    "/events/s/anmalningar/7/avboka/": "/events/s/registrations/7/cancel/",
    "/events/s/incheckning/": "/events/s/check-in/",
    "/events/s/incheckning/kod/": "/events/s/check-in/code/",
    "/events/s/incheckning/sok/": "/events/s/check-in/search/",
    "/events/s/incheckning/siffror/": "/events/s/check-in/counts/",
    "/events/s/incheckning/7/": "/events/s/check-in/7/",
    "/events/s/incheckning/7/angra/": "/events/s/check-in/7/undo/",
    "/networking/events/s/berakna/": "/networking/events/s/compute/",
    "/networking/plan/7/flytta/": "/networking/plan/7/move/",
    "/networking/plan/7/byt/": "/networking/plan/7/swap/",
    "/networking/plan/7/las/": "/networking/plan/7/lock/",
    "/networking/plan/7/las-bord/": "/networking/plan/7/lock-table/",
    "/networking/plan/7/publicera/": "/networking/plan/7/publish/",
    "/networking/plan/7/bordskort/": "/networking/plan/7/table-cards/",
    "/networking/plan/7/lokal/": "/networking/plan/7/room/",
    "/networking/plan/7/projektor/": "/networking/plan/7/projector/",
    "/networking/plan/7/resultat/": "/networking/plan/7/outcomes/",
    "/networking/plan/7/resultat.csv": "/networking/plan/7/outcomes.csv",
    "/networking/bordsresultat/c/": "/networking/table-outcome/c/",
    "/networking/serie/s/natverk/": "/networking/series/s/network/",
}


def routes(patterns: list[Any] | None = None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def example(route: str) -> str:
    """A route with its arguments filled as in OLD_TO_NEW."""
    filled = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: "7" if m.group(1) == "int" else ("c" if m.group(2) == "code"
                                                                                      else "s"), route)
    return "/" + filled


@pytest.mark.parametrize("old,new", OLD_TO_NEW.items())
def test_every_old_path_redirects_for_good_to_its_english_page(client: Any, old: str, new: str) -> None:
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_the_redirect_keeps_the_query_string_and_a_post_stays_a_post(client: Any) -> None:
    assert client.get("/events/nytt/?serie=s")["Location"] == "/events/new/?serie=s"
    posted = client.post("/events/s/publicera/")
    assert posted.status_code == 308 and posted["Location"] == "/events/s/publish/"


def test_the_table_above_covers_every_old_path_pattern() -> None:
    old_patterns = {example(route) for route, pattern in routes() if is_legacy_redirect(pattern.callback)}
    assert old_patterns == set(OLD_TO_NEW)


def test_the_new_paths_use_none_of_the_old_swedish_words() -> None:
    old_words = {segment for old, new in OLD_TO_NEW.items() for segment in re.split(r"[/.]", old)
                 if segment and segment not in re.split(r"[/.]", new)}
    for route, pattern in routes():
        if is_legacy_redirect(pattern.callback) or route.startswith(("admin/", "api/")):
            continue
        words = {segment for segment in re.split(r"[/.]", route) if segment and not segment.startswith("<")}
        assert not words & old_words, f"{route} uses {words & old_words}"


def test_url_names_stay_stable() -> None:
    """Templates, tests and other apps reverse these names: they kept them through the move to English."""
    assert reverse("events:register", args=["s"]) == "/events/s/register/"
    assert reverse("events:checkin_undo", args=["s", 7]) == "/events/s/check-in/7/undo/"
    assert reverse("networking:outcome", args=["c"]) == "/networking/table-outcome/c/"
    assert reverse("registry:project_create") == "/projects/new/"


def test_every_word_that_sits_where_a_slug_could_is_reserved() -> None:
    """A literal segment beside a <slug> argument (same path before it) would catch that slug's page first:
    `series/new/` beside `series/<slug:slug>/`, or `organiser/` beside the event's `<slug:slug>/`."""
    by_prefix: dict[str, set[str]] = defaultdict(set)
    slug_prefixes: set[str] = set()
    for route, _pattern in routes():
        segments = route.split("/")
        for index, segment in enumerate(segments):
            before = "/".join(segments[:index])
            if segment.startswith("<slug:"):
                slug_prefixes.add(before)
            elif segment and not segment.startswith("<"):
                by_prefix[before].add(segment)
    clashing = {word for prefix in slug_prefixes for word in by_prefix[prefix] if re.fullmatch(r"[-\w]+", word)}
    assert clashing, "the URLs have words beside slugs (new, organiser, ...): the walk above found none"
    assert clashing <= RESERVED_SLUGS, f"add to common.slugs.RESERVED_SLUGS: {sorted(clashing - RESERVED_SLUGS)}"
