"""The site's reader pages as the project assembles them, and the views that belong to no edition.

The articles and translations apps provide the pages; the project mixes in
the reader-support appeal (``SupportAppealMixin``) and the page cache
(``CachedPageMixin``), which need to know all three apps, as it composes the
article page's template from all three. The load balancer's probes
(``healthz``, ``readyz``) belong to no edition.
"""

import datetime
import functools
import logging

from django.core.cache import cache
from django.core.cache.backends.dummy import DummyCache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles import page_cache
from articles import selectors as article_selectors
from articles import views as articles_views
from articles.models import Article
from newsroom.banners import selectors as banner_selectors
from newsroom.banners.views import SupportAppealMixin
from newsroom import page_cache as cache_middleware
from translations import selectors as translation_selectors
from translations import views as translations_views

from . import structured_data


def _seconds_until(moment, now):
    return (moment - now).total_seconds() if moment is not None and moment > now else None


def next_midnight(now):
    """The start of tomorrow in the newsroom's time zone, when the header's date changes."""
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def next_changes_by_the_clock():
    """Seconds until the next change no write announces: a scheduled story going live, an appeal starting or ending,
    and the next midnight in the newsroom's time zone (the header shows today's date)."""
    now = timezone.now()
    moments = [article_selectors.next_publication(), next_midnight(now)]
    for banner in banner_selectors.switched_on_banners():
        moments += [banner.starts_at, banner.ends_at]
    return [_seconds_until(moment, now) for moment in moments]


def surrogate_keys(context):
    """The keys a reader page depends on, from what its context shows."""
    keys = [page_cache.edition_key(translation.get_language()), page_cache.VOCABULARY, page_cache.APPEALS]
    article = context.get("article")
    if isinstance(article, Article):
        keys += [page_cache.article_key(article.pk), page_cache.story_key(article.translation_key)]
        keys += [page_cache.article_key(item.article.pk) for item in context.get("related_items", ())]
    if context.get("source_article") is not None:
        keys.append(page_cache.article_key(context["source_article"].pk))
    keys += context.get("surrogate_keys", ())  # a page kind's own keys (site pages: newsroom/pages/services.py)
    return keys


def article_fragments(article, request):
    """The article's related block; given to it, its story's versions (the language switcher) and its authors and tags;
    and its JSON-LD, rendered.

    From the shared cache (``page_cache.fragments``, two round trips for all
    four) until the article, its story, a story they show or the vocabulary
    is purged, or the next scheduled story goes live.
    """
    names = {kind: f"{kind}-{article.pk}" for kind in ("related", "versions")}
    names["byline"] = f"byline-and-reading-time-{article.pk}"
    # Absolute addresses in the JSON-LD: one entry per address the site answers on.
    names["json_ld"] = f"json-ld-{article.pk}-{request.scheme}-{request.get_host()}"
    # Read at most once each, when a piece is not kept: the JSON-LD is made from the other two.
    versions = functools.cache(lambda: _versions_fragment(article))
    byline = functools.cache(lambda: article_selectors.byline_fragment(article))
    found = page_cache.fragments(
        {
            names["related"]: lambda: article_selectors.related_fragment(article),
            names["versions"]: versions,
            names["byline"]: byline,
            names["json_ld"]: lambda: _json_ld_fragment(request, article, versions(), byline()),
        },
        next_change=lambda: article_selectors.seconds_until(article_selectors.next_publication()),
    )
    translation_selectors.remember_versions(article, found[names["versions"]])
    article_selectors.give_byline(article, found[names["byline"]])
    return found[names["related"]], mark_safe(found[names["json_ld"]])  # our own json_ld(), escaped there


def _json_ld_fragment(request, article, versions, byline):
    """The article's JSON-LD as HTML: it names the article, its section, authors, tags and live versions."""
    translation_selectors.remember_versions(article, versions[0])
    article_selectors.give_byline(article, byline[0])
    html = str(structured_data.json_ld(structured_data.article_graph(request, article)))
    return html, versions[1] + [page_cache.VOCABULARY]


def _versions_fragment(article):
    versions = translation_selectors.published_versions(article)
    keys = [page_cache.article_key(article.pk), page_cache.story_key(article.translation_key)]
    return versions, keys + [page_cache.article_key(version.pk) for version in versions]


class CachedPageMixin:
    """Marks the page for the page cache (``articles/page_cache.py``), which ``newsroom.page_cache.PageCacheMiddleware`` serves.

    Hits never reach the view: the middleware answers them from the raw
    request. On a miss the view renders, and says which keys the page depends
    on, how long it may be kept, and what a hit counts again (the appeal it
    shows, the read of its article): the middleware stores it on its way back.
    A page read with a query parameter it does not use (tracking tags, say) is
    not stored, so junk addresses cannot fill the cache.
    """

    #: The query parameters this page reads.
    cache_query_parameters = ()

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if getattr(request, "page_cache_variant", None) is None or set(request.GET) - set(self.cache_query_parameters):
            return response
        if response.status_code == 200 and hasattr(response, "render"):
            self._plan(request, response.render())
        return response

    def _plan(self, request, response):
        keys = surrogate_keys(response.context_data)
        lifetime = page_cache.bounded_lifetime(next_changes_by_the_clock())
        if lifetime > 0:
            appeal = response.context_data.get("page_appeal")
            response.page_cache = {
                "keys": keys, "lifetime": lifetime, "appeal_id": appeal.banner.pk if appeal else None,
                "read_id": self._read_id(response.context_data),
            }
        cache_middleware.mark(request, response, keys, lifetime)

    def _read_id(self, context):
        """The article whose read a hit on this page counts, if the page counts reads."""
        article = context.get("article")
        return article.pk if getattr(self, "counts_reads", False) and isinstance(article, Article) else None


class EditionHomePage(CachedPageMixin, SupportAppealMixin, articles_views.EditionHomeView):
    cache_query_parameters = ("before", "after")


class ArticlePage(CachedPageMixin, SupportAppealMixin, articles_views.ArticleDetailView):
    def get_object(self, queryset=None):
        # Authors and tags come with the kept pieces (article_fragments), not as two more queries.
        article = article_selectors.article_for_reader(
            language=translation.get_language(), slug=self.kwargs["slug"], with_vocabulary=False
        )
        self.related_items, self.json_ld = article_fragments(article, self.request)
        return article

    def get_related_items(self):
        return self.related_items

    def get_context_data(self, **kwargs):
        # JSON-LD knows the story's translations (translationOfWork / workTranslation): composed here, kept rendered.
        return super().get_context_data(structured_data=self.json_ld, **kwargs)


class SectionPage(CachedPageMixin, SupportAppealMixin, articles_views.SectionArticlesView):
    cache_query_parameters = ("before", "after")


class TagPage(CachedPageMixin, SupportAppealMixin, articles_views.TagArticlesView):
    cache_query_parameters = ("before", "after")


class AuthorPage(CachedPageMixin, SupportAppealMixin, articles_views.AuthorArticlesView):
    cache_query_parameters = ("before", "after")


class UntranslatedStoryPage(CachedPageMixin, SupportAppealMixin, translations_views.UntranslatedStoryView):
    cache_query_parameters = ("article",)


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
