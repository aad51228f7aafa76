"""A request id for every request: the proxy's X-Request-ID when it looks like one, else a new one. It is in
every log record of the request (`RequestIdFilter`) and in the response's X-Request-ID header. Each request
ends with one access line (logger `motesplats.request`: method, path, status, milliseconds; no query string,
no user).

The probes (/healthz, /readyz) are answered here, before the host check, sessions and the database: a load
balancer asks by IP address, and liveness must not depend on anything else."""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

log = logging.getLogger("motesplats.request")
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
PROBE_PATHS = {"/healthz", "/readyz"}


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            if request.path in PROBE_PATHS:
                from . import views

                response: HttpResponse = (views.healthz if request.path == "/healthz" else views.readyz)(request)
            else:
                response = self.get_response(request)
            response["X-Request-ID"] = rid
            log.log(logging.DEBUG if request.path in PROBE_PATHS else logging.INFO, "%s %s %s",
                    request.method, request.path, response.status_code,
                    extra={"method": request.method, "path": request.path, "status": response.status_code,
                           "ms": round((time.perf_counter() - started) * 1000, 1)})
            return response
        finally:
            request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (a dash outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True
