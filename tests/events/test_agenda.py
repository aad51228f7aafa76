"""The agenda is replaced as a whole: validated, ordered, all or nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from motesplats.events.enums import AgendaKind
from motesplats.events.models import AgendaItem
from motesplats.events.services import AgendaItemData, InvalidAgenda, NotAllowed, agenda_replace
from motesplats.events.services.agenda import agenda_as_data

pytestmark = pytest.mark.django_db

QUESTIONS = ["Vilka möjligheter finns?", "Vilka hinder finns?", "Hur kan de överbryggas?"]


def t(hour: int, minute: int = 0) -> dt.time:
    return dt.time(hour, minute)


def seed_agenda(speakers: list[int]) -> list[AgendaItemData]:
    return [
        AgendaItemData(start=t(13), end=t(13, 10), kind=AgendaKind.OTHER, title="Välkomna"),
        AgendaItemData(start=t(13, 10), end=t(13, 40), title="Den smarta staden byggs på tvären",
                       speaker_ids=speakers[:1]),
        AgendaItemData(start=t(13, 40), end=t(14, 20), kind=AgendaKind.SPEED_DATING, title="Fika med speed dating",
                       rounds=5, round_minutes=7),
        AgendaItemData(start=t(14, 20), end=t(15, 10), kind=AgendaKind.ROUND_TABLES, title="Rundabord", tables=9,
                       questions=QUESTIONS),
        AgendaItemData(start=t(15, 10), end=t(16), kind=AgendaKind.PANEL, title="Panel", speaker_ids=speakers),
    ]


def test_replace_orders_and_keeps_ids_of_edited_items(event: Any, make_person: Any, organiser: Any) -> None:
    speakers = [make_person().pk for _ in range(3)]
    saved = agenda_replace(event=event, items=seed_agenda(speakers), by=organiser)
    assert [item.order for item in saved] == [0, 1, 2, 3, 4]
    assert saved[3].questions == QUESTIONS and saved[3].tables == 9
    assert saved[2].rounds == 5 and saved[2].round_minutes == 7
    assert sorted(p.pk for p in saved[4].speakers.all()) == sorted(speakers)

    data = agenda_as_data(event)
    data[0], data[1] = data[1], data[0]  # reorder …
    data[0].start, data[0].end, data[1].start, data[1].end = t(13), t(13, 30), t(13, 30), t(13, 40)
    data.pop()  # … and drop the panel
    again = agenda_replace(event=event, items=data, by=organiser)
    assert [item.pk for item in again] == [saved[1].pk, saved[0].pk, saved[2].pk, saved[3].pk]
    assert AgendaItem.objects.filter(event=event).count() == 4


def test_all_problems_are_reported_and_nothing_changes(event: Any, make_person: Any) -> None:
    agenda_replace(event=event, items=seed_agenda([make_person().pk]))
    before = list(AgendaItem.objects.filter(event=event).values_list("pk", "title", "starts_at"))
    bad = [
        AgendaItemData(start=t(13), end=t(12, 50), title="Baklänges"),                        # 0 end before start
        AgendaItemData(start=t(11), end=t(13, 30), title="För tidigt"),                       # 1 before the event
        AgendaItemData(start=t(13, 30), end=t(14), title=""),                                 # 2 no title
        AgendaItemData(start=t(13, 45), end=t(14, 15), title="Krockar"),                      # 3 overlaps 2
        AgendaItemData(start=t(14, 15), end=t(14, 30), kind=AgendaKind.SPEED_DATING, title="Kort",
                       rounds=5, round_minutes=7),                                             # 4 rounds do not fit
        AgendaItemData(start=t(14, 30), end=t(15), kind=AgendaKind.ROUND_TABLES, title="Bord",
                       questions=["", "Fråga"]),                                               # 5 tables, empty q
        AgendaItemData(start=t(15), end=t(15, 30), title="Okänd talare", speaker_ids=[999_999]),  # 6
    ]
    with pytest.raises(InvalidAgenda) as error:
        agenda_replace(event=event, items=bad)
    found = {(p.index, p.field) for p in error.value.problems}
    assert {(0, "end"), (1, "start"), (2, "title"), (3, "start"), (4, "rounds"), (5, "tables"), (5, "questions"),
            (6, "speaker_ids")} <= found
    assert list(AgendaItem.objects.filter(event=event).values_list("pk", "title", "starts_at")) == before


def test_parallel_items_may_overlap_when_marked(event: Any) -> None:
    items = [AgendaItemData(start=t(14), end=t(15), title="Spår A"),
             AgendaItemData(start=t(14), end=t(15), title="Spår B", allow_overlap=True)]
    assert len(agenda_replace(event=event, items=items)) == 2


def test_only_organisers_edit_the_agenda(event: Any, make_person: Any) -> None:
    with pytest.raises(NotAllowed):
        agenda_replace(event=event, items=[], by=make_person().user)
