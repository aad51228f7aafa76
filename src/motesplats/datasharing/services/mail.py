"""E-mails of data sharing, in each recipient's language (their account's, else Swedish), plain text + HTML.

Services queue a mail with `queue(kind=..., request_id=...)`; it goes after the commit through a Celery task
(in-process without a broker), like the seminar mails.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from motesplats.celery import app
from motesplats.registry.models import Person

log = logging.getLogger(__name__)

# kind -> which side hears of it
AUDIENCE = {
    "request_new": "owner", "request_reply": "owner", "request_withdrawn": "owner",
    "request_question": "requester", "request_declined": "requester", "request_accepted": "requester",
}


@dataclass(frozen=True)
class Message:
    subject: str
    lines: list[str]
    link: str
    link_text: str


def recipient_language(person: Person) -> str:
    user = getattr(person, "user", None)
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def owner_people(request: Any) -> list[Person]:
    return list(Person.objects.filter(projects=request.dataset.project_id, is_anonymised=False)
                .select_related("user").order_by("pk"))


def requester_people(request: Any) -> list[Person]:
    people = {request.requester_id: request.requester} if not request.requester.is_anonymised else {}
    if request.project_id:
        for person in Person.objects.filter(projects=request.project_id, is_anonymised=False).select_related("user"):
            people.setdefault(person.pk, person)
    return list(people.values())


def _message(kind: str, request: Any) -> Message:
    """The message of `kind` in the active language."""
    names = {"dataset": request.dataset.name, "requester": request.requester.name,
             "organisation": request.consumer_organisation.name,
             "project": request.project.title if request.project else "–"}
    last = request.steps.order_by("-at", "-pk").first()
    note = last.note if last else ""
    url = _site(request.get_absolute_url())
    open_text = _("Öppna förfrågan")
    if kind == "request_new":
        return Message(_("Ny dataförfrågan: %(dataset)s") % names, [
            _("%(requester)s (%(organisation)s) ber om datamängden «%(dataset)s» för projektet %(project)s.") % names,
            _("Syfte: %(purpose)s") % {"purpose": request.purpose},
            _("Svara genom att acceptera med villkor, ställa en fråga eller avböja med en motivering.")],
            url, open_text)
    if kind == "request_question":
        return Message(_("Fråga om din dataförfrågan: %(dataset)s") % names, [
            _("Ägarna av «%(dataset)s» har en fråga:") % names, note], url, open_text)
    if kind == "request_reply":
        return Message(_("Svar på er fråga: %(dataset)s") % names, [
            _("%(requester)s har svarat på er fråga om «%(dataset)s»:") % names, note], url, open_text)
    if kind == "request_declined":
        return Message(_("Dataförfrågan avböjd: %(dataset)s") % names, [
            _("Ägarna av «%(dataset)s» har avböjt förfrågan. Motivering:") % names, note], url, open_text)
    if kind == "request_withdrawn":
        return Message(_("Dataförfrågan återkallad: %(dataset)s") % names, [
            _("%(requester)s har återkallat förfrågan om «%(dataset)s».") % names, note], url, open_text)
    if kind == "request_accepted":
        agreement = request.agreement
        return Message(_("Dataförfrågan accepterad: %(dataset)s") % names, [
            _("Ägarna av «%(dataset)s» har accepterat förfrågan. Villkor:") % names,
            _("Licens: %(licence)s") % {"licence": agreement.licence},
            _("Leveranssätt: %(route)s") % {"route": agreement.get_delivery_route_display()},
            *([_("Rättslig grund: %(basis)s") % {"basis": agreement.legal_basis}] if agreement.legal_basis else []),
            *([_("En konsekvensbedömning (DPIA) behövs.")] if agreement.dpia_needed else []),
            *([agreement.conditions] if agreement.conditions else [])],
            _site(agreement.get_absolute_url()), _("Öppna överenskommelsen"))
    agreement = request.agreement
    status = agreement.get_status_display().lower()
    return Message(_("Överenskommelsen om %(dataset)s: %(status)s") % {**names, "status": status}, [
        _("Överenskommelsen om «%(dataset)s» har nu status: %(status)s.") % {**names, "status": status},
        *([note] if note else [])], _site(agreement.get_absolute_url()), _("Öppna överenskommelsen"))


def build(kind: str, request: Any, person: Person, *, reply_to: str = "") -> EmailMultiAlternatives | None:
    address = person.email or getattr(getattr(person, "user", None), "email", "")
    if not address:
        return None
    language = recipient_language(person)
    with translation.override(language):
        message = _message(kind, request)
        context = {"message": message, "person": person, "language": language}
        text = render_to_string("datasharing/email/message.txt", context)
        html = render_to_string("datasharing/email/message.html", context)
        mail = EmailMultiAlternatives(subject=message.subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL,
                                      to=[address], reply_to=[reply_to] if reply_to else None,
                                      headers={"Content-Language": language})
        mail.attach_alternative(html, "text/html")
    return mail


def recipients(kind: str, request: Any, *, to_side: str = "", actor_id: int | None = None) -> list[Person]:
    side = to_side or AUDIENCE.get(kind, "other")
    if side == "owner":
        people = owner_people(request)
    elif side == "requester":
        people = requester_people(request)
    else:
        seen: dict[int, Person] = {p.pk: p for p in owner_people(request)}
        for p in requester_people(request):
            seen.setdefault(p.pk, p)
        people = list(seen.values())
    return [p for p in people if actor_id is None or p.user_id != actor_id]


def send(kind: str, request_id: int, *, to_side: str = "", actor_id: int | None = None) -> int:
    from motesplats.datasharing.models import DataRequest

    request = (DataRequest.objects.select_related("dataset__project", "requester__organisation", "project__owner")
               .filter(pk=request_id).first())
    if request is None:
        return 0
    sent = 0
    for person in recipients(kind, request, to_side=to_side, actor_id=actor_id):
        try:
            message = build(kind, request, person)
            sent += bool(message and message.send())
        except Exception:  # one bad address must not stop the others
            log.exception("data-sharing mail %s to person %s failed", kind, person.pk)
    return sent


def send_introduction(introduction_id: int) -> int:
    from motesplats.datasharing.models import ContactIntroduction

    intro = (ContactIntroduction.objects.select_related("dataset__project", "sender__organisation")
             .filter(pk=introduction_id).first())
    if intro is None:
        return 0
    sent = 0
    for person in Person.objects.filter(projects=intro.dataset.project_id, is_anonymised=False).select_related("user"):
        if not person.email:
            continue
        language = recipient_language(person)
        with translation.override(language):
            names = {"sender": intro.sender.name, "organisation": intro.sender.organisation.name,
                     "dataset": intro.dataset.name}
            message = Message(_("%(sender)s vill prata om %(dataset)s") % names, [
                _("%(sender)s (%(organisation)s) hittade datamängden «%(dataset)s» i Mötesplats och vill komma i "
                  "kontakt. Svara på det här brevet för att svara direkt.") % names, intro.message],
                _site(f"/data/{intro.dataset_id}/"), _("Öppna datamängden"))
            context = {"message": message, "person": person, "language": language}
            mail = EmailMultiAlternatives(subject=message.subject,
                                          body=render_to_string("datasharing/email/message.txt", context),
                                          from_email=settings.DEFAULT_FROM_EMAIL, to=[person.email],
                                          reply_to=[intro.sender.email] if intro.sender.email else None,
                                          headers={"Content-Language": language})
            mail.attach_alternative(render_to_string("datasharing/email/message.html", context), "text/html")
        try:
            sent += bool(mail.send())
        except Exception:
            log.exception("introduction %s to person %s failed", intro.pk, person.pk)
    return sent


@app.task(name="motesplats.datasharing.send_mail", autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_mail_task(kind: str, request_id: int, to_side: str = "", actor_id: int | None = None) -> int:
    return send(kind, request_id, to_side=to_side, actor_id=actor_id)


@app.task(name="motesplats.datasharing.send_introduction")
def send_introduction_task(introduction_id: int) -> int:
    return send_introduction(introduction_id)


def _enqueue(task: Any, *args: Any, **kwargs: Any) -> None:
    try:
        task.delay(*args, **kwargs)
    except Exception:
        log.exception("queueing %s failed; sending in-process", task.name)
        try:
            task(*args, **kwargs)
        except Exception:
            log.exception("sending %s failed", task.name)


def queue(*, kind: str, request_id: int, to_side: str = "", actor_id: int | None = None) -> None:
    transaction.on_commit(lambda: _enqueue(send_mail_task, kind, request_id, to_side=to_side, actor_id=actor_id))


def queue_introduction(introduction_id: int) -> None:
    transaction.on_commit(lambda: _enqueue(send_introduction_task, introduction_id))
