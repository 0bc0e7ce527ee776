"""The reader's colour scheme: the system's (the default), or light or dark as chosen with the header's switch.

The choice is a cookie the server reads, so it holds without JavaScript and
the first paint is already right (no flash of the other scheme): the page's
``<html data-theme>`` carries it and ``site.css`` follows. Without a choice the
CSS follows ``prefers-color-scheme``. ``theme.js`` only saves the reload.
Pages differ by the cookie, so the page cache keeps one entry per scheme
(``newsroom.views.CachedPageMixin``).
"""

from django.http import HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from newsroom.banners.views import _is_cross_site

COOKIE_NAME = "newsroom_theme"
#: The schemes a reader may pick; "auto" (no cookie) follows the system.
CHOICES = ("light", "dark")
COOKIE_DAYS = 365


def chosen(request):
    """The scheme this reader picked, or None to follow the system."""
    value = request.COOKIES.get(COOKIE_NAME)
    return value if value in CHOICES else None


def _return_address(request):
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return next_url
    return reverse("articles:home")


# CSRF-exempt like the banner's close button (reader pages carry no token); a forged
# post could only change a colour, and cross-site posts are refused all the same.
@csrf_exempt
@require_POST
def set_theme(request):
    """Remember the scheme picked ("light", "dark"; anything else: follow the system), then go back."""
    if _is_cross_site(request):
        return HttpResponseForbidden()
    if request.headers.get("X-Requested-With") == "fetch":
        response = HttpResponse(status=204)
    else:
        response = HttpResponseRedirect(_return_address(request))
    theme = request.POST.get("theme")
    if theme in CHOICES:
        response.set_cookie(
            COOKIE_NAME, theme, max_age=COOKIE_DAYS * 86400, path="/", samesite="Lax", httponly=True,
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(COOKIE_NAME, path="/", samesite="Lax")
    return response
