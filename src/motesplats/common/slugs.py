"""Slugs: the readable, unique last part of an address (`/events/series/<slug>/`), for every model that has one.

A slug never equals a word the URLs themselves use at a slug's place (`new`, `organiser`, ...): a series
named "New" gets `new-2`, not `new`, which `/events/series/new/` would always catch first. The old Swedish
paths, still redirected, count too. `tests/test_urls.py` checks the list against the URL patterns.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import models
from django.utils.text import slugify

RESERVED_SLUGS = frozenset({
    "new", "import", "export", "edit", "delete",  # projects/, organisations/, series/
    "organiser", "my-day", "series",  # events/
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
    max_length = model._meta.get_field(field).max_length or 50
    base = slug_base(text, max_length=max_length - 6, fallback=fallback)
    taken_query = model._default_manager.filter(**{f"{field}__startswith": base})
    if exclude_pk is not None:
        taken_query = taken_query.exclude(pk=exclude_pk)
    return first_free(base, set(taken_query.values_list(field, flat=True)))


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
