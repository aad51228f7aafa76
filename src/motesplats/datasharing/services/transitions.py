"""Every allowed step of a data request and of the agreement it becomes, and the one function that takes a step.

    REQUEST_MOVES["accept"]  -> Move(from {open, question} to accepted, taken by the owner side)

A step not in the tables, or taken from another state, is refused with `MoveNotAllowed` (409); a step taken by
the wrong side with `NotAParty` (403). The row is locked (select_for_update) while the step is taken, so two
clicks at once take it once: the second sees the new state. Repeating the step just taken (a double submit)
changes nothing and answers with the same object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from motesplats.datasharing.models import AgreementStatus, RequestStatus

Side = Literal["owner", "requester", "either"]


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    side: Side


def _move(sources: tuple[str, ...], target: str, side: Side) -> Move:
    return Move(frozenset(sources), target, side)


R, A = RequestStatus, AgreementStatus
REQUEST_MOVES: dict[str, Move] = {
    "ask": _move((R.OPEN,), R.QUESTION, "owner"),
    "reply": _move((R.QUESTION,), R.OPEN, "requester"),
    "accept": _move((R.OPEN, R.QUESTION), R.ACCEPTED, "owner"),
    "decline": _move((R.OPEN, R.QUESTION), R.DECLINED, "owner"),
    "withdraw": _move((R.OPEN, R.QUESTION), R.WITHDRAWN, "requester"),
}
AGREEMENT_MOVES: dict[str, Move] = {
    "deliver": _move((A.AGREED,), A.DELIVERING, "owner"),
    "in_use": _move((A.DELIVERING,), A.IN_USE, "requester"),
    "end": _move((A.AGREED, A.DELIVERING, A.IN_USE), A.ENDED, "either"),
}


def side_allows(side: Side, *, owner: bool, requester: bool) -> bool:
    if side == "owner":
        return owner
    if side == "requester":
        return requester
    return owner or requester


def moves_for(table: dict[str, Move], status: str, *, owner: bool, requester: bool) -> list[str]:
    """The steps a user on these sides may take from `status` (for the buttons a page shows)."""
    return [name for name, move in table.items()
            if status in move.sources and side_allows(move.side, owner=owner, requester=requester)]


def is_repeat(obj: Any, move_name: str, move: Move) -> bool:
    """The object is where this step leads and the last step was this one: a repeated submit."""
    if obj.status != move.target:
        return False
    last = obj.steps.order_by("-at", "-pk").first() if hasattr(obj, "steps") else None
    return last is not None and last.action == move_name
