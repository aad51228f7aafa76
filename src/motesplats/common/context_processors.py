from django.conf import settings
from django.http import HttpRequest

from motesplats.common import menu
from motesplats.common.permissions import is_organiser


def site(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "site_name": "Mötesplats",
        "is_organiser": bool(user and is_organiser(user)),
        "languages": settings.LANGUAGES,
        "extra_nav_items": menu.items_for(user),
    }
