"""The REST API under /api/, documented at /api/openapi.json (interactive docs at /api/docs).

Each app that has an API defines `router` in its own `api.py`; this module mounts them. Every operation needs
a signed-in session (writes with the CSRF token) or a personal API token (`Authorization: Bearer ...`, made on
"Mitt konto") unless it says `auth=read_auth`: then anonymous callers may read what is public. See
`motesplats.common.api_auth`. Errors are RFC 7807 problems (`motesplats.common.api_problems`), documented
under /api/problems.
"""

import importlib

from ninja import Swagger

from motesplats.common import api_problems
from motesplats.common.api import MotesplatsAPI
from motesplats.common.api_auth import api_auth

api = MotesplatsAPI(
    title="Mötesplats API",
    version="1",
    description=(
        "Registry, discovery, seminar series and networking of the smart-city programme.\n\n"
        "**Authentication.** A personal API token (`Authorization: Bearer mp_...`, made under *Mitt konto → "
        "API-nycklar*) acts with its owner's rights; a signed-in browser session works too (writes then need the "
        "CSRF token in `X-CSRFToken`). Operations whose security list includes `{}` may also be called "
        "anonymously: they answer with what is public. An unknown or revoked token is refused (401), never "
        "ignored.\n\n"
        "**Errors** are RFC 7807 problem documents (`application/problem+json`) with `type`, `title`, `status`, "
        "`detail` and a stable `code`; invalid input adds `errors` (field, code, message). Messages follow the "
        "language of `?lang=`, the language cookie, `Accept-Language` or the token owner's account (sv, en). "
        "`GET /api/problems` lists every code. 409 means the current state does not allow the action; 422 means "
        "the input is invalid; 503 asks to try again after `Retry-After` seconds."
    ),
    urls_namespace="api",
    docs_url="/docs",
    docs=Swagger(settings={"deepLinking": False}),  # deep links put a link inside each operation's button
    openapi_url="/openapi.json",
    auth=api_auth,
)

api.add_router("/", api_problems.router)

for app in ("registry", "discovery", "events", "networking", "datasharing"):
    try:
        module = importlib.import_module(f"motesplats.{app}.api")
    except ModuleNotFoundError as error:
        if error.name != f"motesplats.{app}.api":
            raise
        continue
    api.add_router(f"/{getattr(module, 'PREFIX', app)}/", module.router)
