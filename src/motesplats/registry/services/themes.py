"""Themes: one row per name, whatever its case ("IoT" and "iot" are one theme)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from motesplats.common.slugs import slug_base, unique_slugs
from motesplats.registry.models import Theme

from .tags import parse_tags

_NAMES_PER_QUERY = 200


@transaction.atomic
def themes_get_or_create(*, names: Iterable[str]) -> list[Theme]:
    """The themes with these names (matched case-insensitively), the missing ones created; in the order given,
    each once. One query per 200 names, and one insert for all the new ones."""
    wanted = parse_tags(list(names))
    found: dict[str, Theme] = {}
    for start in range(0, len(wanted), _NAMES_PER_QUERY):
        chunk = wanted[start:start + _NAMES_PER_QUERY]
        # SQLite folds case for ASCII only: the slug base catches "Översvämning" for "översvämning" there
        condition = Q()
        for name in chunk:
            condition |= Q(name__iexact=name) | Q(slug__startswith=slug_base(name, max_length=94))
        for theme in Theme.objects.filter(condition).order_by("pk"):
            found.setdefault(theme.name.casefold(), theme)
    missing = [name for name in wanted if name.casefold() not in found]
    if missing:
        new = [Theme(name=name, slug=slug) for name, slug in zip(missing, unique_slugs(Theme, missing), strict=True)]
        for theme in Theme.objects.bulk_create(new):
            found[theme.name.casefold()] = theme
    return [found[name.casefold()] for name in wanted]
