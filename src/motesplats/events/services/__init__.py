"""Writes of the seminar series. Views and the API call these; they never write models themselves.

Interface (all keyword-only; `by` is the acting user, permission-checked through common.permissions;
every failure is an `errors.EventsError` subclass whose `.message` is translated and can be shown as is):

events.py
    series_create(*, name, description="", slug="", by=None) -> Series
    series_update(*, series, by=None, **fields) -> Series
    event_create(*, series, title, starts_at, ends_at, capacity, theme="", description="", date=None,
                 venue_name="", venue_address="", venue_accessibility="", registration_opens_at=None,
                 registration_closes_at=None, slug="", by=None) -> Event            # status utkast
    event_update(*, event, by=None, **fields) -> Event      # InvalidEvent(.errors: {field: [msg]})
    event_publish(*, event, by=None) -> Event               # InvalidTransition
    event_cancel(*, event, by=None, reason="", notify=True) -> Event   # mails confirmed + waitlisted
    event_finish(*, event, by=None) -> Event
agenda.py
    AgendaItemData(start, end, title, kind="talk", description="", speaker_ids=[], rounds=None,
                   round_minutes=None, tables=None, questions=[], allow_overlap=False, id=None)
    agenda_replace(*, event, items: list[AgendaItemData], by=None) -> list[AgendaItem]
        # all or nothing; InvalidAgenda(.problems: [AgendaProblem(index, field, message)])
    agenda_as_data(event) -> list[AgendaItemData]           # prefill the editor
registration.py
    register(*, event, person, project=None, dietary="", accessibility="", consent: bool, by=None,
             notify=True) -> Registration     # confirmed or waitlisted; mails after commit
        # ConsentRequired, EventCancelled, EventNotPublished, RegistrationClosed, RegistrationNotOpen,
        # AlreadyRegistered(.registration), ProjectNotAllowed, NotAllowed
    cancel(*, registration, by=None, notify=True, notify_promoted=None) -> CancellationResult(registration,
           promoted: list)   # AlreadyCancelled, NotAllowed; promotes the first waitlisted in the same transaction
    registration_update(*, registration, by=None, project=KEEP, dietary=None, accessibility=None) -> Registration
        # project (None clears it), needs; AlreadyCancelled, ProjectNotAllowed, NotAllowed
    add_walk_in(*, event, by, person=None, name="", email="", organisation=None, project=None) -> Registration
        # an unknown person is found or added through registry.services.person_resolve
    registration_refusal(event, *, by=None) -> EventsError | None   # why not now (Event.registration_window)
    lock_event(event) -> Event   # inside transaction.atomic(): SELECT ... FOR UPDATE on the event row
checkin.py
    check_in(*, token_or_code, by, event=None) -> CheckInResult(outcome, registration, checked_in_at; .ok, .message)
    check_in_registration(*, registration, by) -> CheckInResult       # after a search by name
    undo_check_in(*, registration, by) -> Registration
    (Registration.check_in_code is the signed text the QR code carries: events.check_in_codes)
calendar.py
    event_ics(event) -> bytes ; series_ics(series) -> bytes           # text/calendar; charset=utf-8
reminders.py
    send_reminders(*, today=None) -> int   # confirmed participants of tomorrow's events, once each
mail.py
    send_registration_mail(registration, kind)   # kind: confirmed|waitlisted|promoted|reminder|cancelled|event_cancelled
    send_event_cancelled_mails(*, event_id) -> int   # everyone with a seat or a waitlist place
    queue_registration_mail(registration_id, kind) / queue_event_cancelled_mail(event_id)   # after the commit,
        # through the Celery tasks defined beside them (services never import events.tasks)
    # the seat's mails (confirmed, promoted, reminder) show the QR code as an inline PNG (multipart/related)
imports.py
    import_registrations(*, event, file: bytes|str, by, dry_run=False) -> ImportResult(created, waitlisted,
        people_created)   # ImportRejected(.problems: [ImportProblem(line, message)]), nothing saved on error
exports.py
    participants_csv(event) -> str (UTF-8 BOM, ";") ; participants_xlsx(event) -> bytes
gdpr.py
    export_person(person) -> list[dict] ; anonymise_registration(*, registration) ;
    anonymise_person(*, person) -> int ; anonymise_expired(*, now=None) -> int   (12 months after the event)
    gdpr_export_hook / gdpr_anonymise_hook: registered in accounts.personal_data by EventsConfig.ready()
tasks.py (Celery, eager without a broker) and management commands
    send_event_reminders(today=None), anonymise_expired_registrations(): both run daily from
    CELERY_BEAT_SCHEDULE (settings); the mail tasks of services.mail are imported there for the worker
    `manage.py send_event_reminders` (daily cron; idempotent), `manage.py anonymise_event_registrations`

Selectors (motesplats.events.selectors): series_list(), series_get(slug), events_visible_to(user, series=None),
events_upcoming(user, series=None), events_past(user, series=None), event_get(slug), agenda(event),
registration_of(event, person), registrations_of_person(person), registration_get(pk),
event_registrations(event, status=None), waitlist(event), waitlist_position(registration), check_ins(event),
search_registrations(event, query), event_counts(event) -> EventCounts(capacity, confirmed, waitlisted,
checked_in, walk_ins, cancelled; .free, .registered, .not_arrived, .newcomer_waits), counts_for_events(events),
registrations_by_organisation(event),
registrations_by_project(event) -> [GroupCount], projects_to_represent(person), participant_rows(event),
my_day(event=, person=) -> MyDay(event, registration, agenda, waitlist_position, sections; .check_in_code,
.qr_svg()), next_registration_for(person). Other apps add "Min dag" sections through events.extensions.

Reads are in `motesplats.events.selectors`; the QR image in `motesplats.events.qr.qr_svg(text)`;
the consent text in `motesplats.events.consent` (CONSENT_VERSION, consent_text(language)).
"""

from .agenda import AgendaItemData, agenda_as_data, agenda_replace
from .checkin import CheckInResult, check_in, check_in_registration, undo_check_in
from .errors import (
    AgendaProblem,
    AlreadyCancelled,
    AlreadyRegistered,
    ConsentRequired,
    EventCancelled,
    EventNotPublished,
    EventsError,
    ImportProblem,
    ImportRejected,
    InvalidAgenda,
    InvalidEvent,
    InvalidTransition,
    NotAllowed,
    ProjectNotAllowed,
    RegistrationClosed,
    RegistrationNotOpen,
)
from .events import (
    event_cancel,
    event_create,
    event_finish,
    event_publish,
    event_update,
    series_create,
    series_update,
)
from .registration import CancellationResult, add_walk_in, cancel, register, registration_update

__all__ = [
    "AgendaItemData", "AgendaProblem", "AlreadyCancelled", "AlreadyRegistered", "CancellationResult", "CheckInResult",
    "ConsentRequired", "EventCancelled", "EventNotPublished", "EventsError", "ImportProblem", "ImportRejected",
    "InvalidAgenda", "InvalidEvent", "InvalidTransition", "NotAllowed", "ProjectNotAllowed", "RegistrationClosed",
    "RegistrationNotOpen", "add_walk_in", "agenda_as_data", "agenda_replace", "cancel", "check_in",
    "check_in_registration", "event_cancel", "event_create", "event_finish", "event_publish", "event_update",
    "register", "registration_update", "series_create", "series_update", "undo_check_in",
]
