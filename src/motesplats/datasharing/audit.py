"""The hook point for decisions on data requests and agreements: an audit log registers a recorder here.

Every decision is also kept in this app's own history (`Step`); a recorder sees each one as it is made, inside
the decision's transaction:

    from motesplats.datasharing.audit import DecisionRecorder, decision_recorders
    decision_recorders.register(DecisionRecorder("audit", record))   # record(decision: Decision) -> None
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from motesplats.common.extensions import ExtensionPoint


@dataclass(frozen=True)
class Decision:
    action: str  # "request.accept", "agreement.end", ...
    actor: Any  # the user
    target: Any  # the DataRequest or Agreement
    from_status: str
    to_status: str
    note: str = ""


@dataclass(frozen=True)
class DecisionRecorder:
    key: str
    record: Callable[[Decision], None]


decision_recorders: ExtensionPoint[DecisionRecorder] = ExtensionPoint("data-sharing decisions")


def record_decision(decision: Decision) -> None:
    for recorder in decision_recorders:
        recorder.record(decision)
