"""Site-wide request and response rules that no single app owns.

``RejectNulMiddleware``: a NUL character has no business in any query string
or form field here, and PostgreSQL refuses it in text ("A string literal
cannot contain NUL"), which turned ``?language=%00`` on an admin list into a
500. Such a request is answered 400 before any view or filter sees it, and is
logged on ``django.security`` like Django's other suspicious requests.

``PermissionsPolicyMiddleware``: no page here needs the camera, microphone,
location or payment APIs, so no page (nor anything injected into one) may
ask the reader for them.

``ReaderPageCompressionMiddleware``: reader pages go out gzipped (a story page
shrinks to about a third, which a reader on a slow mobile network sees first:
Lighthouse counted 150 ms of first paint). Not the admin's pages: they carry a
CSRF token next to text the request controls, which compression would let an
eavesdropper guess byte by byte (BREACH). Reader pages carry no token and no
secret; static files come compressed from WhiteNoise already.
"""

from django.core.exceptions import SuspiciousOperation
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class NulCharacterInRequest(SuspiciousOperation):
    """A query string or form field carries a NUL character."""


def _has_nul(querydict):
    return any(NUL in key or any(NUL in value for value in values) for key, values in querydict.lists())


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (self._is_form(request) and _has_nul(request.POST)):
            raise NulCharacterInRequest("NUL character in the query string or form data")
        return self.get_response(request)

    @staticmethod
    def _is_form(request):
        return request.method == "POST" and request.content_type in FORM_TYPES


#: Browser features the site never uses, switched off for every page and every frame in it.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class ReaderPageCompressionMiddleware(GZipMiddleware):
    """Django's gzip for every response but the admin's (see the module's docstring)."""

    def process_response(self, request, response):
        if request.path.startswith(self.admin_prefix()):
            return response
        return super().process_response(request, response)

    def admin_prefix(self):
        # Reversed once per process, not per response: it was a tenth of a cached page's cost.
        if getattr(self, "_admin_prefix", None) is None:
            self._admin_prefix = reverse("admin:index")
        return self._admin_prefix
