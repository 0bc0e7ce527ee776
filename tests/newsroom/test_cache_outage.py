"""A cache that does not answer costs readers nothing: pages serve, /healthz stays up, /readyz says why.

The cache URL points at a port where nothing listens, so every connection is
refused, as when Redis has crashed or is being restarted.
"""

import logging
import os

import pytest
import redis
from django.core.cache import cache

from newsroom.banners.models import Banner
from newsroom import cache as newsroom_cache
from newsroom.cache import cache_from_url
from tests.banners.factories import BannerFactory
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

REFUSING = "redis://127.0.0.1:1/0"
WORKING = "redis://127.0.0.1:6379/7"


@pytest.fixture(autouse=True)
def _fresh_outage_memory(monkeypatch):
    """Each test starts as if the process had just started: no outage seen, nothing logged yet."""
    monkeypatch.setattr(newsroom_cache, "_last_warned", {})
    monkeypatch.setattr(newsroom_cache._Outage, "_servers", {})


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {"default": cache_from_url(REFUSING)}
    settings.NEWSROOM_BANNER_CACHE_SECONDS = 60  # as in production: the banner list is read from the cache
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 20


@pytest.fixture
def cache_up(settings):
    try:
        redis.Redis.from_url(WORKING, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis does not answer at {WORKING}")
        pytest.skip(f"Redis does not answer at {WORKING}")
    settings.CACHES = {"default": cache_from_url(WORKING)}
    yield
    cache.clear()


def test_reader_pages_are_served_while_the_cache_is_down(client, cache_down):
    BannerFactory(footer=True)
    article = ArticleFactory(arabic=True)
    home = client.get("/ar/")
    story = client.get(article.get_absolute_url())
    assert home.status_code == 200 and story.status_code == 200
    assert article.title in story.text
    assert "support-banner" in story.text  # read from the database instead


def test_an_impression_that_cannot_be_counted_is_dropped_and_logged(client, cache_down, caplog, settings):
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 1  # would be written at once if it could be counted
    banner = BannerFactory(footer=True)
    with caplog.at_level(logging.WARNING):
        assert client.get("/ar/").status_code == 200
    assert Banner.objects.get(pk=banner.pk).impressions == 0
    assert "the cache does not answer" in caplog.text


def test_the_outage_is_logged_now_and_then_not_on_every_call(cache_down, caplog):
    with caplog.at_level(logging.ERROR, logger="newsroom.cache"):
        for _ in range(50):
            assert cache.get("anything") is None
    assert len(caplog.records) <= 1


def test_liveness_stays_up_and_readiness_names_the_cache(client, cache_down):
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json() == {"database": "ok", "cache": "unavailable"}


def test_readiness_is_ok_when_database_and_cache_answer(client, cache_up):
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"database": "ok", "cache": "ok"}


def test_readiness_is_ok_with_the_local_memory_cache(client):
    assert client.get("/readyz").status_code == 200


def test_the_redis_cache_still_caches_when_redis_answers(cache_up):
    cache.set("newsroom-test", {"a": 1}, 30)
    assert cache.get("newsroom-test") == {"a": 1}
    assert cache.add("newsroom-counter", 0) and cache.incr("newsroom-counter") == 1


def test_a_cache_that_is_down_keeps_nothing_and_says_so(cache_down):
    assert cache.add("key", 1) is False
    assert cache.get_or_set("key", "computed") == "computed"
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError):
        cache.incr("key")
