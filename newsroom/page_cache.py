"""Stored reader pages served at the top of the middleware stack, from the raw request alone.

The page cache (``articles/page_cache.py``) keeps whole reader pages for
anonymous readers. A hit must cost far less than rendering, so it is
answered here, second in ``MIDDLEWARE`` (after ``SecurityMiddleware``, which
redirects plain HTTP and adds HSTS to every response), before sessions,
locale, CSRF, authentication, messages or axes run: everything that decides
the entry comes from the request as it arrived:

* the address: host, path and query string, exactly (a page read with a query
  parameter it does not use is never stored, so such an address never hits);
* the edition, from the path's language prefix;
* the variant: the appeals this reader closed and the colour scheme picked
  (``page_variant``); every other cookie is ignored;
* who asks: GET or HEAD, no session cookie (staff and anyone signed in get
  fresh pages) and no pending messages cookie.

On a miss the request goes down the stack; the view (``CachedPageMixin``)
says whether and how the page may be kept (``response.page_cache``), and it
is stored here on its way back up, with every header the middleware below
added (Content-Security-Policy, Permissions-Policy, X-Frame-Options, ETag,
Content-Language, Vary…): a hit is served with the same headers as the page
it replays. Headers that depend on the request (``Cache-Control``, which is
public only for a reader with no variant cookie) are set again per hit, and a
browser that holds the page (``If-None-Match``/``If-Modified-Since``) gets a
304. A hit still counts the appeal it shows and the read of its article,
handed to a thread without waiting (``jobs.counters.count_soon``), and checks
the page's key versions against copies Redis keeps exact: once this server
holds the page (``articles.page_cache.ServerMemory``), no round trip at all
(``newsroom/cache_nearby.py``).
A page is gzipped once, when stored, and served so to every reader who accepts
it; the compression middleware above leaves an answer already encoded alone.

A page whose Content-Security-Policy carries a per-request nonce is never
stored: replayed, its nonce would be one every reader knows. Reader pages use
no nonce today (``newsroom/csp.py``).
"""

from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from articles import page_cache, reads
from newsroom import theme
from newsroom.banners import dismissals
from newsroom.banners import services as banner_services


def page_variant(request):
    """What, besides the address, decides the page, read from the raw request; ``None`` when the page cache must not answer.

    The edition (from the path), the appeals this reader closed, the colour scheme.
    """
    if not page_cache.for_anonymous_reader(request) or CookieStorage.cookie_name in request.COOKIES:
        return None
    language = translation.get_language_from_path(request.path_info)
    if language is None:
        return None
    closed = dismissals.dismissed_ids(request.COOKIES.get(dismissals.COOKIE_NAME), now=timezone.now())
    return f"{language}|{','.join(map(str, sorted(closed)))}|{theme.chosen(request) or ''}"


def mark(request, response, keys, lifetime):
    """``Cache-Control`` and ``Surrogate-Key`` for *request*: public only for a reader with no variant cookie,
    private for one who closed an appeal (as ``SupportAppealMixin`` marks the rendered page)."""
    dismissals.vary_with_dismissals(response, request)
    shared = dismissals.COOKIE_NAME not in request.COOKIES and theme.COOKIE_NAME not in request.COOKIES
    page_cache.mark_cacheable(response, keys=keys, lifetime=lifetime, shared=shared)
    return response


class PageCacheMiddleware:
    """Serve stored pages before the rest of the stack runs; store the pages views mark on their way back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        variant = page_variant(request)
        if variant is None:
            return self.get_response(request)
        hit = page_cache.lookup(request, variant, counts=lambda entry: self.counts(request, entry))
        if hit is not None:
            return self.serve(request, hit)
        request.page_cache_variant = variant  # the view marks only pages asked for this way
        response = self.get_response(request)
        plan = getattr(response, "page_cache", None)
        if plan is not None and self.storable(response):
            page_cache.store(request, variant, response, **plan)
        return response

    @staticmethod
    def storable(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "'nonce-" not in response.get("Content-Security-Policy", "")
        )

    @staticmethod
    def counts(request, entry):
        """What serving *entry* counts again: the appeal it shows, the read of its article."""
        counts = []
        if entry["appeal"] is not None:
            counts.append(banner_services.impression_counts(banner_id=entry["appeal"]))
        if entry.get("read") is not None:
            counts.append(reads.read_counts(request, article_id=entry["read"]))
        return counts

    @staticmethod
    def serve(request, hit):
        """*hit* as the full stack would answer it: gzipped (compressed when stored) for a reader who accepts it."""
        compressed = hit.gzipped is not None and accepts_gzip(request)
        response = HttpResponse(hit.gzipped if compressed else hit.content)
        for header, value in hit.headers.items():
            response[header] = value
        if compressed:
            # What the compression middleware above does to a page it compresses (it leaves this one alone).
            response["Content-Length"] = str(len(hit.gzipped))
            response["Content-Encoding"] = "gzip"
            if response.get("ETag", "").startswith('"'):
                response["ETag"] = "W/" + response["ETag"]
        mark(request, response, hit.keys, hit.seconds_left)
        # What ConditionalGetMiddleware does below: a browser holding this very page gets a 304.
        last_modified = parse_http_date_safe(response["Last-Modified"]) if response.has_header("Last-Modified") else None
        return get_conditional_response(request, etag=response.get("ETag"), last_modified=last_modified, response=response)


def accepts_gzip(request):
    return re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) is not None
