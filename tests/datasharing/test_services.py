"""The request and agreement state changes: every allowed and every refused step, for every role; repeated
submits make nothing twice; every step is recorded (who, when) and mailed to the other side."""

from __future__ import annotations

from typing import Any

import pytest

from motesplats.datasharing import services
from motesplats.datasharing.models import Agreement, AgreementStatus, DataRequest, RequestStatus, Step
from motesplats.datasharing.services.transitions import AGREEMENT_MOVES, REQUEST_MOVES

pytestmark = pytest.mark.django_db

ROLES = ("member", "owner", "third", "reader", "organiser")
ACCEPT = {"licence": "CC BY 4.0", "delivery_route": "api"}


def _set_request_status(request: DataRequest, status: str) -> DataRequest:
    DataRequest.objects.filter(pk=request.pk).update(status=status)
    request.refresh_from_db()
    return request


def _take(request: DataRequest, step: str, user: Any) -> Any:
    if step == "accept":
        return services.data_request_accept(request=request, by=user, **ACCEPT)
    if step == "ask":
        return services.data_request_ask(request=request, by=user, question="Vilka gator?")
    if step == "reply":
        return services.data_request_reply(request=request, by=user, answer="Innerstaden.")
    if step == "decline":
        return services.data_request_decline(request=request, by=user, reason="Inte nu.")
    return services.data_request_withdraw(request=request, by=user, reason="Behövs inte.")


SIDE_ROLES = {"owner": {"owner"}, "requester": {"member"}, "either": {"owner", "member"}}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("source", [s.value for s in RequestStatus])
@pytest.mark.parametrize("step", list(REQUEST_MOVES))
def test_every_request_step_from_every_state_by_every_role(world, make_request, step, source, role):
    request = _set_request_status(make_request(), source)
    move = REQUEST_MOVES[step]
    allowed_role = role in SIDE_ROLES[move.side]
    allowed_state = source in move.sources
    before = Step.objects.count()
    if not allowed_role:
        with pytest.raises(services.NotAParty):
            _take(request, step, world[role])
    elif not allowed_state:
        with pytest.raises(services.MoveNotAllowed):
            _take(request, step, world[role])
    else:
        _take(request, step, world[role])
    request.refresh_from_db()
    if allowed_role and allowed_state:
        assert request.status == move.target
        step_row = Step.objects.filter(request=request, action=step).get()
        assert step_row.actor == world[role] and step_row.at is not None
        assert Agreement.objects.filter(request=request).exists() == (step == "accept")
    else:
        assert request.status == source
        assert Step.objects.count() == before
        assert not Agreement.objects.filter(request=request).exists()


def _agreement(make_request: Any, world: dict[str, Any]) -> Agreement:
    return services.data_request_accept(request=make_request(), by=world["owner"], **ACCEPT)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("source", [s.value for s in AgreementStatus])
@pytest.mark.parametrize("step", list(AGREEMENT_MOVES))
def test_every_agreement_step_from_every_state_by_every_role(world, make_request, step, source, role):
    agreement = _agreement(make_request, world)
    Agreement.objects.filter(pk=agreement.pk).update(status=source)
    agreement.refresh_from_db()
    move = AGREEMENT_MOVES[step]
    allowed_role = role in SIDE_ROLES[move.side]
    allowed_state = source in move.sources
    before = Step.objects.count()
    if not allowed_role:
        with pytest.raises(services.NotAParty):
            services.agreement_move(agreement=agreement, by=world[role], move_name=step)
    elif not allowed_state:
        with pytest.raises(services.MoveNotAllowed):
            services.agreement_move(agreement=agreement, by=world[role], move_name=step)
    else:
        services.agreement_move(agreement=agreement, by=world[role], move_name=step, note="ok")
    agreement.refresh_from_db()
    if allowed_role and allowed_state:
        assert agreement.status == move.target
        assert Step.objects.filter(agreement=agreement, action=step, actor=world[role]).count() == 1
    else:
        assert agreement.status == source
        assert Step.objects.count() == before


@pytest.mark.parametrize("role", ["owner", "reader", "third"])
def test_who_may_not_ask_for_data(world, role):
    """The owner's own data, a reader (city leadership reads), and nobody without a person in the registry."""
    if role == "third":
        world["third"].person.delete()
        world["third"].refresh_from_db()
    with pytest.raises(services.NotAParty):
        services.data_request_create(by=world[role], dataset=world["dataset"], purpose="x")
    assert DataRequest.objects.count() == 0


def test_a_repeated_submit_makes_one_request(world, make_request, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = make_request(idempotency_key="k1")
        again, created = services.data_request_create(by=world["member"], dataset=world["dataset"],
                                                      purpose="igen", project=world["projects"]["luft"],
                                                      idempotency_key="k1")
        other_key, created_too = services.data_request_create(by=world["member"], dataset=world["dataset"],
                                                              purpose="ny flik", project=world["projects"]["luft"],
                                                              idempotency_key="k2")
    assert again.pk == first.pk == other_key.pk and not created and not created_too
    assert DataRequest.objects.count() == 1 and Step.objects.filter(action="create").count() == 1
    assert len(mailoutbox) == 1  # the owner, once


def test_a_double_accept_makes_one_agreement(world, make_request):
    request = make_request()
    first = services.data_request_accept(request=request, by=world["owner"], **ACCEPT)
    second = services.data_request_accept(request=request, by=world["owner"], **ACCEPT)
    assert first.pk == second.pk
    assert Agreement.objects.count() == 1 and Step.objects.filter(action="accept").count() == 1


def test_a_double_agreement_step_is_taken_once(world, make_request):
    agreement = _agreement(make_request, world)
    services.agreement_move(agreement=agreement, by=world["owner"], move_name="deliver")
    services.agreement_move(agreement=agreement, by=world["owner"], move_name="deliver")
    assert Step.objects.filter(action="deliver").count() == 1


def test_personal_data_needs_a_legal_basis(world, make_request):
    request = make_request(personal_data=True)
    with pytest.raises(services.RequestInvalid) as refused:
        services.data_request_accept(request=request, by=world["owner"], **ACCEPT)
    assert [e.field for e in refused.value.field_errors] == ["legal_basis"]
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN and not Agreement.objects.exists()
    agreement = services.data_request_accept(request=request, by=world["owner"], legal_basis="Allmänt intresse",
                                             dpia_needed=True, **ACCEPT)
    assert agreement.dpia_needed and agreement.legal_basis == "Allmänt intresse"


def test_a_purpose_is_required_and_nothing_is_half_saved(world):
    with pytest.raises(services.RequestInvalid):
        services.data_request_create(by=world["member"], dataset=world["dataset"], purpose="  ")
    assert DataRequest.objects.count() == 0 and Step.objects.count() == 0


def test_accepting_makes_an_agreement_between_the_organisations(world, make_request, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    request = make_request()
    with django_capture_on_commit_callbacks(execute=True):
        agreement = services.data_request_accept(request=request, by=world["owner"], conditions="Ange källan",
                                                 **ACCEPT)
    assert agreement.producer == world["orgs"]["TK"] and agreement.consumer == world["orgs"]["MF"]
    assert agreement.status == AgreementStatus.AGREED
    assert [s.action for s in request.steps.order_by("at", "pk")] == ["create", "accept", "agree"]
    assert [m.to for m in mailoutbox] == [["maja@example.se"]]
    assert "CC BY 4.0" in mailoutbox[0].body


def test_mails_go_in_the_recipients_language(world, make_request, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_request()
    owner_mail = mailoutbox[0]
    assert owner_mail.to == ["tove@example.se"] and owner_mail.extra_headers["Content-Language"] == "en"
    assert owner_mail.subject.startswith("New data request")


def test_a_decision_reaches_the_audit_hook(world, make_request):
    from motesplats.datasharing.audit import DecisionRecorder, decision_recorders

    seen = []
    decision_recorders.register(DecisionRecorder("test", seen.append))
    try:
        request = make_request()
        services.data_request_decline(request=request, by=world["owner"], reason="Inte nu")
    finally:
        decision_recorders.unregister("test")
    assert [(d.action, d.from_status, d.to_status) for d in seen] == [
        ("request.create", "", "open"), ("request.decline", "open", "declined")]


def test_decisions_are_in_the_audit_log_in_the_decisions_transaction(world, make_request):
    """Accept, agree, deliver, end and decline each write one audit entry (who, what, from, to); the
    conversation (create, ask, reply) does not; a decision that fails leaves neither its step nor its entry."""
    from unittest import mock

    from motesplats.audit.models import Action, AuditEntry

    request = make_request()
    services.data_request_ask(request=request, by=world["owner"], question="Vilka gator?")
    services.data_request_reply(request=request, by=world["member"], answer="Innerstaden.")
    assert not AuditEntry.objects.exists()
    agreement = services.data_request_accept(request=request, by=world["owner"], **ACCEPT)
    services.agreement_move(agreement=agreement, by=world["owner"], move_name="deliver")
    services.agreement_move(agreement=agreement, by=world["member"], move_name="end", note="Klart")
    other = make_request(dataset=world["projects"]["luft"].datasets.first(), project=None, by=world["owner"])
    services.data_request_decline(request=other, by=world["member"], reason="Inte nu")
    entries = list(AuditEntry.objects.order_by("id"))
    assert {e.action for e in entries} == {Action.DATA_REQUEST_DECISION}
    assert [(e.data["decision"], e.data["from"], e.data["to"], e.actor) for e in entries] == [
        ("request.accept", "open", "accepted", world["owner"]),
        ("agreement.agree", "", "agreed", world["owner"]),
        ("agreement.deliver", "agreed", "delivering", world["owner"]),
        ("agreement.end", "delivering", "ended", world["member"]),
        ("request.decline", "open", "declined", world["member"]),
    ]
    assert entries[0].target_type == "datasharing.datarequest" and entries[0].target_id == str(request.pk)
    assert entries[1].target_type == "datasharing.agreement" and entries[1].data["request"] == request.pk
    assert entries[4].data["note"] == "Inte nu"

    third = make_request(dataset=world["projects"]["luft"].datasets.first(), project=None, by=world["third"])
    with mock.patch("motesplats.datasharing.services.requests.queue_mail", side_effect=RuntimeError("no broker")):
        with pytest.raises(RuntimeError):
            services.data_request_decline(request=third, by=world["member"], reason="Nej")
    third.refresh_from_db()
    assert third.status == RequestStatus.OPEN and not third.steps.filter(action="decline").exists()
    assert AuditEntry.objects.count() == 5  # the failed decision rolled back with its entry


def test_contact_owner_is_logged_and_sent_once(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        intro, created = services.contact_owner(by=world["member"], dataset=world["dataset"], message="Hej!",
                                                idempotency_key="c1")
        again, created_again = services.contact_owner(by=world["member"], dataset=world["dataset"],
                                                      message="Hej!", idempotency_key="c1")
    assert created and not created_again and intro.pk == again.pk
    assert len(mailoutbox) == 1 and mailoutbox[0].reply_to == ["maja@example.se"]
