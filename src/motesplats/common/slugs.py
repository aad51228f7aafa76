"""Slugs: the readable, unique last part of an address (`/events/series/<slug>/`), for every model that has one.

A slug never equals a word the URLs themselves use at a slug's place (`new`, `organiser`, ...): a series
named "New" gets `new-2`, not `new`, which `/events/series/new/` would always catch first. The old Swedish
paths, still redirected, count too. `tests/test_urls.py` checks the list against the URL patterns.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.text import slugify

RESERVED_SLUGS = frozenset({
    "new", "import", "export", "edit", "delete",  # projects/, organisations/, series/
    "organiser", "my-day", "series",  # events/
    "feed", "reports", "comments",  # news/
    "arrangor", "min-dag", "nytt", "serie", "ny",  # the old Swedish paths of events/
})

_SWEDISH = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O", "é": "e", "É": "E"})


def slug_base(text: str, *, max_length: int = 200, fallback: str = "x") -> str:
    """'Översvämning på Ängen' -> 'oversvamning-pa-angen'; `fallback` when nothing is left of the text."""
    base = slugify(text.translate(_SWEDISH))[:max_length].strip("-")
    return base or fallback


def is_reserved(slug: str) -> bool:
    return slug in RESERVED_SLUGS


def unique_slug(model: type[models.Model], text: str, *, exclude_pk: Any = None, field: str = "slug",
                fallback: str = "x") -> str:
    """A slug for `text` that no other row of `model` has and no URL uses: 'ny', 'ny-2', 'ny-3', ...

    One query: the slugs already taken that start with the base.
    """
    return unique_slugs(model, [text], exclude_pk=exclude_pk, field=field, fallback=fallback)[0]


_BASES_PER_QUERY = 200


def unique_slugs(model: type[models.Model], texts: Sequence[str], *, exclude_pk: Any = None, field: str = "slug",
                 fallback: str = "x") -> list[str]:
    """`unique_slug` for many new rows at once: different from each other too, one query per 200 texts."""
    max_length = model._meta.get_field(field).max_length or 50
    bases = [slug_base(text, max_length=max_length - 6, fallback=fallback) for text in texts]
    distinct = list(dict.fromkeys(bases))
    taken: set[str] = set()
    for start in range(0, len(distinct), _BASES_PER_QUERY):
        condition = Q()
        for base in distinct[start:start + _BASES_PER_QUERY]:
            condition |= Q(**{f"{field}__startswith": base})
        query = model._default_manager.filter(condition)
        if exclude_pk is not None:
            query = query.exclude(pk=exclude_pk)
        taken |= set(query.values_list(field, flat=True))
    slugs = []
    for base in bases:
        slug = first_free(base, taken)
        taken.add(slug)
        slugs.append(slug)
    return slugs


def first_free(base: str, taken: Collection[str]) -> str:
    """`base`, or `base-2`, `base-3`, ...: the first that is neither in `taken` nor reserved.

    >>> first_free("new", {"new-2"})
    'new-3'
    """
    if base not in taken and base not in RESERVED_SLUGS:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
