"""Slugs and tags: the small text rules every registry write shares."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.text import slugify

_SWEDISH = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O", "é": "e", "É": "E"})

RESERVED_SLUGS = frozenset({"new", "import", "export", "edit", "delete"})  # words the URLs use themselves
_SLUG_QUERY_CHUNK = 200  # bases per query when looking for taken slugs


def slug_base(text: str, *, max_length: int = 200) -> str:
    """'Översvämning på Ängen' -> 'oversvamning-pa-angen'."""
    base = slugify(text.translate(_SWEDISH)) or "x"
    return base[:max_length].strip("-") or "x"


def unique_slugs(model: type[models.Model], texts: Sequence[str], *, exclude_pk: Any = None,
                 field: str = "slug") -> list[str]:
    """A free slug for each text, different from each other and from the table's (one query per 200 texts).

    The first of a name gets the bare base, the next ones `-2`, `-3`, ... as the table already has them.
    """
    max_length = model._meta.get_field(field).max_length or 50
    bases = [slug_base(text, max_length=max_length - 6) for text in texts]
    distinct = list(dict.fromkeys(bases))
    taken = set(RESERVED_SLUGS)
    manager = model._default_manager
    for start in range(0, len(distinct), _SLUG_QUERY_CHUNK):
        condition = Q()
        for base in distinct[start:start + _SLUG_QUERY_CHUNK]:
            condition |= Q(**{f"{field}__startswith": base})
        query = manager.filter(condition)
        if exclude_pk is not None:
            query = query.exclude(pk=exclude_pk)
        taken |= set(query.values_list(field, flat=True))
    slugs = []
    for base in bases:
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def unique_slug(model: type[models.Model], text: str, *, exclude_pk: Any = None, field: str = "slug") -> str:
    return unique_slugs(model, [text], exclude_pk=exclude_pk, field=field)[0]


def parse_tags(text: str | Iterable[str]) -> list[str]:
    """'luft, IoT,  luft ' -> ['luft', 'IoT']: trimmed, without repeats (case-insensitively), order kept."""
    parts = text.split(",") if isinstance(text, str) else list(text)
    seen: set[str] = set()
    tags: list[str] = []
    for part in parts:
        tag = " ".join(str(part).split())[:80]
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags
