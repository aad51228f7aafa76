"""Writes of the follow-ups: create and update (the programme office), a status from the owner (signed link),
listing the open follow-ups on a seminar's agenda, and the weekly status requests."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from motesplats.common.errors import ApplicationError
from motesplats.common.permissions import can_manage_followups
from motesplats.events.models import Event
from motesplats.networking.models import TableOutcome
from motesplats.registry.models import Organisation, Person

from . import selectors
from .models import AgendaListing, FindingKind, FollowUp, FollowUpStatus, StatusRequest

log = logging.getLogger(__name__)

STATUS_SALT = "motesplats.followups.status"
STATUS_LINK_DAYS = 60
ASK_DAYS_BEFORE = 7


class FollowUpError(ApplicationError):
    code = "followup_error"
    status = 422
    title = _("Uppföljningen kunde inte sparas.")


class NotAllowed(FollowUpError):
    code = "not_allowed"
    status = 403
    title = _("Du får inte göra det här.")


def _check(*, finding: str, kind: str, owner_person: Person | None, owner_organisation: Organisation | None,
           due_date: dt.date | None) -> None:
    if not finding.strip():
        raise FollowUpError(_("Skriv vad som kom upp vid bordet."))
    if kind not in FindingKind.values:
        raise FollowUpError(_("Okänd typ av iakttagelse."))
    if owner_person is None and owner_organisation is None:
        raise FollowUpError(_("Välj en ansvarig person eller organisation."))
    if due_date is not None and due_date < dt.date(2000, 1, 1):
        raise FollowUpError(_("Datumet är inte giltigt."))


def followup_create(*, event: Event, finding: str, kind: str = FindingKind.OPPORTUNITY, action: str = "",
                    owner_person: Person | None = None, owner_organisation: Organisation | None = None,
                    projects: Sequence[Any] = (), due_date: dt.date | None = None,
                    outcome: TableOutcome | None = None, question_index: int | None = None,
                    by: Any = None) -> FollowUp:
    """Turn a finding into a follow-up with an owner (a person, an organisation or both)."""
    if by is not None and not can_manage_followups(by):
        raise NotAllowed()
    _check(finding=finding, kind=kind, owner_person=owner_person, owner_organisation=owner_organisation,
           due_date=due_date)
    if outcome is not None and outcome.plan.agenda_item.event_id != event.pk:
        raise FollowUpError(_("Bordets resultat hör till ett annat seminarium."))
    with transaction.atomic():
        followup = FollowUp.objects.create(
            event=event, finding=finding.strip()[:2000], kind=kind, action=action.strip()[:2000],
            owner_person=owner_person,
            owner_organisation=owner_organisation or (owner_person.organisation if owner_person else None),
            due_date=due_date, outcome=outcome, question_index=question_index,
            created_by=by if getattr(by, "pk", None) else None)
        followup.projects.set(projects)
    return followup


def followup_update(*, followup: FollowUp, by: Any, **changes: Any) -> FollowUp:
    if not can_manage_followups(by):
        raise NotAllowed()
    projects = changes.pop("projects", None)
    merged = {name: changes.get(name, getattr(followup, name)) for name in
              ("finding", "kind", "owner_person", "owner_organisation", "due_date")}
    _check(**merged)
    with transaction.atomic():
        for name, value in changes.items():
            setattr(followup, name, value.strip() if isinstance(value, str) else value)
        if "status" in changes:
            followup.status_updated_at = timezone.now()
        followup.save()
        if projects is not None:
            followup.projects.set(projects)
    return followup


def followup_report_status(*, followup: FollowUp, status: str, note: str) -> FollowUp:
    """The owner's status (through the signed link from the request mail, or an organiser)."""
    if status not in FollowUpStatus.values:
        raise FollowUpError(_("Välj ett läge."))
    FollowUp.objects.filter(pk=followup.pk).update(status=status, status_note=note.strip()[:2000],
                                                   status_updated_at=timezone.now())
    followup.refresh_from_db()
    return followup


def agenda_listing_set(*, event: Event, listed: bool, by: Any) -> bool:
    if not can_manage_followups(by):
        raise NotAllowed()
    if listed:
        AgendaListing.objects.get_or_create(event=event, defaults={"created_by": by})
    else:
        AgendaListing.objects.filter(event=event).delete()
    return listed


def status_token(followup: FollowUp) -> str:
    return signing.dumps({"f": followup.pk}, salt=STATUS_SALT)


def followup_from_status_token(token: str) -> FollowUp | None:
    try:
        data = signing.loads(token, salt=STATUS_SALT, max_age=dt.timedelta(days=STATUS_LINK_DAYS))
    except signing.BadSignature:
        return None
    return FollowUp.objects.select_related("event", "owner_person", "owner_organisation").filter(
        pk=data.get("f") if isinstance(data, dict) else None).first()


def owner_addresses(followup: FollowUp) -> list[tuple[str, str]]:
    """(address, language) of whoever answers for the follow-up: the person; else the organisation's people who
    are contacts of the involved projects."""
    people: list[Person] = []
    if followup.owner_person_id and followup.owner_person and not followup.owner_person.is_anonymised:
        people = [followup.owner_person]
    elif followup.owner_organisation_id:
        people = list(Person.objects.select_related("user").filter(
            organisation_id=followup.owner_organisation_id, projects__in=followup.projects.all(),
            is_anonymised=False).distinct())
    result = []
    for person in people:
        user = getattr(person, "user", None)
        address = person.email or getattr(user, "email", "")
        if address:
            result.append((address, getattr(user, "language", "") or settings.LANGUAGE_CODE))
    return result


def _status_mail(followup: FollowUp, event: Event, address: str, language: str) -> EmailMultiAlternatives:
    with translation.override(language):
        url = settings.SITE_URL.rstrip("/") + reverse("followups:status", kwargs={"token": status_token(followup)})
        context = {"followup": followup, "event": event, "status_url": url, "language": language,
                   "event_url": settings.SITE_URL.rstrip("/") + event.get_absolute_url()}
        subject = " ".join(render_to_string("followups/email/status_request_subject.txt", context).split())
        message = EmailMultiAlternatives(subject=subject,
                                         body=render_to_string("followups/email/status_request.txt", context),
                                         from_email=settings.DEFAULT_FROM_EMAIL, to=[address],
                                         headers={"Content-Language": language})
        message.attach_alternative(render_to_string("followups/email/status_request.html", context), "text/html")
    return message


def request_statuses(*, today: dt.date | None = None) -> int:
    """A week before each seminar that lists follow-ups, ask every owner of a listed follow-up for a status,
    once per follow-up and seminar (the unique row makes a second run a no-op). Returns the mails sent."""
    today = today or timezone.localdate()
    window_end = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=ASK_DAYS_BEFORE + 1), dt.time()))
    events = Event.objects.filter(followup_listing__isnull=False, starts_at__gte=timezone.now(),
                                  starts_at__lt=window_end, status="publicerad")
    sent = 0
    for event in events:
        for followup in selectors.open_followups_before(event):
            try:
                with transaction.atomic():
                    request = StatusRequest.objects.create(followup=followup, event=event)
            except IntegrityError:
                continue  # asked already for this seminar
            addresses = owner_addresses(followup)
            for address, language in addresses:
                try:
                    _status_mail(followup, event, address, language).send()
                    sent += 1
                except Exception:  # one bad address must not stop the others
                    log.exception("status request for follow-up %s to %s failed", followup.pk, address)
            StatusRequest.objects.filter(pk=request.pk).update(
                email=", ".join(address for address, _language in addresses)[:254],
                sent_at=timezone.now() if addresses else None)
    return sent
