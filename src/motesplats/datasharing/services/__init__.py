"""Writes of data sharing (requests, agreements, introductions, notices) and the history export."""

from .errors import MoveNotAllowed, NotAParty, RequestInvalid
from .requests import (
    agreement_move,
    anonymise_person,
    contact_owner,
    data_request_accept,
    data_request_ask,
    data_request_create,
    data_request_decline,
    data_request_reply,
    data_request_withdraw,
    new_idempotency_key,
)

__all__ = ["MoveNotAllowed", "NotAParty", "RequestInvalid", "agreement_move", "anonymise_person", "contact_owner",
           "data_request_accept", "data_request_ask", "data_request_create", "data_request_decline",
           "data_request_reply", "data_request_withdraw", "new_idempotency_key"]
