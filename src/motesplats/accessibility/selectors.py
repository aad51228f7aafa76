"""Reads of the accessibility statement and the barrier reports."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch

from .models import Shortcoming, Statement


def statement_for(language: str) -> Statement | None:
    """The statement in `language`, else in the site's first language (Swedish)."""
    statements = {s.language: s for s in Statement.objects.prefetch_related(
        Prefetch("shortcomings", queryset=Shortcoming.objects.order_by("kind", "order", "pk")))}
    return statements.get(language) or statements.get(settings.LANGUAGE_CODE) or next(iter(statements.values()), None)


def programme_office_addresses() -> list[str]:
    """Where barrier reports go: the statement's contact address and every active organiser."""
    from motesplats.accounts.models import Role, User

    addresses = list(Statement.objects.exclude(contact_email="").values_list("contact_email", flat=True))
    addresses += list(User.objects.filter(role=Role.ORGANISER, is_active=True).order_by("pk")
                      .values_list("email", flat=True))
    return sorted(set(addresses), key=addresses.index)
