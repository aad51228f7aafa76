"""Response headers a view asks for: the camera (Permissions-Policy) and "never store" for personal codes.

    @camera_allowed          # the check-in page scans QR codes with the camera; every other page may not
    @personal                # pages that show a personal check-in code: Cache-Control: private, no-store
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpResponse
from django.utils.cache import patch_cache_control

# Every page: no camera, microphone, location or payment; `camera_allowed` opens the camera for its own origin.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
PERMISSIONS_POLICY_CAMERA = PERMISSIONS_POLICY.replace("camera=()", "camera=(self)")


def camera_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> HttpResponse:
        response = view(*args, **kwargs)
        response.headers["Permissions-Policy"] = PERMISSIONS_POLICY_CAMERA
        return response

    return wrapped


def personal(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The page shows a personal code (the check-in QR): no shared or browser cache keeps it."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> HttpResponse:
        response = view(*args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped
