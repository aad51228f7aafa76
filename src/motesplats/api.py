"""The REST API under /api/, documented at /api/openapi.json (interactive docs at /api/docs).

Each app that has an API defines `router` in its own `api.py`; this module mounts them.
Reads follow the same permissions as the pages; writes need a signed-in session (and the CSRF
token, as for any form) or, for scripts, a personal API token (`Authorization: Bearer ...`, made on
"Mitt konto") with its owner's rights: see `motesplats.common.api_auth`.
"""

import importlib

from ninja import NinjaAPI, Swagger

api = NinjaAPI(
    title="Mötesplats API",
    version="1",
    description="Registry, discovery, seminar series and networking of the smart-city programme.",
    urls_namespace="api",
    docs_url="/docs",
    docs=Swagger(settings={"deepLinking": False}),  # deep links put a link inside each operation's button
    openapi_url="/openapi.json",
)

for app in ("registry", "discovery", "events", "networking"):
    try:
        module = importlib.import_module(f"motesplats.{app}.api")
    except ModuleNotFoundError as error:
        if error.name != f"motesplats.{app}.api":
            raise
        continue
    api.add_router(f"/{getattr(module, 'PREFIX', app)}/", module.router)
