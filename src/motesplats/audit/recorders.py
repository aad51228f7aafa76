"""What the audit log hears from other apps' hook points (registered in `AuditConfig.ready`).

Data sharing: every *decision* on a data request or its agreement (accept, decline, withdraw, agree, deliver,
in use, end) becomes an entry, written by `datasharing.audit.record_decision` inside the decision's own
transaction: the decision and its entry are saved together or not at all. Creating a request and the
question-and-answer steps are conversation, not decisions, and stay in the request's own history only.
"""

from __future__ import annotations

from typing import Any

from .models import Action
from .services import record

DATA_REQUEST_DECISIONS = frozenset({
    "request.accept", "request.decline", "request.withdraw",
    "agreement.agree", "agreement.deliver", "agreement.in_use", "agreement.end",
})
NOTE_LIMIT = 500


def record_data_request_decision(decision: Any) -> None:
    """`datasharing.audit.DecisionRecorder` for the audit log (a `datasharing.audit.Decision`)."""
    if decision.action not in DATA_REQUEST_DECISIONS:
        return
    target = decision.target
    request_id = getattr(target, "request_id", None) or getattr(target, "pk", None)
    record(actor=decision.actor, action=Action.DATA_REQUEST_DECISION, target=target, data={
        "decision": decision.action, "from": str(decision.from_status or ""), "to": str(decision.to_status or ""),
        "request": request_id, "note": (decision.note or "")[:NOTE_LIMIT]})
