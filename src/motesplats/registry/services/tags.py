"""Tags (themes, interests, languages) as people type them: 'luft, IoT,  luft '."""

from __future__ import annotations

from collections.abc import Iterable


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
