"""The Content-Security-Policy: a strict one for readers, a compatible one for the admin.

Reader pages load only the site's own scripts, styles, images and fonts, run
no inline script and take no inline style except one: the stylesheet of the
error pages Django renders without context (``standalone_error.html``), which
is allowed by its hash so those pages look like the site even when static
files fail. The admin (Django's own screens, the rich-text editor) sets style
attributes from its scripts, so its policy also allows inline styles; it still
runs no inline or foreign script.

``ContentSecurityPolicyMiddleware`` (django-csp's, choosing the policy by
whether the request resolved to the admin) sends it; ``CONTENT_SECURITY_POLICY``
in the settings is the reader policy.
"""

import base64
import hashlib
from pathlib import Path

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ERROR_PAGE_STYLES = Path(__file__).resolve().parent / "templates" / "includes" / "standalone_error.css"


def style_hash(path):
    """The CSP source (``'sha256-…'``) that allows a ``<style>`` whose text is exactly the file at *path*."""
    digest = hashlib.sha256(Path(path).read_bytes()).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


READER_DIRECTIVES = {
    "default-src": [SELF],
    "style-src": [SELF, style_hash(ERROR_PAGE_STYLES)],
    "img-src": [SELF],
    # The web fonts are the site's own static files (newsroom/fonts.py): no font CDN.
    "font-src": [SELF],
    "form-action": [SELF],
    "object-src": [NONE],
    "base-uri": [NONE],
    "frame-ancestors": [NONE],
}

#: The admin's directives that differ from the reader policy (django-csp's "replace").
#: The hash of the error page's styles is left out: next to a hash, 'unsafe-inline' is ignored.
ADMIN_REPLACEMENTS = {
    # The rich-text editor's import map is inline; it carries the request's nonce (articles/admin_guards.py).
    "script-src": [SELF, NONCE],
    # Django's admin and the editor write style attributes.
    "style-src": [SELF, UNSAFE_INLINE],
    # The editor and select2 draw some images from data: and blob: addresses.
    "img-src": [SELF, "data:", "blob:"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's directives on admin pages."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.app_name == "admin" and parts.replace is None:
            parts.replace = ADMIN_REPLACEMENTS
        return parts
