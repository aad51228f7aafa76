"""A person's e-mail address changes only when the new address confirms it.

Imports and walk-ins find people by their address (`people_resolve`), so an address one could set at will
would let a member take someone else's seat. `person_update` therefore never writes a new address itself: it
calls `person_email_change_request`, which checks that no other person has the address and, after the
commit, has a link mailed to it (`email_change_requested`; `registry.tasks` sends the mail in the
background). `person_email_change_confirm` applies the change when the link is opened, once.
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.dispatch import Signal
from django.utils.translation import gettext as _

from motesplats.common.locks import for_update
from motesplats.registry.models import Person

SALT = "motesplats.registry.person-email"
MAX_AGE = 3 * 24 * 3600  # seconds a confirmation link stays valid

email_change_requested = Signal()  # person_id, email, token: sent after the commit


def address_taken(address: str, *, other_than: Person | None = None) -> bool:
    """Whether another person has this address (case-insensitively)."""
    people = (Person.objects.filter(is_anonymised=False).annotate(email_lower=Lower("email"))
              .filter(email_lower=address.strip().lower()))
    if other_than is not None and other_than.pk:
        people = people.exclude(pk=other_than.pk)
    return people.exists()


def _taken_error() -> ValidationError:
    return ValidationError({"email": _("Det finns redan en person med den e-postadressen.")})


def person_email_change_request(*, person: Person, email: str, by: Any = None) -> str:
    """Ask the new address to confirm the change; the person keeps the old address until then.

    Returns the signed token of the link ("" when the address is the current one). ValidationError when the
    address is malformed or belongs to another person.
    """
    address = email.strip().lower()
    if address == (person.email or "").lower():
        return ""
    try:
        validate_email(address)
    except ValidationError as error:
        raise ValidationError({"email": error.messages}) from error
    if address_taken(address, other_than=person):
        raise _taken_error()
    token = signing.dumps({"p": person.pk, "from": (person.email or "").lower(), "to": address}, salt=SALT)
    transaction.on_commit(lambda: email_change_requested.send(sender=Person, person_id=person.pk, email=address,
                                                              token=token))
    return token


def email_change_of(token: str) -> dict[str, Any]:
    """What a confirmation link asks for: {"p": person id, "from": old address, "to": new address}."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise ValidationError(_("Länken har gått ut. Ändra adressen igen för att få en ny länk.")) from error
    except signing.BadSignature as error:
        raise ValidationError(_("Länken är ogiltig.")) from error
    if not isinstance(data, dict) or not {"p", "from", "to"} <= set(data):
        raise ValidationError(_("Länken är ogiltig."))
    return data


@transaction.atomic
def person_email_change_confirm(*, token: str) -> Person:
    """Apply the change a confirmation link asks for. ValidationError when the link is invalid, expired or
    already used (the person's address is no longer the one it was made for), or the address was taken."""
    data = email_change_of(token)
    person = for_update(Person.objects.filter(pk=data["p"], is_anonymised=False)).first()
    if person is None or (person.email or "").lower() != data["from"]:
        raise ValidationError(_("Länken har redan använts eller gäller inte längre."))
    if address_taken(data["to"], other_than=person):
        raise _taken_error()
    person.email = data["to"]
    person.full_clean()
    person.save(update_fields=["email", "updated"])
    return person
