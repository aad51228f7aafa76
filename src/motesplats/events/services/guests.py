"""Guests without an account: a signup confirmed through a link mailed to the address, and registration
through an invitation's personal link. Both end in the usual `registration.register` (seat or waitlist)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from motesplats.celery import app
from motesplats.registry import services as registry_services
from motesplats.registry.models import Organisation, Person

from ..models import Event, GuestSignup, Registration
from .errors import AlreadyRegistered, ConsentRequired, EventsError
from .mail import absolute_url
from .registration import NEEDS_MAX_LENGTH, register, registration_refusal

log = logging.getLogger(__name__)
RESEND_AFTER = dt.timedelta(minutes=15)


def _language(language: str) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def guest_signup_create(*, event: Event, name: str, organisation_name: str, email: str, language: str,
                        dietary: str = "", accessibility: str = "", consent: bool) -> GuestSignup:
    """Record the request and mail the confirmation link. Nothing is registered until the link is used.

    Raises ConsentRequired, EventsError (bad input) and the registration window's refusals.
    """
    if not consent:
        raise ConsentRequired()
    refusal = registration_refusal(event)
    if refusal is not None:
        raise refusal
    name, organisation_name, email = name.strip(), organisation_name.strip(), email.strip().lower()
    if not name or not organisation_name:
        raise EventsError(_("Fyll i namn och organisation."))
    try:
        validate_email(email)
    except ValidationError as error:
        raise EventsError(_("Ange en giltig e-postadress.")) from error
    if len(dietary) > NEEDS_MAX_LENGTH or len(accessibility) > NEEDS_MAX_LENGTH:
        raise EventsError(_("Beskriv behoven med högst %(max)s tecken.") % {"max": NEEDS_MAX_LENGTH})
    recent = (GuestSignup.objects.filter(event=event, email=email, confirmed_at__isnull=True,
                                         created__gte=timezone.now() - RESEND_AFTER).first())
    if recent is not None:
        return recent  # the link is on its way: no second mail to the same address (nor a way to flood it)
    signup = GuestSignup.objects.create(
        event=event, name=name[:200], organisation_name=organisation_name[:200], email=email,
        language=_language(language), dietary=dietary.strip(), accessibility=accessibility.strip(),
        consent_at=timezone.now())
    transaction.on_commit(lambda: _enqueue_confirmation(signup.pk))
    return signup


def _enqueue_confirmation(signup_id: int) -> None:
    try:
        send_guest_confirmation_task.delay(signup_id)
    except Exception:  # the broker is unreachable: send now rather than lose the mail
        log.exception("queueing the guest confirmation %s failed; sending in-process", signup_id)
        send_guest_confirmation_task(signup_id)


def build_guest_confirmation(signup: GuestSignup) -> EmailMultiAlternatives:
    with translation.override(signup.language):
        context = {
            "signup": signup, "event": signup.event, "language": signup.language,
            "confirm_url": absolute_url("events:guest_confirm", slug=signup.event.slug, token=signup.token),
            "event_url": settings.SITE_URL.rstrip("/") + signup.event.get_absolute_url(),
        }
        subject = " ".join(render_to_string("events/email/guest_confirm_subject.txt", context).split())
        message = EmailMultiAlternatives(subject=subject,
                                         body=render_to_string("events/email/guest_confirm.txt", context),
                                         from_email=settings.DEFAULT_FROM_EMAIL, to=[signup.email],
                                         headers={"Content-Language": signup.language})
        message.attach_alternative(render_to_string("events/email/guest_confirm.html", context), "text/html")
    return message


@app.task(name="motesplats.events.tasks.send_guest_confirmation", autoretry_for=(OSError,), retry_backoff=30,
          max_retries=5)
def send_guest_confirmation_task(signup_id: int) -> bool:
    signup = GuestSignup.objects.select_related("event__series").filter(pk=signup_id).first()
    if signup is None or signup.confirmed_at is not None:
        return False
    return bool(build_guest_confirmation(signup).send())


def _organisation_for(name: str) -> Organisation:
    existing = Organisation.objects.filter(name__iexact=name).first()
    return existing or registry_services.organisation_create(name=name)


def _person_for(signup: GuestSignup) -> Person:
    """The registry's person with this address (the link proved the address is theirs), or a new one."""
    from django.db.models import Q

    existing = (Person.objects.filter(is_anonymised=False)
                .filter(Q(email__iexact=signup.email) | Q(user__email__iexact=signup.email)).order_by("pk").first())
    if existing is not None:
        return existing
    return registry_services.person_create(name=signup.name, organisation=_organisation_for(signup.organisation_name),
                                           email=signup.email)


def guest_signup_confirm(*, signup: GuestSignup) -> Registration:
    """Confirm the address: find or create the person, then register them (a seat, or the waitlist).
    Confirming again returns the same registration."""
    with transaction.atomic():
        current = GuestSignup.objects.select_for_update().select_related("event").get(pk=signup.pk)
        if current.registration_id is not None:
            return Registration.objects.select_related("event", "person").get(pk=current.registration_id)
        person = _person_for(current)
        try:
            registration = register(event=current.event, person=person, dietary=current.dietary,
                                    accessibility=current.accessibility, consent=True, by=None)
        except AlreadyRegistered as error:
            registration = error.registration
        current.confirmed_at = timezone.now()
        current.registration = registration
        current.save(update_fields=["confirmed_at", "registration"])
    return registration


def invited_register(*, event: Event, person: Person, dietary: str = "", accessibility: str = "",
                     consent: bool, language: str) -> Registration:
    """Register an invited person who has no account, through their personal link (the link is the proof)."""
    with transaction.atomic():
        try:
            registration = register(event=event, person=person, dietary=dietary, accessibility=accessibility,
                                    consent=consent, by=None)
        except AlreadyRegistered as error:
            return error.registration  # type: ignore[return-value]
        GuestSignup.objects.create(event=event, name=person.name, organisation_name=person.organisation.name,
                                   email=person.email or getattr(person.user, "email", ""),
                                   language=_language(language), consent_at=timezone.now(),
                                   confirmed_at=timezone.now(), registration=registration)
    return registration
