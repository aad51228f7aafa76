"""The main menu's entries from other apps: each registers its `MenuItem`s in its AppConfig.ready().

    from motesplats.common.menu import MenuItem, menu
    menu.register(MenuItem("events", _("Seminarier"), "events:index", audience="all"))

An entry may be the first page of a role (`home_for=("reader",)`): after signing in without a page to return
to, a person lands on the first registered entry that is home for their role (`home_url_for`).
The header shows the entries for everybody and the signed-in as links, and the programme office's entries
grouped under one disclosure button, so that the menu fits on one line at 1280 px; on a phone the whole menu
folds behind a menu button (`static/js/menu.js`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import translation

from motesplats.common.extensions import ExtensionPoint
from motesplats.common.permissions import is_organiser, is_signed_in

Audience = Literal["all", "signed_in", "organiser"]


@dataclass(frozen=True)
class MenuItem:
    key: str  # also what a page passes as `nav` to mark the entry as the current page
    label: Any  # a lazily translated string
    url_name: str
    audience: Audience = "all"
    home_for: tuple[str, ...] = ()  # roles (accounts.Role values) whose first page this entry is


menu: ExtensionPoint[MenuItem] = ExtensionPoint("menu")


def items_for(user: object) -> list[dict[str, str]]:
    """The registered entries `user` may see, with their URLs (an entry whose URL is not routed is left out)."""
    allowed = {"all"}
    if is_signed_in(user):
        allowed.add("signed_in")
    if is_organiser(user):
        allowed.add("organiser")
    key = (frozenset(allowed), translation.get_language(), get_script_prefix(), get_urlconf(), tuple(map(id, menu)))
    items = _built.get(key)
    if items is None:  # every page shows the menu: build it once per audience, language and URL prefix
        items = _built[key] = _build(allowed)
    return [dict(item) for item in items]


_built: dict[tuple[Any, ...], list[dict[str, str]]] = {}


def _build(allowed: set[str]) -> list[dict[str, str]]:
    items = []
    for item in menu:
        if item.audience not in allowed:
            continue
        try:
            items.append({"key": item.key, "label": str(item.label), "url": reverse(item.url_name),
                          "office": item.audience == "organiser"})
        except NoReverseMatch:
            continue
    return items


def home_url_for(user: object) -> str | None:
    """The URL of the first page of `user`'s role (None: no entry is home for it, or nobody is signed in)."""
    if not is_signed_in(user):
        return None
    role = "organiser" if is_organiser(user) else getattr(user, "role", "")
    for item in menu:
        if role in item.home_for:
            try:
                return reverse(item.url_name)
            except NoReverseMatch:
                continue
    return None
