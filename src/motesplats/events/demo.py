"""Demo data of the seminar series "Mötesplats Smart stad" (after the registry demo is loaded).

The first seminar (theme samverkan) is in the past with 70 registered from 35 projects and attendance
recorded; the next (säkerhet i den smarta staden) is open for registration, with 64 registered from 32 projects. Uses whatever people and
projects are in the database; the speakers of the first seminar's article are used when they exist.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from motesplats.accounts.models import Role, User
from motesplats.registry.models import Person, Project

from .consent import ON_BEHALF_VERSION
from .enums import AgendaKind, EventStatus, RegistrationStatus
from .models import Event, Registration, Series
from .services.agenda import AgendaItemData, agenda_replace
from .services.events import event_create, event_publish
from .services.registration import register

SERIES_SLUG = "motesplats-smart-stad"
NEXT_REGISTERED = 64  # the next seminar: two contacts from each of 32 projects have registered
STHLM = ZoneInfo("Europe/Stockholm")
QUESTIONS_SAMVERKAN = [
    "Vilka möjligheter finns för samverkan?",
    "Vilka hinder finns för samverkan?",
    "Hur kan hindren överbryggas?",
]
QUESTIONS_SAKERHET = [
    "Vilka säkerhetsrisker ser ni i era projekt?",
    "Vad hindrar oss från att dela data säkert mellan förvaltningar och bolag?",
    "Hur kan vi överbrygga hindren tillsammans?",
]


def _say(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=STHLM)


def _last_june_12(today: dt.date) -> dt.date:
    this_year = dt.date(today.year, 6, 12)
    return this_year if this_year < today else dt.date(today.year - 1, 6, 12)


def _next_thursday(today: dt.date, weeks: int = 2) -> dt.date:
    """A Thursday a few weeks ahead, outside the Christmas holidays and July."""
    day = today + dt.timedelta(weeks=weeks)
    day += dt.timedelta(days=(3 - day.weekday()) % 7)
    while (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 8) or day.month == 7:
        day += dt.timedelta(weeks=1)
    return day


def _pick(used: set[int], *, names: tuple[str, ...] = (), titles: tuple[str, ...] = (),
          organisation: str = "") -> int | None:
    """A speaker for a slot: an article name, else a matching title or organisation, else anybody unused."""
    people = Person.objects.filter(is_anonymised=False).exclude(pk__in=used).order_by("pk")
    candidates = [people.filter(name=name) for name in names]
    candidates += [people.filter(title__icontains=title) for title in titles]
    if organisation:
        candidates.append(people.filter(organisation__name__icontains=organisation))
    candidates.append(people)
    for queryset in candidates:
        person = queryset.first()
        if person is not None:
            used.add(person.pk)
            return person.pk
    return None


def _speakers() -> dict[str, int | None]:
    used: set[int] = set()
    slots: dict[str, int | None] = {}
    # the specific slots first, so that the fall-back of one does not take the best match of another
    slots["programme"] = _pick(used, names=("Claes Johannesson",), titles=("Smart och uppkopplad stad", "Programchef"))
    slots["stokab"] = _pick(used, names=("Veronica Thunholm",), organisation="Stokab")
    slots["cio"] = _pick(used, names=("Johanna Engman",), titles=("CIO", "Digitaliseringsstrateg"))
    slots["cto"] = _pick(used, names=("Stefan Carlson",), titles=("CTO", "IT-arkitekt", "Lösningsarkitekt"))
    slots["security"] = _pick(used, titles=("cybersäkerhet", "säkerhet"))
    slots["data"] = _pick(used, titles=("Dataingenjör", "Lösningsarkitekt", "data"))
    slots["host"] = _pick(used, names=("Anna Håkansson",), titles=("stadsdirektör", "direktör", "Programchef",
                                                                    "strateg", "chef"))
    return slots


def _participants(limit: int) -> list[tuple[Person, Project | None]]:
    """Two different contacts from each of `limit // 2` projects, nobody twice, then others to reach `limit`."""
    chosen = _two_contacts_per_project(limit // 2)
    used = {person.pk for person, _project in chosen}
    for person in Person.objects.filter(is_anonymised=False).exclude(pk__in=used).order_by("pk"):
        if len(chosen) >= limit:
            break
        chosen.append((person, None))
    return chosen


def _two_contacts_per_project(wanted: int) -> list[tuple[Person, Project]]:
    """A b-matching by max-flow (source -2-> project -1-> contact -1-> sink), so that the choice does not
    depend on luck: projects are taken in key order and one is kept only while the flow can still give every
    kept project two contacts of its own. Deterministic; on the demo portfolio it keeps all 35 projects."""
    import networkx as nx

    graph = nx.DiGraph()
    kept: list[Project] = []
    people: dict[int, Person] = {}
    for project in Project.objects.prefetch_related("contacts").order_by("pk"):
        if len(kept) >= wanted:
            break
        contacts = [person for person in project.contacts.all() if not person.is_anonymised]
        if len(contacts) < 2:
            continue
        node = ("project", project.pk)
        graph.add_edge("source", node, capacity=2)
        for person in contacts:
            people[person.pk] = person
            graph.add_edge(node, ("person", person.pk), capacity=1)
            graph.add_edge(("person", person.pk), "sink", capacity=1)
        if nx.maximum_flow_value(graph, "source", "sink") == 2 * (len(kept) + 1):
            kept.append(project)
        else:
            graph.remove_node(node)
    if not kept:
        return []
    _value, flow = nx.maximum_flow(graph, "source", "sink")
    chosen: list[tuple[Person, Project]] = []
    for project in kept:
        picked = sorted(pk for (_kind, pk), units in flow[("project", project.pk)].items() if units)
        chosen.extend((people[pk], project) for pk in picked)
    return chosen


def _ids(*values: int | None) -> list[int]:
    return [value for value in values if value is not None]


def _agenda_first(day: dt.date, speakers: dict[str, int | None], next_day: dt.date) -> list[AgendaItemData]:
    host, stokab, programme = speakers["host"], speakers["stokab"], speakers["programme"]
    panel = _ids(speakers["cio"], speakers["cto"], host, stokab)
    return [
        AgendaItemData(start=_at(day, 13), end=_at(day, 13, 10), kind=AgendaKind.OTHER, title="Välkomna",
                       description="Mötesplats Smart stad är en ny seminarieserie för erfarenhetsutbyte och "
                                   "samverkan mellan stadens smart stad-projekt."),
        AgendaItemData(start=_at(day, 13, 10), end=_at(day, 13, 35), title="Stadens utmaningar kräver innovation",
                       description="En ökande och allt äldre befolkning och begränsade resurser: en förändringsresa "
                                   "vi behöver göra tillsammans.", speaker_ids=_ids(host)),
        AgendaItemData(start=_at(day, 13, 35), end=_at(day, 14), title="Den smarta staden byggs på tvären",
                       description="25 år av öppet fibernät, och varför data från en del av staden nästan alltid är "
                                   "intressant för en annan.", speaker_ids=_ids(stokab)),
        AgendaItemData(start=_at(day, 14), end=_at(day, 14, 25), title="Programmet Smart och uppkopplad stad",
                       description="Programmets fem prioriterade projekt och varför både akademin och näringslivet "
                                   "behövs. Är jag en medspelare eller en motspelare?",
                       speaker_ids=_ids(programme)),
        AgendaItemData(start=_at(day, 14, 25), end=_at(day, 15, 5), kind=AgendaKind.SPEED_DATING,
                       title="Fika med speed dating", rounds=5, round_minutes=7,
                       description="Träffa projektledare och specialister du inte pratat med förut."),
        AgendaItemData(start=_at(day, 15, 5), end=_at(day, 15, 55), kind=AgendaKind.ROUND_TABLES,
                       title="Rundabordssamtal om samverkan", tables=9, questions=list(QUESTIONS_SAMVERKAN),
                       description="Deltagarna är indelade i grupper."),
        AgendaItemData(start=_at(day, 15, 55), end=_at(day, 16, 45), kind=AgendaKind.PANEL,
                       title="Panelsamtal: it-arkitektur, att tillåtas göra misstag och smartare upphandlingar",
                       speaker_ids=panel),
        AgendaItemData(start=_at(day, 16, 45), end=_at(day, 17), kind=AgendaKind.OTHER,
                       title="Avslutning och nästa träff",
                       description=f"Nästa träff är den {next_day.day}/{next_day.month} och handlar om säkerhet "
                                   "i den smarta staden."),
    ]


def _agenda_next(day: dt.date, speakers: dict[str, int | None]) -> list[AgendaItemData]:
    return [
        AgendaItemData(start=_at(day, 13), end=_at(day, 13, 10), kind=AgendaKind.OTHER, title="Välkomna"),
        AgendaItemData(start=_at(day, 13, 10), end=_at(day, 13, 35), title="Hotbilden mot en uppkopplad stad",
                       description="Sensorer, fibernät och styrsystem: vad angriparna är ute efter och vad det "
                                   "betyder för stadens projekt.", speaker_ids=_ids(speakers["security"])),
        AgendaItemData(start=_at(day, 13, 35), end=_at(day, 14), title="Dela data säkert",
                       description="Informationssäkerhet, dataskydd och klassning när data ska användas över "
                                   "förvaltningsgränserna.", speaker_ids=_ids(speakers["data"])),
        AgendaItemData(start=_at(day, 14), end=_at(day, 14, 40), kind=AgendaKind.SPEED_DATING,
                       title="Fika med speed dating", rounds=3, round_minutes=10,
                       description="Nya möten: vi matchar dig med någon du inte träffade förra gången."),
        AgendaItemData(start=_at(day, 14, 40), end=_at(day, 15, 30), kind=AgendaKind.ROUND_TABLES,
                       title="Rundabordssamtal om säkerhet", tables=9, questions=list(QUESTIONS_SAKERHET)),
        AgendaItemData(start=_at(day, 15, 30), end=_at(day, 16, 15), kind=AgendaKind.PANEL,
                       title="Panelsamtal: en säker och öppen smart stad",
                       speaker_ids=_ids(speakers["security"], speakers["cto"], speakers["cio"], speakers["programme"])),
        AgendaItemData(start=_at(day, 16, 15), end=_at(day, 16, 30), kind=AgendaKind.OTHER,
                       title="Avslutning och nästa träff"),
    ]


def _organiser() -> User | None:
    return User.objects.filter(role=Role.ORGANISER, is_active=True).order_by("pk").first()


@transaction.atomic
def load(stdout: TextIO | None = None) -> dict[str, Any]:
    """Create the demo series (idempotent: does nothing when the series exists)."""
    if Series.objects.filter(slug=SERIES_SLUG).exists():
        _say(stdout, "Seminarieserien finns redan; inget ändrat.")
        return {"created": False}
    rng = random.Random(2026)
    today = timezone.localdate()
    first_day, next_day = _last_june_12(today), _next_thursday(today)
    organiser = _organiser()
    series = Series.objects.create(
        name="Mötesplats Smart stad", slug=SERIES_SLUG,
        description="En seminarieserie för erfarenhetsutbyte och samverkan mellan alla smart stad-projekt som är "
                    "igång eller planeras inom stadens förvaltningar och bolag.")
    participants = _participants(70)
    speakers = _speakers()

    first = event_create(
        series=series, title="Mötesplats Smart stad: Samverkan", theme="samverkan",
        description="Hur kan staden organisera arbetet framöver för att optimera samarbete och samverkan och uppnå "
                    "den smarta staden?",
        starts_at=_at(first_day, 13), ends_at=_at(first_day, 17), capacity=80,
        venue_name="Stokabs lokaler", venue_address="Stockholm",
        venue_accessibility="Entré i gatuplan, hiss till alla våningar, hörslinga i stora salen.",
        registration_opens_at=_at(first_day - dt.timedelta(days=45), 9),
        registration_closes_at=_at(first_day - dt.timedelta(days=3), 23, 59), slug="samverkan-" + str(first_day.year))
    agenda_replace(event=first, items=_agenda_first(first_day, speakers, next_day))
    Event.objects.filter(pk=first.pk).update(status=EventStatus.AVSLUTAD, published_at=_at(first_day, 9)
                                             - dt.timedelta(days=45))
    first.refresh_from_db()
    no_shows = set(rng.sample(range(len(participants)), k=min(6, len(participants))))
    registrations = []
    for index, (person, project) in enumerate(participants):
        registered = _at(first_day - dt.timedelta(days=rng.randint(4, 40)), rng.randint(8, 17), rng.randint(0, 59))
        checked_in = None if index in no_shows else _at(first_day, 12, 30) + dt.timedelta(minutes=rng.randint(0, 40))
        registrations.append(Registration(
            event=first, person=person, project=project, status=RegistrationStatus.CONFIRMED,
            confirmed_at=registered, consent_at=registered, consent_version=ON_BEHALF_VERSION if index % 10 == 0
            else "2026-11", registered_by=organiser if index % 10 == 0 else None,
            dietary=rng.choice(["", "", "", "", "vegetariskt", "glutenfritt", "laktosfritt", "veganskt"]),
            checked_in_at=checked_in, checked_in_by=organiser if checked_in else None,
        ))
    Registration.objects.bulk_create(registrations)

    upcoming = event_create(
        series=series, title="Mötesplats Smart stad: Säkerhet i den smarta staden",
        theme="säkerhet i den smarta staden",
        description="Hur bygger vi en smart stad som är både öppen och säker? Om hotbilden mot uppkopplad "
                    "infrastruktur, säker delning av data och vad varje projekt kan göra.",
        starts_at=_at(next_day, 13), ends_at=_at(next_day, 16, 30), capacity=70,
        venue_name="Stokabs lokaler", venue_address="Stockholm",
        venue_accessibility="Entré i gatuplan, hiss till alla våningar, hörslinga i stora salen.",
        registration_opens_at=timezone.now() - dt.timedelta(days=7),
        registration_closes_at=_at(next_day - dt.timedelta(days=2), 23, 59), slug="sakerhet-" + str(next_day.year))
    agenda_replace(event=upcoming, items=_agenda_next(next_day, speakers))
    upcoming = event_publish(event=upcoming)
    early = participants[: min(NEXT_REGISTERED, len(participants))]
    for person, project in early:
        register(event=upcoming, person=person, project=project, consent=True, notify=False,
                 dietary=rng.choice(["", "", "vegetariskt"]))

    _say(stdout, f"Seminarieserie: {series.name}; {first.title} ({first_day}): {len(registrations)} anmälda "
                 f"från {len({p.pk for _person, p in participants if p})} projekt, "
                 f"{len(registrations) - len(no_shows)} incheckade; "
                 f"{upcoming.title} ({next_day}): öppen, {len(early)} anmälda.")
    return {"created": True, "series": series, "past": first, "next": upcoming}
