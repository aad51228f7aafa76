from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from motesplats.registry.models import Openness, ProjectStatus

register = template.Library()


@register.simple_tag
def optional_url(name: str, *args: Any) -> str:
    """The URL, or "" when another app does not (yet) provide it: its section is then left out."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


_STATUS_CLASS = {ProjectStatus.IDE: "status-idea", ProjectStatus.PLANERAD: "status-planned",
                 ProjectStatus.PAGAENDE: "status-ongoing", ProjectStatus.AVSLUTAD: "status-done"}
_OPENNESS_CLASS = {Openness.OPPEN: "open-open", Openness.DELBAR: "open-shared", Openness.INTERN: "open-internal",
                   Openness.PERSONUPPGIFTER: "open-personal"}


@register.filter
def status_class(status: str) -> str:
    return _STATUS_CLASS.get(status, "")


@register.filter
def openness_class(openness: str) -> str:
    return _OPENNESS_CLASS.get(openness, "")


@register.filter
def percent_of(value: int, total: int) -> int:
    return round(100 * value / total) if total else 0


@register.filter
def width_class(percent: int) -> str:
    """A bar's width as a class of site.css (w-0 ... w-100 in steps of 5): the Content-Security-Policy allows
    no inline style attributes.

    >>> width_class(42), width_class(0), width_class(100)
    ('w-40', 'w-0', 'w-100')
    """
    step = 5 * round(max(0, min(100, int(percent))) / 5)
    return f"w-{step}"
