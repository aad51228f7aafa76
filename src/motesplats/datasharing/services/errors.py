"""The data-sharing errors: members of the application's error family (RFC 7807 problems on the API)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motesplats.common.errors import Conflict, InvalidInput, NotAllowed


class MoveNotAllowed(Conflict):
    """The request or agreement is not in a state where this step can be taken."""

    code = "data_move_not_allowed"
    title = _("Steget går inte i förfrågans nuvarande läge.")


class NotAParty(NotAllowed):
    code = "not_a_party"
    title = _("Bara den sida som steget gäller kan ta det.")


class RequestInvalid(InvalidInput):
    code = "data_request_invalid"
