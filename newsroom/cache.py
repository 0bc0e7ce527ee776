"""The cache settings from ``CACHE_URL``, and a Redis cache that is never a reason for a 500.

Everything the site keeps in the cache can be recomputed (the list of live
banners) or lost (impressions not yet written), so a Redis that is down must
cost readers nothing but speed. ``ResilientRedisCache`` turns connection errors
into misses and no-ops, logs them at most once a minute, and then leaves Redis
alone for a few seconds (so a page that asks the cache three times does not
wait three times for a server that is not there).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.exceptions import ImproperlyConfigured
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from . import cache_nearby

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
#: A cache that answers on the same network answers in milliseconds; waiting longer only holds a worker.
SOCKET_TIMEOUT_SECONDS = 0.5
#: After a failure, how long calls skip Redis and count as misses without trying.
PAUSE_SECONDS = 5.0
#: At most one "cache unavailable" log line per this many seconds, per server.
LOG_INTERVAL_SECONDS = 60.0


class CacheUnavailable(ValueError):
    """``incr`` could not count: the cache did not answer.

    A ``ValueError`` because that is what ``incr`` raises for a missing key,
    so code written for Django's cache API treats it as one.
    """


def cache_from_url(url):
    """The ``CACHES["default"]`` entry for *url*: ``locmem://``, ``dummy://``, ``redis://`` or ``rediss://``."""
    scheme = url.partition("://")[0].lower()
    if scheme in ("redis", "rediss"):
        return {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": SOCKET_TIMEOUT_SECONDS, "socket_timeout": SOCKET_TIMEOUT_SECONDS},
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL has an unknown scheme: {url!r}. Use locmem://, dummy://, redis://host:port/db or rediss://…"
    )


class _Outage:
    """When a server last failed, and when that was last logged (shared by every thread of the process)."""

    _lock = threading.Lock()
    _servers = {}

    def __init__(self, location):
        self.location = location

    def _state(self):
        return self._servers.setdefault(self.location, {"paused_until": 0.0, "logged_at": -LOG_INTERVAL_SECONDS, "failures": 0})

    def paused(self):
        return time.monotonic() < self._state()["paused_until"]

    def record(self, error):
        now = time.monotonic()
        with self._lock:
            state = self._state()
            state["paused_until"] = now + PAUSE_SECONDS
            state["failures"] += 1
            if now - state["logged_at"] < LOG_INTERVAL_SECONDS:
                return
            state["logged_at"], failures, state["failures"] = now, state["failures"], 0
        logger.error(
            "Cache at %s unavailable (%s); serving without it (%d failure(s) since the last report).",
            self.location, error, failures,
        )

    def clear(self):
        self._state()["paused_until"] = 0.0


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per connection pool instead of building one per call.

    Building one sets up its hundreds of response callbacks: a measurable part
    of a page served from the page cache, which makes three calls.
    ``redis.Redis`` is safe to share between threads (connections come from the pool).
    """

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_clients", {})
        if index not in clients:
            clients[index] = self._client(connection_pool=self._get_connection_pool(index))
        return clients[index]


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, for which a Redis that does not answer is an empty cache that keeps nothing."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._outage = _Outage(server)
        self._server = server

    def _try(self, method, fallback, *args, **kwargs):
        if self._outage.paused():
            return fallback()
        try:
            return method(*args, **kwargs)
        except UNAVAILABLE as error:
            self._outage.record(error)
            return fallback()

    def get(self, key, default=None, version=None):
        return self._try(super().get, lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._try(super().get_many, dict, keys, version)

    def has_key(self, key, version=None):
        return self._try(super().has_key, lambda: False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().add, lambda: False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self._try(super().set, lambda: None, key, value, timeout, version)
        finally:
            self._forget_watched([key], version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            # set_many's answer is the keys that were not stored: all of them.
            return self._try(super().set_many, lambda: list(data), data, timeout, version)
        finally:
            self._forget_watched(data, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().touch, lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        try:
            return self._try(super().delete, lambda: False, key, version)
        finally:
            self._forget_watched([key], version)

    def delete_many(self, keys, version=None):
        try:
            return self._try(super().delete_many, lambda: None, keys, version)
        finally:
            self._forget_watched(keys, version)

    def clear(self):
        try:
            return self._try(super().clear, lambda: False)
        finally:
            for watched in cache_nearby.watchers_of(self._server):
                watched.forget(None)

    def incr(self, key, delta=1, version=None):
        def unavailable():
            raise CacheUnavailable(f"the cache did not answer; {key!r} was not counted")

        return self._try(super().incr, unavailable, key, delta, version)

    def incr_many(self, keys):
        """Add one to each counter in *keys* (a missing one starts at zero, kept without expiry) in one round trip.

        The new counts, in order; ``None`` for each when Redis does not answer.
        ``jobs.counters.count_many`` counts this way where a view waits for
        its counts (page views do not: ``incr_many_later``).
        """

        def run():
            pipeline = self._cache.get_client(write=True).pipeline(transaction=False)
            for key in keys:
                pipeline.incr(self.make_and_validate_key(key))
            return pipeline.execute()

        return self._try(run, lambda: [None] * len(keys))

    # Kept near: key versions without a round trip, counts without waiting (newsroom/cache_nearby.py) ---------

    def get_many_watched(self, keys, *, prefix):
        """``get_many(keys)`` for keys under *prefix*, answered from this process's exact copies where it has them.

        The page cache reads its key versions this way on every hit: after
        the first read of a key, no round trip until the key changes (Redis
        pushes the change, whichever server makes it).
        """
        made_prefix = self.make_key(prefix)
        made = {self.make_key(key): key for key in keys}
        if self._outage.paused() or not all(key.startswith(made_prefix) for key in made):
            return self.get_many(keys)
        watched = cache_nearby.watched_keys(self._server, self._pool, made_prefix)
        found = watched.get_many(list(made), lambda wanted: self._try(self._mget, lambda: None, wanted))
        return {made[key]: value for key, value in found.items()}

    def _pool(self):
        return self._cache._get_connection_pool(True)

    def _mget(self, made_keys):
        values = self._cache.get_client(write=True).mget(made_keys)
        loads = self._cache._serializer.loads
        return {key: loads(value) for key, value in zip(made_keys, values) if value is not None}

    def _forget_watched(self, keys, version=None):
        """After this process wrote *keys*: its copies go now (the push from Redis follows), and a read racing the write is not kept."""
        watchers = cache_nearby.watchers_of(self._server)
        if not watchers:
            return
        made = [self.make_key(key, version) for key in keys]
        for watched in watchers:
            mine = [key for key in made if key.startswith(watched.prefix)]
            if mine:
                watched.forget(mine)

    def incr_many_later(self, keys, done):
        """``incr_many(keys)`` without waiting: sent with the other counts waiting in this process; *done(counts)* follows.

        *done* is called from the sending thread with the new counts in
        order, ``None`` for each when Redis does not answer, as ``incr_many`` returns them.
        """
        if self._outage.paused():
            done([None] * len(keys))
            return
        cache_nearby.sender(self._server, self._incr_now).add([self.make_key(key) for key in keys], done)

    def _incr_now(self, made_keys):
        try:
            pipeline = self._cache.get_client(write=True).pipeline(transaction=False)
            for key in made_keys:
                pipeline.incr(key)
            return pipeline.execute()
        except UNAVAILABLE as error:
            self._outage.record(error)
            raise

    def wait_until_counted(self, timeout=5.0):
        """Block until every count this process handed over was sent (tests; a worker stopping)."""
        return cache_nearby.sender(self._server, self._incr_now).wait_until_sent(timeout)

    def ping(self):
        """Ask Redis directly (for ``/readyz``): True, or the connection error is raised."""
        self._cache.get_client(write=True).ping()
        self._outage.clear()
        return True



_last_warned = {}


def warn_now_and_then(log, message, *args):
    """Log *message* as a warning at most once a minute: an outage must not flood the logs once per page view."""
    now = time.monotonic()
    if now - _last_warned.get(message, -LOG_INTERVAL_SECONDS) >= LOG_INTERVAL_SECONDS:
        _last_warned[message] = now
        log.warning(message, *args)
