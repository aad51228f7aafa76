"""Reads of the seminar series: querysets with their joins done, and small dataclasses for the pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from motesplats.common.permissions import can_manage_events
from motesplats.registry.models import Person, Project

from .enums import RegistrationStatus
from .extensions import FilledSection, fill_sections
from .models import AgendaItem, Event, Registration, Series

# --- series and events ---------------------------------------------------------------------------


def series_list() -> QuerySet[Series]:
    """Each series with `event_count`, the number of its events anyone may see (drafts are not counted)."""
    return Series.objects.annotate(
        event_count=Count("events", filter=Q(events__in=Event.objects.public()))).order_by("name")


def series_get(slug: str) -> Series:
    return Series.objects.get(slug=slug)


def events_visible_to(user: Any, *, series: Series | None = None) -> QuerySet[Event]:
    """Drafts only for organisers; everything else is public."""
    queryset = Event.objects.select_related("series")
    if not can_manage_events(user):
        queryset = queryset.public()
    if series is not None:
        queryset = queryset.filter(series=series)
    return queryset.order_by("starts_at")


def events_upcoming(user: Any, *, series: Series | None = None) -> QuerySet[Event]:
    return events_visible_to(user, series=series).filter(ends_at__gte=timezone.now())


def events_past(user: Any, *, series: Series | None = None) -> QuerySet[Event]:
    return events_visible_to(user, series=series).filter(ends_at__lt=timezone.now()).order_by("-starts_at")


def event_get(slug: str) -> Event:
    return Event.objects.select_related("series").get(slug=slug)


def agenda(event: Event) -> list[AgendaItem]:
    return list(event.agenda_items.prefetch_related(
        Prefetch("speakers", queryset=Person.objects.select_related("organisation").order_by("name"))
    ).order_by("order", "starts_at"))


# --- registrations -------------------------------------------------------------------------------


def with_waitlist_position(queryset: QuerySet[Registration]) -> QuerySet[Registration]:
    """Annotate `waitlist_place` (1 for the first in line, None when not waitlisted) in the same query, as
    `waitlist_position` computes it for one registration."""
    ahead = (Registration.objects.filter(event_id=OuterRef("event_id"), status=RegistrationStatus.WAITLISTED)
             .filter(Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
                     | Q(waitlisted_at=OuterRef("waitlisted_at"), id__lt=OuterRef("id")))
             .order_by().values("event_id").annotate(n=Count("id")).values("n"))
    return queryset.annotate(waitlist_place=Case(
        When(status=RegistrationStatus.WAITLISTED, waitlisted_at__isnull=False,
             then=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1),
        default=None, output_field=IntegerField()))


def registration_of(event: Event, person: Person | None) -> Registration | None:
    """The person's active (not cancelled) registration, if any."""
    if person is None:
        return None
    return with_waitlist_position(Registration.objects.select_related("project", "event", "person__organisation")
                                  .filter(event=event, person=person).active()).first()


def registrations_of_person(person: Person, *, include_cancelled: bool = False) -> QuerySet[Registration]:
    queryset = Registration.objects.select_related("event__series", "project").filter(person=person)
    if not include_cancelled:
        queryset = queryset.active()
    return with_waitlist_position(queryset).order_by("-event__starts_at")


def registration_get(pk: int) -> Registration:
    return with_waitlist_position(Registration.objects.select_related(
        "event__series", "person__organisation", "person__user", "project")).get(pk=pk)


def event_registrations(event: Event, *, status: str | None = None) -> QuerySet[Registration]:
    queryset = with_waitlist_position(Registration.objects.select_related(
        "event", "person__organisation", "project", "registered_by").filter(event=event))
    if status is None:
        queryset = queryset.active()
    else:
        queryset = queryset.filter(status=status)
    return queryset.order_by("person__name", "id")


def waitlist(event: Event) -> QuerySet[Registration]:
    return Registration.objects.select_related("person__organisation", "project").filter(event=event).waitlist()


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line; None when the registration is not on the waitlist."""
    if not registration.is_waitlisted or registration.waitlisted_at is None:
        return None
    if getattr(registration, "waitlist_place", None) is not None:  # annotated by with_waitlist_position
        return registration.waitlist_place  # type: ignore[no-any-return]
    ahead = Registration.objects.filter(event_id=registration.event_id, status=RegistrationStatus.WAITLISTED).filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, id__lt=registration.pk)).count()
    return ahead + 1


def check_ins(event: Event, *, limit: int | None = None) -> QuerySet[Registration]:
    """The latest check-ins first."""
    queryset = (Registration.objects.select_related("person__organisation", "project")
                .filter(event=event, checked_in_at__isnull=False).order_by("-checked_in_at"))
    return queryset[:limit] if limit else queryset


def search_registrations(event: Event, query: str, *, limit: int = 20) -> list[Registration]:
    """Name, e-mail or organisation contains every word of `query`; confirmed and waitlisted people."""
    queryset = with_waitlist_position(Registration.objects.select_related("event", "person__organisation", "project")
                                      .filter(event=event, person__isnull=False).active())
    for word in query.split():
        queryset = queryset.filter(Q(person__name__icontains=word) | Q(person__email__icontains=word)
                                   | Q(person__organisation__name__icontains=word))
    return list(queryset.order_by("person__name")[:limit])


@dataclass(frozen=True)
class EventCounts:
    capacity: int
    confirmed: int
    waitlisted: int
    checked_in: int
    walk_ins: int
    cancelled: int

    @property
    def registered(self) -> int:
        """Confirmed people who registered in advance (walk-ins do not take a seat)."""
        return self.confirmed - self.walk_ins

    @property
    def free(self) -> int:
        return max(self.capacity - self.registered, 0)

    @property
    def newcomer_waits(self) -> bool:
        """A new registration goes to the waitlist: no free seat, or people already wait (nobody jumps the
        queue, e.g. when a seat frees up after the start and nobody is promoted)."""
        return self.free == 0 or self.waitlisted > 0

    @property
    def not_arrived(self) -> int:
        return self.confirmed - self.checked_in

    @property
    def attendance_rate(self) -> float:
        return self.checked_in / self.confirmed if self.confirmed else 0.0


_CONFIRMED = Q(status=RegistrationStatus.CONFIRMED)
_FIGURES = {  # EventCounts' fields, counted over an event's registrations
    "confirmed": Count("id", filter=_CONFIRMED),
    "waitlisted": Count("id", filter=Q(status=RegistrationStatus.WAITLISTED)),
    "checked_in": Count("id", filter=_CONFIRMED & Q(checked_in_at__isnull=False)),
    "walk_ins": Count("id", filter=_CONFIRMED & Q(is_walk_in=True)),
    "cancelled": Count("id", filter=Q(status=RegistrationStatus.CANCELLED)),
}


def event_counts(event: Event) -> EventCounts:
    """All the live figures in one query."""
    return EventCounts(capacity=event.capacity, **Registration.objects.filter(event=event).aggregate(**_FIGURES))


def counts_for_events(events: list[Event]) -> list[tuple[Event, EventCounts]]:
    """Each event with its live figures, in one query for all of them (the organiser's overview)."""
    rows = (Registration.objects.filter(event_id__in=[event.pk for event in events]).values("event_id")
            .annotate(**_FIGURES).order_by())
    by_event = {row.pop("event_id"): row for row in rows}
    empty = dict.fromkeys(_FIGURES, 0)
    return [(event, EventCounts(capacity=event.capacity, **by_event.get(event.pk, empty))) for event in events]


@dataclass(frozen=True)
class GroupCount:
    key: Any  # organisation/project id (None: no project)
    name: str
    confirmed: int
    waitlisted: int
    checked_in: int

    @property
    def total(self) -> int:
        return self.confirmed + self.waitlisted


def _grouped(event: Event, id_field: str, name_field: str) -> list[GroupCount]:
    rows = (Registration.objects.filter(event=event, person__isnull=False).active()
            .values(id_field, name_field)
            .annotate(confirmed=Count("id", filter=Q(status=RegistrationStatus.CONFIRMED)),
                      waitlisted=Count("id", filter=Q(status=RegistrationStatus.WAITLISTED)),
                      checked_in=Count("id", filter=Q(checked_in_at__isnull=False)))
            .order_by(name_field))
    return [GroupCount(row[id_field], row[name_field] or "", row["confirmed"], row["waitlisted"], row["checked_in"])
            for row in rows]


def registrations_by_organisation(event: Event) -> list[GroupCount]:
    return _grouped(event, "person__organisation_id", "person__organisation__name")


def registrations_by_project(event: Event) -> list[GroupCount]:
    return _grouped(event, "project_id", "project__title")


def projects_to_represent(person: Person) -> QuerySet[Project]:
    """The projects a person may represent: those where they are a contact."""
    return Project.objects.filter(contacts=person).select_related("owner").order_by("title")


def participant_rows(event: Event) -> list[Registration]:
    """Confirmed participants for lists, badges and exports, sorted by name."""
    return list(event_registrations(event, status=RegistrationStatus.CONFIRMED).exclude(person__isnull=True))


# --- "Min dag" ------------------------------------------------------------------------------------


@dataclass
class MyDay:
    event: Event
    registration: Registration | None
    agenda: list[AgendaItem]
    waitlist_position: int | None = None
    # What other apps show (networking: speed-dating partners, round-table seats): `events.extensions`.
    sections: list[FilledSection] = field(default_factory=list)

    @property
    def check_in_code(self) -> str | None:
        if self.registration is None or not self.registration.is_confirmed:
            return None
        return self.registration.check_in_code

    def qr_svg(self) -> str:
        from .qr import qr_svg

        code = self.check_in_code
        return qr_svg(code, title=self.registration.person.name) if code and self.registration else ""


def my_day_stamp(event: Event, user: Any) -> tuple[int, datetime, int, datetime] | None:
    """What makes a person's cached "Min dag" stale besides the event (`my_day_cache.page_key`), read fresh in one
    short query: (registration id, its `updated`, person id, its `updated`) of the user's active registration."""
    if not getattr(user, "is_authenticated", False):
        return None
    row = (Registration.objects.filter(event=event, person__user=user).active().order_by()
           .values_list("id", "updated", "person_id", "person__updated").first())
    return tuple(row) if row else None  # type: ignore[return-value]


def my_day(*, event: Event, person: Person | None) -> MyDay:
    """The registration read fresh; the rest from the cache while the event is unchanged (`my_day_cache`)."""
    from . import my_day_cache

    registration = registration_of(event, person)
    if registration is not None:
        registration.person = person  # type: ignore[assignment]
    if not my_day_cache.enabled():
        day = MyDay(event=event, registration=registration, agenda=agenda(event),
                    waitlist_position=waitlist_position(registration) if registration else None)
        day.sections = fill_sections(day)
        return day
    key = my_day_cache.key(event.pk, registration.pk if registration else None, person.pk if person else None)
    cached = cache.get(key)
    if cached is not None:
        items, position, sections = cached
        return MyDay(event=event, registration=registration, agenda=items, waitlist_position=position,
                     sections=sections)
    day = MyDay(event=event, registration=registration, agenda=agenda(event),
                waitlist_position=waitlist_position(registration) if registration else None)
    day.sections = fill_sections(day)
    cache.set(key, (day.agenda, day.waitlist_position, day.sections), timeout=my_day_cache.TIMEOUT)
    return day


def next_registration_for(person: Person | None) -> Registration | None:
    """The person's next upcoming active registration ("Min dag" without choosing an event)."""
    if person is None:
        return None
    return (registrations_of_person(person).filter(event__ends_at__gte=timezone.now())
            .order_by("event__starts_at").first())
