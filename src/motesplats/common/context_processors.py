from django.apps import apps
from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from motesplats.common.permissions import is_organiser, is_signed_in


def _nav_items(user: object) -> list[dict[str, str]]:
    """Menu entries that apps declare on their AppConfig as `nav_items`.

    Each entry: (key, label, url name, audience) with audience "all", "signed_in" or "organiser".
    """
    allowed = {"all"}
    if is_signed_in(user):
        allowed.add("signed_in")
    if is_organiser(user):
        allowed.add("organiser")
    items = []
    for config in apps.get_app_configs():
        for key, label, url_name, audience in getattr(config, "nav_items", ()):
            if audience not in allowed:
                continue
            try:
                items.append({"key": key, "label": str(label), "url": reverse(url_name)})
            except NoReverseMatch:
                continue
    return items


def project_choices() -> dict[str, type[models.TextChoices]]:
    """Every TextChoices class of the project by its name (EventStatus, RegistrationStatus, PlanKind, ...)."""
    found: dict[str, type[models.TextChoices]] = {}
    pending = list(models.TextChoices.__subclasses__())
    while pending:
        choices = pending.pop()
        pending.extend(choices.__subclasses__())
        if choices.__module__.startswith("motesplats."):
            found[choices.__name__] = choices
    return found


def choices(request: HttpRequest) -> dict[str, object]:
    """The enums for templates, so that they compare with `EventStatus.PUBLICERAD`, never with 'publicerad'
    (a model property such as `event.is_published` is better still, where there is one)."""
    return dict(project_choices())


def site(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "site_name": "Mötesplats",
        "is_organiser": bool(user and is_organiser(user)),
        "languages": settings.LANGUAGES,
        "extra_nav_items": _nav_items(user),
    }
