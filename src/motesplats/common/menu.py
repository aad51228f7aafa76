"""The main menu's entries from other apps: each registers its `MenuItem`s in its AppConfig.ready().

    from motesplats.common.menu import MenuItem, menu
    menu.register(MenuItem("events", _("Seminarier"), "events:index", audience="all"))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.urls import NoReverseMatch, reverse

from motesplats.common.extensions import ExtensionPoint
from motesplats.common.permissions import is_organiser, is_signed_in

Audience = Literal["all", "signed_in", "organiser"]


@dataclass(frozen=True)
class MenuItem:
    key: str  # also what a page passes as `nav` to mark the entry as the current page
    label: Any  # a lazily translated string
    url_name: str
    audience: Audience = "all"


menu: ExtensionPoint[MenuItem] = ExtensionPoint("menu")


def items_for(user: object) -> list[dict[str, str]]:
    """The registered entries `user` may see, with their URLs (an entry whose URL is not routed is left out)."""
    allowed = {"all"}
    if is_signed_in(user):
        allowed.add("signed_in")
    if is_organiser(user):
        allowed.add("organiser")
    items = []
    for item in menu:
        if item.audience not in allowed:
            continue
        try:
            items.append({"key": item.key, "label": str(item.label), "url": reverse(item.url_name)})
        except NoReverseMatch:
            continue
    return items
