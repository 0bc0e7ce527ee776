"""The site's reader pages as the project assembles them, and the views that belong to no edition.

The articles and translations apps provide the pages; the project mixes in
the reader-support appeal (``SupportAppealMixin``), which those apps do not
know about, as it composes the article page's template from all three. The load
balancer's probes (``healthz``, ``readyz``) belong to no edition.
"""

import logging

from django.core.cache import cache
from django.core.cache.backends.dummy import DummyCache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles import views as articles_views
from newsroom.banners.views import SupportAppealMixin
from translations import views as translations_views


class EditionHomePage(SupportAppealMixin, articles_views.EditionHomeView):
    pass


class ArticlePage(SupportAppealMixin, articles_views.ArticleDetailView):
    pass


class SectionPage(SupportAppealMixin, articles_views.SectionArticlesView):
    pass


class TagPage(SupportAppealMixin, articles_views.TagArticlesView):
    pass


class AuthorPage(SupportAppealMixin, articles_views.AuthorArticlesView):
    pass


class UntranslatedStoryPage(SupportAppealMixin, translations_views.UntranslatedStoryView):
    pass


logger = logging.getLogger(__name__)


@require_GET
@never_cache
def healthz(request):
    """Liveness: the process answers. No database, no cache, no template, so an outage elsewhere never restarts workers."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@never_cache
def readyz(request):
    """Readiness: 200 when the database and the cache both answer, else 503 naming what failed.

    The body is small JSON, e.g. ``{"database": "ok", "cache": "unavailable"}``.
    Reader pages keep working without the cache, so a load balancer may keep
    sending traffic on a failing cache; this tells operators why pages are slow.
    """
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    body = {name: "ok" if ok else "unavailable" for name, ok in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError as error:
        logger.error("Readiness: the database does not answer (%s).", error)
        return False


def _cache_answers():
    """Ask the cache itself: a resilient cache answers misses even when its server is down."""
    if isinstance(cache, DummyCache):  # keeps nothing by design (CACHE_URL=dummy://)
        return True
    try:
        if hasattr(cache, "ping"):  # newsroom.cache.ResilientRedisCache
            return cache.ping()
        cache.set("readyz", "ok", 10)
        return cache.get("readyz") == "ok"
    except Exception as error:  # whatever the client raises, the probe must answer, not fail
        logger.error("Readiness: the cache does not answer (%s).", error)
        return False
