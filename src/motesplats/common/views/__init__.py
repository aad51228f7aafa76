"""The view toolkit every app uses: permission gates, the htmx fragment-or-page helper, old-path redirects.

The one form-field partial is the template `common/_field.html` (with `common/_form_errors.html` above a form).
"""

from .gates import SignInRequired, gate, require
from .headers import camera_allowed, personal
from .htmx import is_htmx, partial_or_page, redirect_page
from .language import set_language
from .legacy import is_legacy_redirect, legacy_redirects

__all__ = ["SignInRequired", "camera_allowed", "gate", "personal", "is_htmx", "is_legacy_redirect", "legacy_redirects", "partial_or_page", "redirect_page", "require", "set_language"]
