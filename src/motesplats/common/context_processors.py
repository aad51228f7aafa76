from django.conf import settings
from django.db import models
from django.http import HttpRequest

from motesplats.common import menu
from motesplats.common.permissions import is_organiser


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
        "extra_nav_items": menu.items_for(user),
    }
