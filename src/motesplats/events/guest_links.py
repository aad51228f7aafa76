"""Signed links that stand in for a login: a guest's "Min dag" (QR code, .ics) and an invitation's personal link.

A "Min dag" link signs the registration's check-in token, so it stops working when the registration is
anonymised (the token is replaced). An invitation link signs the person and the event.

>>> # day_token(registration) -> "AbC...:sig"; registration_from_day_token(event, token) -> Registration | None
"""

from __future__ import annotations

from typing import Any

from django.core import signing

from .models import Event, Registration

DAY_SALT = "motesplats.events.guest-day"
INVITATION_SALT = "motesplats.events.invitation"


def day_token(registration: Registration) -> str:
    return signing.Signer(salt=DAY_SALT).sign(registration.check_in_token)


def registration_from_day_token(event: Event, token: str) -> Registration | None:
    try:
        check_in_token = signing.Signer(salt=DAY_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return (Registration.objects.select_related("event", "person__organisation", "project")
            .filter(event=event, check_in_token=check_in_token, person__isnull=False).first())


def invitation_token(*, event: Event | None = None, person: Any = None, event_id: int | None = None,
                     person_id: int | None = None) -> str:
    """The personal registration link's token (by objects, or by ids when sending thousands of mails)."""
    return signing.dumps({"e": event.pk if event is not None else event_id,
                          "p": person.pk if person is not None else person_id},
                         salt=INVITATION_SALT, compress=True)


def person_from_invitation_token(event: Event, token: str) -> Any | None:
    from motesplats.registry.models import Person

    try:
        data = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("e") != event.pk:
        return None
    return Person.objects.select_related("user", "organisation").filter(pk=data.get("p"),
                                                                        is_anonymised=False).first()
