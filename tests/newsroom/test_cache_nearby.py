"""A cached page costs no round trip to Redis, and stays exact: copies of key versions Redis keeps exact, counts sent by a thread.

Against a real Redis (skipped where none answers, failed in CI). "Another
server" is a plain Redis client of the test, writing the same keys as an app
server's purge would.
"""

import os
import threading
import time

import pytest
import redis
from django.core.cache import cache, caches

from articles import page_cache
from jobs import counters
from newsroom.banners.models import Banner
from newsroom.cache import cache_from_url
from tests.banners.factories import BannerFactory
from tests.factories import ArticleFactory

URL = "redis://127.0.0.1:6379/8"
PREFIX = "pages:v1:key:"


@pytest.fixture
def redis_cache(settings):
    other_server = redis.Redis.from_url(URL, socket_connect_timeout=1)
    try:
        other_server.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis does not answer at {URL}")
        pytest.skip(f"Redis does not answer at {URL}")
    other_server.flushdb()
    settings.CACHES = {"default": cache_from_url(URL)}
    yield other_server
    counters.wait_until_counted()
    other_server.flushdb()


def _read(key):
    return cache.get_many_watched([key], prefix=PREFIX).get(key)


def _mget_calls(server):
    return server.info("commandstats").get("cmdstat_mget", {}).get("calls", 0)


def _watching(server):
    """Wait until this process's watching connection is up (it connects in the background on first use)."""
    for _attempt in range(200):
        if any("t" in client["flags"] for client in server.client_list()):
            return
        threading.Event().wait(0.01)
    pytest.fail("the watching connection did not come up")


def test_a_key_read_once_is_answered_without_asking_redis_again(redis_cache):
    key = PREFIX + "article-1"
    cache.set(key, 41, timeout=None)
    _read(key)
    _watching(redis_cache)
    assert _read(key) == 41  # read once more, now kept here
    asked = _mget_calls(redis_cache)
    assert [_read(key) for _ in range(20)] == [41] * 20
    assert _mget_calls(redis_cache) == asked


def test_a_change_written_by_another_server_is_seen_here_at_once(redis_cache):
    key = PREFIX + "story-abc"
    _read(key)
    _watching(redis_cache)
    for version in range(1, 200):
        redis_cache.set(cache.make_key(key), version)  # another server purges: the key moves on
        assert _read(key) == version


def test_a_key_created_or_deleted_elsewhere_is_seen_here(redis_cache):
    key = PREFIX + "edition-ar"
    assert _read(key) is None
    _watching(redis_cache)
    assert _read(key) is None  # its absence is kept too
    redis_cache.set(cache.make_key(key), 7)
    assert _read(key) == 7
    redis_cache.delete(cache.make_key(key))
    assert _read(key) is None


def test_emptying_redis_drops_every_copy(redis_cache):
    keys = [PREFIX + f"article-{number}" for number in range(5)]
    cache.set_many({key: 3 for key in keys}, timeout=None)
    cache.get_many_watched(keys, prefix=PREFIX)
    _watching(redis_cache)
    redis_cache.flushdb()
    assert cache.get_many_watched(keys, prefix=PREFIX) == {}


def test_copies_are_not_trusted_once_the_watching_connection_is_lost(redis_cache):
    key = PREFIX + "vocabulary"
    cache.set(key, 1, timeout=None)
    _read(key)
    _watching(redis_cache)
    assert _read(key) == 1
    redis_cache.client_kill_filter(_type="normal", skipme=True)  # Redis restarted, or the connection cut
    redis_cache.set(cache.make_key(key), 2)  # a change nobody can push to this process now
    assert _read(key) == 2


def test_a_key_redis_could_not_answer_for_is_asked_again_not_kept_as_absent(redis_cache):
    key = PREFIX + "article-9"
    _read(PREFIX + "article-1")
    _watching(redis_cache)
    redis_cache.set(cache.make_key(key), 5)
    redis_cache.client_pause(900)  # Redis stalls longer than the cache waits (0.5 s): the read times out
    assert _read(key) is None
    threading.Event().wait(1.0)
    caches["default"]._outage.clear()  # the outage pause is over, as five seconds later
    assert _read(key) == 5


def test_counts_handed_to_the_thread_give_every_caller_its_own_count(redis_cache):
    seen = []
    lock = threading.Lock()

    def done(values):
        with lock:
            seen.extend(values)

    def view():
        for _ in range(100):
            cache.incr_many_later(["readers"], done)

    views = [threading.Thread(target=view) for _ in range(8)]
    for each in views:
        each.start()
    for each in views:
        each.join()
    assert counters.wait_until_counted()
    assert sorted(seen) == list(range(1, 801))  # each count seen by exactly one view, as with a round trip each
    assert cache.get("readers") == 800


@pytest.mark.django_db(transaction=True)  # the sending thread queues (and here runs) the flush on its own connection
def test_a_cached_page_counts_its_appeal_and_is_purged_by_another_server(redis_cache, client, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 3
    banner = BannerFactory(placement=Banner.Placement.SITE_FOOTER)
    story = ArticleFactory(title="Bakeries reopen in Homs")
    for _view in range(6):
        assert "Bakeries reopen in Homs" in client.get(story.get_absolute_url()).text
    assert counters.wait_until_counted()
    from newsroom.banners import services as banner_services

    banner_services.enqueue_impression_flushes()  # the tail of the count (full batches were queued by the views)
    banner.refresh_from_db()
    assert banner.impressions == 6

    story.title = "Bakeries reopen in Homs and Hama"
    story.save()  # not through the services: only another server's purge tells this process
    redis_cache.set(cache.make_key(page_cache._version_key(page_cache.article_key(story.pk))), time.time_ns())
    assert "Bakeries reopen in Homs and Hama" in client.get(story.get_absolute_url()).text
