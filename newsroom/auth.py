"""Login throttling for the admin, built on django-axes.

Wrong passwords are counted per client address and per username in the
database (``axes.handlers.database``), so the count is shared by every worker
and survives a cache outage; after ``NEWSROOM_LOGIN_FAILURE_LIMIT`` failures
that address and that username are refused for ``NEWSROOM_LOGIN_COOLOFF_MINUTES``,
even with the right password, and the editor sees ``admin/lockout.html`` in
their language. ``manage.py axes_reset_username NAME`` / ``axes_reset_ip ADDRESS``
unlock early (README, "Login throttling").
"""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _


class LoginThrottleBackend(AxesStandaloneBackend):
    """axes's check, applied to logins that come with a request.

    ``authenticate()`` without a request comes from code (the shell, a test
    client's ``login()``), never from a client on the network, so there is no
    one to throttle; axes itself would raise instead.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """The address a login attempt is counted against.

    Behind a reverse proxy every request comes from the proxy, so one guessing
    client would lock out the whole newsroom: ``DJANGO_CLIENT_IP_HEADER`` names
    the header the proxy sets (and overwrites) with the client's address.
    """
    header = getattr(settings, "NEWSROOM_CLIENT_IP_HEADER", "")
    if header:
        forwarded = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        if forwarded.strip():
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out editor gets (429), in the admin's look and the editor's language."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "username": get_client_username(request, credentials) or "",
        "minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else None,
    }
    # Rendered now: axes builds this response in its middleware, after views' responses are rendered.
    return render(request, "admin/lockout.html", context, status=429)
