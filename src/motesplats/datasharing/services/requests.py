"""Writes of data sharing: make a request, take a step on it or on its agreement, introduce a person to owners.

Each function runs in one transaction, records a `Step` (who, when, what) and tells the other side by e-mail
after the commit. See `transitions` for which step is allowed from where and by whom.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motesplats.common import permissions
from motesplats.common.errors import FieldError
from motesplats.common.validation import check_text
from motesplats.datasharing.audit import Decision, record_decision
from motesplats.datasharing.models import (
    Agreement,
    AgreementStatus,
    ContactIntroduction,
    DataRequest,
    DeliveryRoute,
    Frequency,
    RequestStatus,
    Step,
)
from motesplats.datasharing.services.errors import MoveNotAllowed, NotAParty, RequestInvalid
from motesplats.datasharing.services.mail import queue as queue_mail
from motesplats.datasharing.services.mail import queue_introduction
from motesplats.datasharing.services.transitions import AGREEMENT_MOVES, REQUEST_MOVES, is_repeat, side_allows
from motesplats.registry.models import DataNeed, Dataset, Person, Project

MAX_TEXT = 5000


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


def _actor_name(user: Any) -> str:
    person = permissions.person_of(user)
    return person.name if person is not None else getattr(user, "email", "")


def _text(errors: list[FieldError], name: str, value: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.append(FieldError(name, _("Fältet måste fyllas i."), "required"))
    elif len(value) > limit:
        errors.append(FieldError(name, _("Högst %(limit)s tecken.") % {"limit": limit}, "too_long"))
    else:
        try:
            check_text(value)
        except ValidationError as error:
            errors.append(FieldError(name, error.messages[0], "control_characters"))
    return value


def _step(*, request: DataRequest, agreement: Agreement | None = None, action: str, by: Any, from_status: str = "",
          to_status: str = "", note: str = "") -> Step:
    step = Step.objects.create(request=request, agreement=agreement, action=action, actor=by,
                               actor_name=_actor_name(by), from_status=from_status, to_status=to_status, note=note)
    target = agreement or request
    record_decision(Decision(action=f"{'agreement' if agreement else 'request'}.{action}", actor=by,
                             target=target, from_status=from_status, to_status=to_status, note=note))
    return step


# --- making a request -----------------------------------------------------------------------------


def data_request_create(*, by: Any, dataset: Dataset, purpose: str, fields: str = "", frequency: str = Frequency.ONCE,
                        personal_data: bool = False, project: Project | None = None, need: DataNeed | None = None,
                        is_public: bool = False, idempotency_key: str = "") -> tuple[DataRequest, bool]:
    """Ask the dataset's owners for it. Returns (request, created): a repeated submit (same key) or a second
    request for the same dataset and project while one is open gives back the open one, created=False."""
    person = permissions.person_of(by)
    if not permissions.can_view_dataset(by, dataset) or not permissions.can_request_data(by, dataset):
        raise NotAParty(_("Du kan inte be om den här datamängden."))
    assert person is not None
    key = (idempotency_key or "").strip()[:64] or new_idempotency_key()
    existing = DataRequest.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing, False
    errors: list[FieldError] = []
    purpose = _text(errors, "purpose", purpose, required=True)
    fields = _text(errors, "fields", fields)
    if frequency not in Frequency.values:
        errors.append(FieldError("frequency", _("Välj hur ofta."), "invalid_choice"))
    if project is not None and not Project.contacts.through.objects.filter(
            project_id=project.pk, person_id=person.pk).exists() and not permissions.is_organiser(by):
        errors.append(FieldError("project", _("Du är inte kontaktperson för projektet."), "not_contact"))
    if project is not None and project.pk == dataset.project_id:
        errors.append(FieldError("project", _("Projektet äger redan datamängden."), "own_dataset"))
    if need is not None and (project is None or need.project_id != project.pk):
        need = None
    if errors:
        raise RequestInvalid(field_errors=errors)
    open_one = DataRequest.objects.filter(dataset=dataset, requester=person, project=project,
                                          status__in=[RequestStatus.OPEN, RequestStatus.QUESTION]).first()
    if open_one is not None:
        return open_one, False
    try:
        with transaction.atomic():
            request = DataRequest.objects.create(
                dataset=dataset, requester=person, project=project, need=need, purpose=purpose, fields=fields,
                frequency=frequency, personal_data=personal_data, is_public=is_public, idempotency_key=key)
            _step(request=request, action="create", by=by, to_status=RequestStatus.OPEN, note=purpose)
    except IntegrityError:  # the same submit, or the same request, won a race with this one
        found = (DataRequest.objects.filter(idempotency_key=key).first()
                 or DataRequest.objects.filter(dataset=dataset, requester=person, project=project,
                                               status__in=[RequestStatus.OPEN, RequestStatus.QUESTION]).first())
        if found is None:
            raise
        return found, False
    queue_mail(kind="request_new", request_id=request.pk)
    return request, True


# --- steps on a request ---------------------------------------------------------------------------


def _locked_request(request: DataRequest) -> DataRequest:
    return (DataRequest.objects.select_for_update(of=("self",)).select_related("dataset__project", "project")
            .get(pk=request.pk))


def _check_side(user: Any, side: str, request: DataRequest) -> None:
    owner = permissions.is_owner_side(user, request)
    requester = permissions.is_requester_side(user, request)
    if not permissions.is_signed_in(user) or not side_allows(side, owner=owner, requester=requester):  # type: ignore[arg-type]
        raise NotAParty()


def _request_move(*, request: DataRequest, by: Any, move_name: str, note: str = "") -> tuple[DataRequest, bool]:
    """Take a step on a locked request; (request, False) for a repeated submit of the step just taken."""
    move = REQUEST_MOVES[move_name]
    _check_side(by, move.side, request)
    if is_repeat(request, move_name, move):
        return request, False
    if request.status not in move.sources:
        raise MoveNotAllowed(_("Förfrågan är %(status)s; det steget går inte nu.")
                             % {"status": request.get_status_display().lower()})
    before = request.status
    request.status = move.target
    if move_name in {"ask", "accept", "decline"} and request.answered_at is None:
        request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at", "updated"])
    _step(request=request, action=move_name, by=by, from_status=before, to_status=move.target, note=note)
    return request, True


def _noted_move(*, request: DataRequest, by: Any, move_name: str, field: str, text: str,
                mail: str) -> DataRequest:
    """A step that needs a written note (a question, an answer, a reason) and tells the other side by mail."""
    errors: list[FieldError] = []
    text = _text(errors, field, text, required=True)
    if errors:
        raise RequestInvalid(field_errors=errors)
    request, changed = _request_move(request=_locked_request(request), by=by, move_name=move_name, note=text)
    if changed:
        queue_mail(kind=mail, request_id=request.pk)
    return request


@transaction.atomic
def data_request_ask(*, request: DataRequest, by: Any, question: str) -> DataRequest:
    return _noted_move(request=request, by=by, move_name="ask", field="question", text=question, mail="request_question")


@transaction.atomic
def data_request_reply(*, request: DataRequest, by: Any, answer: str) -> DataRequest:
    return _noted_move(request=request, by=by, move_name="reply", field="answer", text=answer, mail="request_reply")


@transaction.atomic
def data_request_decline(*, request: DataRequest, by: Any, reason: str) -> DataRequest:
    return _noted_move(request=request, by=by, move_name="decline", field="reason", text=reason, mail="request_declined")


@transaction.atomic
def data_request_withdraw(*, request: DataRequest, by: Any, reason: str = "") -> DataRequest:
    errors: list[FieldError] = []
    reason = _text(errors, "reason", reason)
    if errors:
        raise RequestInvalid(field_errors=errors)
    request, changed = _request_move(request=_locked_request(request), by=by, move_name="withdraw", note=reason)
    if changed:
        queue_mail(kind="request_withdrawn", request_id=request.pk)
    return request


@transaction.atomic
def data_request_accept(*, request: DataRequest, by: Any, licence: str, delivery_route: str, legal_basis: str = "",
                        dpia_needed: bool = False, conditions: str = "") -> Agreement:
    """Accept with conditions: the request becomes an agreement ("agreed"). Personal data needs a legal basis."""
    locked = _locked_request(request)
    _check_side(by, "owner", locked)
    if locked.status == RequestStatus.ACCEPTED and is_repeat(locked, "agree", REQUEST_MOVES["accept"]):
        return locked.agreement  # a repeated submit: the agreement it made
    errors: list[FieldError] = []
    licence = _text(errors, "licence", licence, required=True, limit=200)
    legal_basis = _text(errors, "legal_basis", legal_basis, required=locked.personal_data, limit=300)
    conditions = _text(errors, "conditions", conditions)
    if delivery_route not in DeliveryRoute.values:
        errors.append(FieldError("delivery_route", _("Välj leveranssätt."), "invalid_choice"))
    if errors:
        raise RequestInvalid(field_errors=errors)
    locked, _changed = _request_move(request=locked, by=by, move_name="accept", note=conditions)
    agreement = Agreement.objects.create(
        request=locked, producer=locked.dataset.project.owner, consumer=locked.consumer_organisation,
        licence=licence, delivery_route=delivery_route, legal_basis=legal_basis, dpia_needed=dpia_needed,
        conditions=conditions)
    summary = "; ".join(filter(None, [licence, str(DeliveryRoute(delivery_route).label), legal_basis,
                                      _("DPIA behövs") if dpia_needed else "", conditions]))
    _step(request=locked, agreement=agreement, action="agree", by=by, to_status=AgreementStatus.AGREED, note=summary)
    queue_mail(kind="request_accepted", request_id=locked.pk)
    return agreement


# --- steps on an agreement ------------------------------------------------------------------------


@transaction.atomic
def agreement_move(*, agreement: Agreement, by: Any, move_name: str, note: str = "") -> Agreement:
    """Take a step on an agreement: "deliver" (owner), "in_use" (requester), "end" (either side)."""
    if move_name not in AGREEMENT_MOVES:
        raise MoveNotAllowed()
    move = AGREEMENT_MOVES[move_name]
    locked = Agreement.objects.select_for_update(of=("self",)).select_related(
        "request__dataset__project", "request__project").get(pk=agreement.pk)
    _check_side(by, move.side, locked.request)
    errors: list[FieldError] = []
    note = _text(errors, "note", note)
    if errors:
        raise RequestInvalid(field_errors=errors)
    if is_repeat(locked, move_name, move):
        return locked
    if locked.status not in move.sources:
        raise MoveNotAllowed(_("Överenskommelsen är %(status)s; det steget går inte nu.")
                             % {"status": locked.get_status_display().lower()})
    before = locked.status
    locked.status = move.target
    locked.save(update_fields=["status", "updated"])
    _step(request=locked.request, agreement=locked, action=move_name, by=by, from_status=before,
          to_status=move.target, note=note)
    queue_mail(kind=f"agreement_{move_name}", request_id=locked.request_id,
               to_side="requester" if move.side == "owner" else "owner" if move.side == "requester" else "other",
               actor_id=getattr(by, "pk", None))
    return locked


# --- "Kontakta ägaren" ----------------------------------------------------------------------------


def contact_owner(*, by: Any, dataset: Dataset, message: str, idempotency_key: str = "") -> tuple[ContactIntroduction, bool]:
    """A logged e-mail introduction to the dataset's owners; a repeated submit sends nothing twice."""
    if not permissions.can_view_dataset(by, dataset) or not permissions.can_contact_owner(by, dataset):
        raise NotAParty(_("Du kan inte kontakta ägaren av den här datamängden."))
    person = permissions.person_of(by)
    assert person is not None
    key = (idempotency_key or "").strip()[:64] or new_idempotency_key()
    existing = ContactIntroduction.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing, False
    errors: list[FieldError] = []
    message = _text(errors, "message", message, required=True)
    if errors:
        raise RequestInvalid(field_errors=errors)
    owners = list(Person.objects.filter(projects=dataset.project_id, is_anonymised=False).exclude(email=""))
    try:
        with transaction.atomic():
            intro = ContactIntroduction.objects.create(dataset=dataset, sender=person, message=message,
                                                       recipients=len(owners), idempotency_key=key)
    except IntegrityError:
        return ContactIntroduction.objects.get(idempotency_key=key), False
    queue_introduction(intro.pk)
    return intro, True


# --- the person's data (GDPR) ---------------------------------------------------------------------


def anonymise_person(person: Person) -> None:
    """Erasure: the steps keep their place in the history without the person's name."""
    user_id = person.user_id
    if user_id is not None:
        Step.objects.filter(actor_id=user_id).update(actor_name=_("(raderad person)"), actor=None)
    ContactIntroduction.objects.filter(sender=person).delete()
