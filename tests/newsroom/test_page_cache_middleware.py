"""Stored pages are answered at the top of the stack (newsroom/page_cache.py) exactly as the full stack answers them."""

import gzip
import time

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from articles import page_cache, reads, services
from articles.models import Article
from newsroom.banners import dismissals
from newsroom.banners.models import Banner
from newsroom.banners.services import flush_impressions
from tests.banners.factories import BannerFactory
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0"
#: Headers that say when the answer was made: they may differ by a second between two answers.
CLOCK_HEADERS = {"Cache-Control", "Date", "Expires"}


@pytest.fixture(autouse=True)
def page_cache_on(settings, empty_cache):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300


def hit(client, url, django_assert_num_queries, **extra):
    """Fetch *url* once to store it, then again: the second answer must need no database."""
    client.get(url, **extra)
    with django_assert_num_queries(0):
        return client.get(url, **extra)


def test_a_stored_page_carries_every_header_of_the_rendered_one(client, django_assert_num_queries):
    article = ArticleFactory()
    BannerFactory(placement=Banner.Placement.SITE_FOOTER)
    url = article.get_absolute_url()
    miss = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert not hasattr(again.wsgi_request, "user")  # answered above authentication: the stack below never ran
    assert again.content == miss.content
    served = {name: value for name, value in again.items() if name not in CLOCK_HEADERS}
    assert served == {name: value for name, value in miss.items() if name not in CLOCK_HEADERS}
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "X-Content-Type-Options",
                   "Referrer-Policy", "Content-Language", "ETag", "Last-Modified"):  # fmt: skip
        assert again.has_header(header), header
    assert "public" in again["Cache-Control"] and "Cookie" in again["Vary"]


def test_a_session_cookie_always_gets_the_page_fresh(client):
    article = ArticleFactory(title="Before")
    client.get(article.get_absolute_url())
    with_session = Client()
    with_session.cookies[django_settings.SESSION_COOKIE_NAME] = "a-session-that-may-be-staff"
    Article.objects.filter(pk=article.pk).update(title="After, written without a purge")
    assert "After, written without a purge" in with_session.get(article.get_absolute_url()).text
    assert "After, written without a purge" not in client.get(article.get_absolute_url()).text


def test_a_signed_in_editor_never_gets_a_stored_page(client, editor_client):
    article = ArticleFactory(title="Before")
    Client().get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="After, written without a purge")
    response = editor_client.get(article.get_absolute_url())
    assert "After, written without a purge" in response.text
    assert "Surrogate-Key" not in response


def test_a_closed_appeal_is_its_own_stored_page(client, django_assert_num_queries):
    article = ArticleFactory()
    banner = BannerFactory(placement=Banner.Placement.SITE_FOOTER)
    url = article.get_absolute_url()
    assert f'id="support-banner-{banner.pk}"' in hit(client, url, django_assert_num_queries).text
    closed = Client()
    closed.cookies[dismissals.COOKIE_NAME] = dismissals.with_dismissal("", banner_id=banner.pk, now=timezone.now())
    response = hit(closed, url, django_assert_num_queries)
    assert f'id="support-banner-{banner.pk}"' not in response.text
    assert "public" not in response["Cache-Control"]


def test_stored_pages_still_count_impressions_and_reads(client, settings, django_assert_num_queries):
    settings.NEWSROOM_READ_COUNT_BATCH = 100
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 100
    article = ArticleFactory()
    banner = BannerFactory(placement=Banner.Placement.SITE_FOOTER)
    for _ in range(3):
        hit(client, article.get_absolute_url(), django_assert_num_queries, headers={"User-Agent": BROWSER})
    assert flush_impressions(banner_id=banner.pk) == 6
    assert reads.flush_reads() == 6
    banner.refresh_from_db()
    assert banner.impressions == 6


def test_a_browser_holding_the_stored_page_gets_304(client, django_assert_num_queries):
    article = ArticleFactory()
    url = article.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        changed = client.get(url, headers={"If-None-Match": '"another-version"'})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    assert changed.status_code == 200 and changed.content == first.content


def test_head_is_answered_from_the_store_and_post_never(client, django_assert_num_queries):
    article = ArticleFactory()
    url = article.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405  # the view answers a POST, never the store


def test_a_pending_message_gets_the_page_fresh(client):
    article = ArticleFactory(title="Before")
    client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="After, written without a purge")
    client.cookies["messages"] = "pending"
    assert "After, written without a purge" in client.get(article.get_absolute_url()).text


def test_a_stale_stored_page_is_counted_once_by_the_page_rendered_instead(client, settings):
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 100
    article = ArticleFactory(title="Before")
    banner = BannerFactory(placement=Banner.Placement.SITE_FOOTER)
    client.get(article.get_absolute_url())
    article.title = "After"
    services.save_article(article=article)  # purges the stored page
    assert "After" in client.get(article.get_absolute_url()).text
    assert flush_impressions(banner_id=banner.pk) == 2


# Compressed once when stored; this server's copy checked against the shared versions ----------


def test_a_reader_who_accepts_gzip_gets_the_stored_page_compressed(client, django_assert_num_queries):
    article = ArticleFactory(title="A story long enough to be worth compressing")
    url = article.get_absolute_url()
    rendered = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")  # compressed by the middleware on its way out
    with django_assert_num_queries(0):
        stored = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        plain = client.get(url)
    assert stored["Content-Encoding"] == "gzip" and int(stored["Content-Length"]) == len(stored.content)
    assert gzip.decompress(stored.content) == gzip.decompress(rendered.content) == plain.content
    assert "Content-Encoding" not in plain and article.title in plain.text
    # One page, two encodings: each has its own validator, and both say they vary with Accept-Encoding.
    assert stored["ETag"] == rendered["ETag"] == "W/" + plain["ETag"]
    assert "Accept-Encoding" in stored["Vary"] and "Accept-Encoding" in plain["Vary"]
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", headers={"If-None-Match": stored["ETag"]})
    assert again.status_code == 304


def test_a_page_this_server_holds_is_stale_the_moment_another_server_purges_it(client, committed):
    article = ArticleFactory(title="Before")
    url = article.get_absolute_url()
    client.get(url)
    assert "Before" in client.get(url).text  # a hit: the page is now in this server's memory too
    Article.objects.filter(pk=article.pk).update(title="After, purged elsewhere")
    with committed():  # the purge another app server makes writes only the shared versions
        page_cache.purge(page_cache.article_key(article.pk))
    assert "After, purged elsewhere" in client.get(url).text


def test_a_page_this_server_holds_is_not_served_past_its_lifetime(client, settings, monkeypatch):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 60
    article = ArticleFactory(title="Before")
    url = article.get_absolute_url()
    client.get(url)
    assert "Before" in client.get(url).text
    Article.objects.filter(pk=article.pk).update(title="After, written without a purge")
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 61)  # the shared cache has let the page go by now
    assert "After, written without a purge" in client.get(url).text
