"""The person's data-sharing records for the GDPR export, and erasure (the history keeps the steps, nameless)."""

from __future__ import annotations

from typing import Any

from motesplats.datasharing.models import ContactIntroduction, DataRequest, MatchNotice, NoticeSettings, Step


def export(user: Any, person: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"data_requests": [], "data_request_steps": [], "owner_introductions": [],
                            "match_notices": []}
    if person is not None:
        data["data_requests"] = [
            {"id": r.pk, "dataset": r.dataset.name, "purpose": r.purpose, "fields": r.fields,
             "frequency": r.frequency, "personal_data": r.personal_data, "status": r.status,
             "created": r.created.isoformat()}
            for r in DataRequest.objects.filter(requester=person).select_related("dataset")]
        data["owner_introductions"] = [
            {"dataset": i.dataset.name, "message": i.message, "at": i.at.isoformat()}
            for i in ContactIntroduction.objects.filter(sender=person).select_related("dataset")]
        data["match_notices"] = [{"need": n.need_id, "dataset": n.dataset_id, "created": n.created.isoformat()}
                                 for n in MatchNotice.objects.filter(person=person)]
        settings = NoticeSettings.objects.filter(person=person).first()
        data["match_mail"] = settings.match_mail if settings else True
    if user is not None:
        data["data_request_steps"] = [
            {"request": s.request_id, "action": s.action, "note": s.note, "at": s.at.isoformat()}
            for s in Step.objects.filter(actor=user)]
    return data


def erase(user: Any, person: Any) -> None:
    from motesplats.datasharing.services import anonymise_person

    if person is not None:
        anonymise_person(person)
        MatchNotice.objects.filter(person=person).delete()
        NoticeSettings.objects.filter(person=person).delete()
    elif user is not None:
        Step.objects.filter(actor=user).update(actor=None, actor_name="")
