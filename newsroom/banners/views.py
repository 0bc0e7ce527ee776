"""The banner on reader pages: the mixin reader views use, and the click-through and close endpoints.

``SupportAppealMixin`` chooses a page's appeal in the view (templates only
render it) and marks the response as varying with the dismissal cookie.

Neither is a page view, so both may write: each adds one to a counter with an
``F()`` update (not for a browser's prefetch of the link or another site's
``<img>`` pointing at it, not twice for one reader within
``NEWSROOM_BANNER_CLICK_WINDOW_SECONDS``, nor for closing a banner that is no
longer live). Neither ever sends a reader anywhere but to the
banner's own configured address (click-through) or back to a page of this site
(dismissal).
"""

from urllib.parse import urlsplit

from django.http import Http404, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from articles.models import Article

from . import conf, dismissals, services
from .models import Banner


class SupportAppealMixin:
    """For reader views: the page's appeal, chosen and counted here, as ``page_appeal`` in the context.

    An article page (a view whose ``object`` is an ``Article``) may show an
    appeal in any placement; other pages the site-wide one only.
    """

    def get_appeal_article(self):
        candidate = getattr(self, "object", None)
        return candidate if isinstance(candidate, Article) else None

    def get_context_data(self, **kwargs):
        appeal = services.appeal_for_page(
            language=translation.get_language(),
            article=self.get_appeal_article(),
            dismissal_cookie=self.request.COOKIES.get(dismissals.COOKIE_NAME),
        )
        return super().get_context_data(page_appeal=appeal, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        dismissals.vary_with_dismissals(response, self.request)
        return response


@require_safe
def go(request, pk):
    """Count the click and redirect to the banner's https address for this edition; anything else is a 404.

    Query parameters are ignored on purpose: no ``next`` or ``url`` can turn
    this into an open redirect.
    """
    language = translation.get_language()
    banner = get_object_or_404(Banner.objects.live(), pk=pk)
    url = (getattr(banner, f"cta_url_{language}", "") or "").strip()
    # https only, as the model and the database require: a row written around them still sends nobody elsewhere.
    if language not in banner.target_languages or urlsplit(url).scheme != "https":
        raise Http404("This banner does not run in this edition.")
    if request.method == "GET" and _is_navigation(request) and not _is_prefetch(request):
        services.record_click(banner_id=banner.pk, reader=_reader_key(request))
    response = HttpResponseRedirect(url)
    add_never_cache_headers(response)  # a cached redirect would hide clicks from the count
    return response


def _is_prefetch(request):
    """A request the browser made ahead of a click that may never come (``<link rel=prefetch>``, prerendering)."""
    headers = request.headers
    purpose = headers.get("Sec-Purpose") or headers.get("Purpose") or headers.get("X-Moz") or ""
    return "prefetch" in purpose.lower()


def _is_navigation(request):
    """A reader following the link in their browser's window, as far as the browser says.

    An ``<img>``, a script's ``fetch()`` or a frame on another site is a request
    too, but no reader chose to go anywhere: browsers say what a request is
    for in ``Sec-Fetch-Mode`` / ``Sec-Fetch-Dest``. Old browsers send neither,
    and their clicks count.
    """
    mode = request.headers.get("Sec-Fetch-Mode")
    destination = request.headers.get("Sec-Fetch-Dest")
    return mode in (None, "navigate") and destination in (None, "document")


def _reader_key(request):
    """An opaque key for one browser: a keyed hash of its address and User-Agent.

    Keyed with the secret key, so the cache never holds a reader's address in a
    form anyone could reverse by hashing every IPv4 address. Behind a reverse
    proxy every request comes from the proxy, so the address is read from the
    header the proxy sets (``NEWSROOM_CLIENT_IP_HEADER``) when one is named.
    """
    header = conf.client_ip_header()
    address = request.headers.get(header, "") if header else request.META.get("REMOTE_ADDR", "")
    reader = f"{address}\n{request.headers.get('User-Agent', '')}"
    return salted_hmac("newsroom.banners.click", reader, algorithm="sha256").hexdigest()


def _is_cross_site(request):
    """A POST sent by another site's page (the browser says so in these headers).

    ``Origin: null`` counts as another site: browsers send it from sandboxed
    frames, ``data:`` pages and after cross-site redirects, never from a page of
    this site.
    """
    origin = request.headers.get("Origin")
    if origin is not None and origin != f"{request.scheme}://{request.get_host()}":
        return True
    return request.headers.get("Sec-Fetch-Site") == "cross-site"


def _return_address(request):
    """The page the reader came from, if it is on this site; otherwise the edition's home."""
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return next_url
    return reverse("articles:home")


# Exempt from the CSRF cookie check so that reader pages carry no CSRF token
# and set no cookie: the dismissal cookie is the only one a reader gets. A forged
# dismissal could do no more than hide an appeal, and cross-site posts are
# still refused by their Origin / Sec-Fetch-Site headers.
@csrf_exempt
@require_POST
def dismiss(request, pk):
    """Hide a live banner for this reader in every edition: set the cookie, then go back (or 204 for JS).

    A reader who closes a banner that ended meanwhile is sent back all the same.
    """
    if _is_cross_site(request):
        return HttpResponseForbidden()
    banner = get_object_or_404(Banner, pk=pk)
    value = services.dismiss(
        banner=banner, cookie_value=request.COOKIES.get(dismissals.COOKIE_NAME), now=timezone.now()
    )
    if request.headers.get("X-Requested-With") == "fetch":
        response = HttpResponse(status=204)
    else:
        response = HttpResponseRedirect(_return_address(request))
    if value is not None:  # None: the banner had just ended or been switched off, there is nothing to hide
        dismissals.set_cookie(response, value, secure=request.is_secure())
    return response
