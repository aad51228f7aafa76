"""The test provider's claims: e-mail (verified unless the account is in the group "email-unverified"), name,
an organisation (a group named "organisation:NAME") and the other groups."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from oidc_provider.lib.claims import ScopeClaims

ORGANISATION_PREFIX = "organisation:"
UNVERIFIED = "email-unverified"


def _group_names(user: Any) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    names = _group_names(user)
    claims["name"] = f"{user.first_name} {user.last_name}".strip()
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = user.email
    claims["email_verified"] = UNVERIFIED not in names
    return claims


class CityScopeClaims(ScopeClaims):
    info_organisation = (_("Organisation"), _("The organisation you work for."))
    info_groups = (_("Groups"), _("The groups you belong to."))

    def scope_organisation(self) -> dict[str, Any]:
        organisations = [name.removeprefix(ORGANISATION_PREFIX) for name in _group_names(self.user)
                         if name.startswith(ORGANISATION_PREFIX)]
        return {"organisation": organisations[0] if organisations else None}

    def scope_groups(self) -> dict[str, Any]:
        return {"groups": [name for name in _group_names(self.user)
                           if not name.startswith(ORGANISATION_PREFIX) and name != UNVERIFIED]}
