"""The text a check-in QR code carries: the registration's token, signed so that forged or altered codes fail."""

from __future__ import annotations

from django.core import signing

SALT = "motesplats.events.check-in"


def sign_token(token: str) -> str:
    return signing.Signer(salt=SALT).sign(token)


def unsign_code(code: str) -> str | None:
    """The token inside a signed code, or None when the code is forged, altered or not ours."""
    try:
        return signing.Signer(salt=SALT).unsign(code.strip())
    except signing.BadSignature:
        return None
