"""Who a mailing reaches (the preview and the send use the same query), and the delivery log's figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from motesplats.events.enums import RegistrationStatus
from motesplats.events.models import Event, Registration
from motesplats.registry.models import Person

from .models import Delivery, DeliveryStatus, Mailing, Unsubscribe

STATUS_FILTERS = ("confirmed", "waitlisted", "checked_in")


@dataclass(frozen=True)
class InvitationAudience:
    """Everyone in the registry, or those of the chosen organisations AND themes AND projects (any of each)."""

    organisations: list[int] = field(default_factory=list)
    themes: list[int] = field(default_factory=list)
    projects: list[int] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"organisations": self.organisations, "themes": self.themes, "projects": self.projects}


@dataclass(frozen=True)
class ParticipantAudience:
    """A seminar's people by registration state: confirmed, waitlisted, checked in (any of the chosen)."""

    statuses: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"statuses": self.statuses}


@dataclass(frozen=True)
class Recipient:
    person_id: int
    name: str
    organisation: str
    email: str
    language: str
    unsubscribed: bool


def invitation_people(event: Event, audience: InvitationAudience) -> QuerySet[Person]:
    people = Person.objects.filter(is_anonymised=False)
    if audience.organisations:
        people = people.filter(organisation_id__in=audience.organisations)
    if audience.themes:
        people = people.filter(projects__themes__in=audience.themes)
    if audience.projects:
        people = people.filter(projects__in=audience.projects)
    already = Registration.objects.filter(event=event, person__isnull=False).active().values("person_id")
    return people.exclude(pk__in=already).distinct()


def participant_people(event: Event, audience: ParticipantAudience) -> QuerySet[Person]:
    wanted = Q(pk__in=[])
    registrations = Registration.objects.filter(event=event, person__isnull=False)
    if "confirmed" in audience.statuses:
        wanted |= Q(pk__in=registrations.filter(status=RegistrationStatus.CONFIRMED).values("person_id"))
    if "waitlisted" in audience.statuses:
        wanted |= Q(pk__in=registrations.filter(status=RegistrationStatus.WAITLISTED).values("person_id"))
    if "checked_in" in audience.statuses:
        wanted |= Q(pk__in=registrations.filter(checked_in_at__isnull=False).values("person_id"))
    return Person.objects.filter(is_anonymised=False).filter(wanted).distinct()


def with_address(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.exclude(Q(email="") & (Q(user__isnull=True) | Q(user__email="")))


def recipients(people: QuerySet[Person]) -> list[Recipient]:
    """One row per address (people sharing an address get one mail), in name order; no address, no row.
    Plain values, not model instances: a mailing may have thousands of rows."""
    rows = list(people.order_by("name", "pk").values_list(
        "pk", "name", "email", "user_id", "user__email", "user__language", "organisation__name"))
    guest_languages = _guest_languages([row[0] for row in rows if row[3] is None])
    unsubscribed = set(Unsubscribe.objects.values_list("email", flat=True))
    seen: set[str] = set()
    result = []
    for pk, name, email, user_id, user_email, user_language, organisation in rows:
        address = (email or user_email or "").strip().lower()
        if not address or address in seen:
            continue
        seen.add(address)
        language = (user_language if user_id else guest_languages.get(pk, "")) or "sv"
        result.append(Recipient(pk, name, organisation, address, language, address in unsubscribed))
    return result


def _guest_languages(person_ids: list[int]) -> dict[int, str]:
    from motesplats.events.models import GuestSignup

    languages: dict[int, str] = {}
    for person_id, language in (GuestSignup.objects.filter(registration__person_id__in=person_ids)
                                .order_by("created").values_list("registration__person_id", "language")):
        languages[person_id] = language
    return languages


def people_without_address(people: QuerySet[Person]) -> int:
    return people.filter(email="").filter(Q(user__isnull=True) | Q(user__email="")).count()


def mailing_list() -> QuerySet[Mailing]:
    return (Mailing.objects.select_related("event", "created_by").order_by("-created", "-id")
            .annotate(total=Count("deliveries"),
                      sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
                      failed=Count("deliveries", filter=Q(deliveries__status__in=[DeliveryStatus.FAILED,
                                                                                   DeliveryStatus.BOUNCED])),
                      waiting=Count("deliveries", filter=Q(deliveries__status__in=[DeliveryStatus.QUEUED,
                                                                                    DeliveryStatus.SENDING]))))


def delivery_counts(mailing: Mailing) -> dict[str, int]:
    counts = dict(mailing.deliveries.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {value: counts.get(value, 0) for value in DeliveryStatus.values}


def deliveries(mailing: Mailing, status: str = "") -> QuerySet[Delivery]:
    rows = mailing.deliveries.order_by("name", "id")
    return rows.filter(status=status) if status in DeliveryStatus.values else rows


def is_unsubscribed(email: str) -> bool:
    return Unsubscribe.objects.filter(email=email.strip().lower()).exists()
