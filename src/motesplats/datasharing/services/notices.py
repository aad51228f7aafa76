"""Weekly notices of new strong data matches: a person hears (e-mail, and a badge on their page) when a strong
match appears for the needs or datasets of their projects; at most one mail a week, and never twice of a match.
A person turns the mail off on "Mitt konto" or on the requests page.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motesplats.celery import app
from motesplats.datasharing.models import MatchNotice, NoticeSettings
from motesplats.datasharing.services.mail import Message, recipient_language
from motesplats.registry.models import Person, Project

log = logging.getLogger(__name__)
WEEK = dt.timedelta(days=7)


def notice_settings_set(*, person: Person, match_mail: bool) -> NoticeSettings:
    settings_row, _created = NoticeSettings.objects.update_or_create(person=person,
                                                                     defaults={"match_mail": match_mail})
    return settings_row


def wants_mail(person: Person) -> bool:
    row = NoticeSettings.objects.filter(person=person).first()
    return row is None or row.match_mail


def collect(*, project: Project) -> int:
    """Store notices of the project's strong matches (both ways) for its contacts; returns how many are new."""
    from motesplats.discovery.engine.index import BAND_STRONG
    from motesplats.discovery.selectors import data_matches_for_project

    contacts = list(project.contacts.filter(is_anonymised=False).select_related("user"))
    if not contacts:
        return 0
    matches = data_matches_for_project(project=project, user=contacts[0].user, k=5)
    pairs = [(need.pk, m.dataset.pk, m.score) for need, found in matches.needs for m in found if m.band == BAND_STRONG]
    pairs += [(m.need.pk, dataset.pk, m.score) for dataset, found in matches.datasets for m in found
              if m.band == BAND_STRONG]
    new = 0
    for person in contacts:
        for need_id, dataset_id, score in pairs:
            try:
                with transaction.atomic():
                    MatchNotice.objects.create(person=person, need_id=need_id, dataset_id=dataset_id, score=score)
                new += 1
            except IntegrityError:
                continue
    return new


def mail_due(person: Person, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    row = NoticeSettings.objects.filter(person=person).first()
    if row is not None and (not row.match_mail or (row.last_mailed_at and now - row.last_mailed_at < WEEK)):
        return False
    return bool(person.email) and MatchNotice.objects.filter(person=person, mailed_at__isnull=True).exists()


def send_weekly(*, now: dt.datetime | None = None) -> int:
    """Mail each person with unmailed notices whose last mail is a week old or more; returns mails sent."""
    now = now or timezone.now()
    sent = 0
    people = Person.objects.filter(match_notices__mailed_at__isnull=True, is_anonymised=False).distinct()
    for person in people.select_related("user"):
        if not mail_due(person, now=now):
            continue
        with transaction.atomic():
            notices = list(MatchNotice.objects.select_for_update(of=("self",)).filter(person=person, mailed_at__isnull=True)
                           .select_related("need__project", "dataset__project"))
            if not notices:
                continue
            message = build(person, notices)
            MatchNotice.objects.filter(pk__in=[n.pk for n in notices]).update(mailed_at=now)
            NoticeSettings.objects.update_or_create(person=person, defaults={"last_mailed_at": now})
        try:
            sent += bool(message.send())
        except Exception:
            log.exception("match notice mail to person %s failed", person.pk)
    return sent


def build(person: Person, notices: list[MatchNotice]) -> EmailMultiAlternatives:
    language = recipient_language(person)
    with translation.override(language):
        lines = [_("Nya starka matchningar för dina projekt:")]
        lines += [_("«%(need)s» (%(consumer)s) ↔ «%(dataset)s» (%(producer)s)") % {
            "need": n.need.description[:120], "consumer": n.need.project.title, "dataset": n.dataset.name,
            "producer": n.dataset.project.title} for n in notices[:20]]
        lines.append(_("Du kan stänga av de här breven under Mitt konto."))
        message = Message(_("Nya datamatchningar i Mötesplats"), lines,
                          settings.SITE_URL.rstrip("/") + "/data/requests/", _("Se matchningarna"))
        context = {"message": message, "person": person, "language": language}
        mail = EmailMultiAlternatives(subject=message.subject,
                                      body=render_to_string("datasharing/email/message.txt", context),
                                      from_email=settings.DEFAULT_FROM_EMAIL, to=[person.email],
                                      headers={"Content-Language": language})
        mail.attach_alternative(render_to_string("datasharing/email/message.html", context), "text/html")
    return mail


def unseen(person: Person) -> list[MatchNotice]:
    return list(MatchNotice.objects.filter(person=person, seen_at__isnull=True)
                .select_related("need__project", "dataset__project").order_by("-created", "-pk")[:20])


def mark_seen(person: Person) -> int:
    return MatchNotice.objects.filter(person=person, seen_at__isnull=True).update(seen_at=timezone.now())


@app.task(name="motesplats.datasharing.match_notices")
def match_notices_task() -> int:
    """Weekly (beat schedule): collect strong matches of every project, then mail who is due."""
    for project in Project.objects.filter(contacts__isnull=False).distinct():
        collect(project=project)
    return send_weekly()


def for_user(user: Any) -> list[MatchNotice]:
    from motesplats.common import permissions

    person = permissions.person_of(user)
    return unseen(person) if person is not None else []
