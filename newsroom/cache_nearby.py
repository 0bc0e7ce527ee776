"""What an app server process keeps near, so a cached page costs no round trip to Redis.

A page served from the page cache used to wait once for Redis on every hit:
to check the versions of the keys it depends on, and to count its appeal and
its read. Both now happen without waiting:

* ``WatchedKeys``: this process's copies of the keys under a prefix (the page
  cache's key versions), made exact by Redis itself. A connection of the
  process's own asks for *client-side caching* in broadcast mode (``CLIENT
  TRACKING ON BCAST PREFIX …``, RESP3): Redis pushes the name of every key
  under the prefix that changes, whoever changes it (a purge on another app
  server, a command, an eviction, a flush), and a thread of the process drops
  its copy. A copy is trusted only while that connection is known to be up
  (it is pinged every second); a copy read while a change was arriving is not
  kept; and a lookup that finds a push waiting on the socket first lets the
  thread apply it. So a purge that has returned on any server is seen here at
  once, as with a round trip. (Redis pushes nothing for ``SWAPDB``: the README
  says not to swap the cache's database under running servers.)
* ``CountSender``: counts (appeal impressions, article reads) handed to a
  thread that sends everything waiting in one pipeline, a tenth of a second's
  worth at a time, and then gives each caller its counts, as a round trip of
  its own would have. At most that tenth of a second of counts is lost if
  the process is killed; a worker that stops normally sends what it holds
  first (``send_waiting_counts``).

Both are per process, started on first use after a fork, and used only
through ``newsroom.cache.ResilientRedisCache``.
"""

import atexit
import logging
import os
import select
import threading
import time
from collections import deque

from django.db import close_old_connections, connections

logger = logging.getLogger(__name__)

#: How often the watching connection is pinged when nothing else arrives, and how long its answer may take.
PING_SECONDS = 1.0
PONG_SECONDS = 2.0
#: After the watching connection failed, how long to wait before connecting again.
RECONNECT_SECONDS = 1.0
#: At this many copies, all are dropped (they are read again as needed): about 8 MB per process.
MAX_COPIES = 50_000
#: How long a lookup waits for the thread to apply pushes already on the socket before asking Redis itself.
SETTLE_SECONDS = 0.05
#: Counts waiting beyond this are dropped (and logged): a Redis that stopped answering must not fill memory.
MAX_WAITING_COUNTS = 50_000
#: How long the counting thread lets views add theirs before it sends them all in one pipeline, unless
#: this many are waiting already: one round trip for many views instead of one each.
COUNTS_LINGER_SECONDS = 0.1
COUNTS_PER_PIPELINE = 1_000
#: After this long without views to count, the counting thread lets go of its database connection.
IDLE_SECONDS = 2.0

_MISSING = object()
#: At most one warning per this many seconds for each kind of trouble, per process.
LOG_INTERVAL_SECONDS = 60.0
_warned_at = {}


def _warn_now_and_then(message, *args):
    now = time.monotonic()
    if now - _warned_at.get(message, -LOG_INTERVAL_SECONDS) >= LOG_INTERVAL_SECONDS:
        _warned_at[message] = now
        logger.warning(message, *args)


def _readable(sock):
    """Whether *sock* has bytes waiting, without blocking (``poll``: unlike ``select``, any descriptor number)."""
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))


def _start_once_per_process(owner, lock, target, name):
    """Start *owner*'s thread running *target* once in this process (again in a forked child, whose threads are gone)."""
    if owner._pid == os.getpid():
        return
    with lock:
        if owner._pid == os.getpid():
            return
        owner._pid = os.getpid()
        threading.Thread(target=target, name=name, daemon=True).start()


class WatchedKeys:
    """This process's exact copies of the keys under *prefix* in the Redis of *pool* (see the module docstring)."""

    def __init__(self, pool, prefix):
        self._pool = pool
        self.prefix = prefix
        self._copies = {}
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._generation = 0  # moves on with every change pushed; a read that spans one is not kept
        self._live = False
        self._applying = False
        self._connection = None
        self._pid = None

    # Reading ------------------------------------------------------------------------

    def get_many(self, keys, fetch):
        """``{key: value}`` of *keys* (made keys, absent ones left out), asking *fetch(missing)* for what is not here.

        *fetch* returns ``None`` when Redis did not answer: then nothing is
        kept (a key that could not be read is not a key that is absent), and
        the keys not held here are left out of the answer, as ``get_many`` does.
        """
        self._start_here()
        if not self._settled():
            return fetch(keys) or {}
        copies, found, missing = self._copies, {}, []
        for key in keys:
            value = copies.get(key, _MISSING)
            if value is _MISSING:
                missing.append(key)
            elif value is not None:
                found[key] = value
        if missing:
            generation = self._generation
            fetched = fetch(missing)
            if fetched is None:
                return found
            with self._lock:
                if self._live and generation == self._generation:
                    if len(self._copies) >= MAX_COPIES:
                        self._copies = {}  # read again as needed: a bound on the process's memory
                    for key in missing:
                        self._copies[key] = fetched.get(key)  # an absent key is a copy too: its creation is pushed
            found.update(fetched)
        return found

    def forget(self, keys):
        """Drop the copies of *keys* (``None``: all): this process is changing them, and its own next read must not wait for the push."""
        with self._lock:
            self._generation += 1
            if keys is None:
                self._copies = {}
            for key in keys or ():
                self._copies.pop(key, None)

    def _settled(self):
        """Whether the copies may be read now: watching is up and no change is waiting on the socket."""
        if not self._live:
            return False
        deadline = None
        while True:
            connection = self._connection
            sock = getattr(connection, "_sock", None)
            try:
                # The socket first, the flag second: the thread raises the flag before it reads the
                # socket and lowers it once the push is applied, so a push is seen at one of the two.
                waiting = sock is not None and _readable(sock)
                waiting = waiting or self._applying
            except (OSError, ValueError):  # closed meanwhile: the thread is reconnecting
                return False
            if not waiting:
                return self._live
            deadline = deadline or time.monotonic() + SETTLE_SECONDS
            with self._changed:
                self._changed.wait(0.002)
            if time.monotonic() > deadline:
                return False

    # The watching thread --------------------------------------------------------------

    def _start_here(self):
        _start_once_per_process(self, self._lock, self._watch, "page-cache-watch")

    def _after_fork(self):
        """In a forked child: nothing of the parent's is trusted, and its locks may have been held by a thread that is gone."""
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._copies, self._live, self._connection, self._applying = {}, False, None, False
        self._generation += 1

    def _watch(self):
        pid = os.getpid()
        while self._pid == pid:
            try:
                self._follow()
            except Exception as error:  # any failure: copies can no longer be trusted
                self._stop_trusting()
                _warn_now_and_then("Page cache: watching Redis for changes failed (%s); asking Redis on every hit until it is back.", error)
            time.sleep(RECONNECT_SECONDS)

    def _follow(self):
        """Connect, ask for the prefix's changes, then apply them until the connection fails."""
        connection = self._pool.connection_class(**{**self._pool.connection_kwargs, "protocol": 3})
        connection.connect()
        try:
            connection._get_push_notifications_parser().set_invalidation_push_handler(self._apply)
            connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", self.prefix)
            answer = connection.read_response()
            if answer not in (b"OK", "OK"):
                raise RuntimeError(f"CLIENT TRACKING answered {answer!r}")
            with self._lock:
                self._copies, self._connection, self._live = {}, connection, True
                self._generation += 1
            self._listen(connection)
        finally:
            self._stop_trusting()
            connection.disconnect()

    def _listen(self, connection):
        pinged_at = None
        while self._pid == os.getpid():
            if connection.can_read(timeout=PING_SECONDS):
                self._applying = True
                try:
                    while connection.can_read(timeout=0):
                        if connection.read_response(push_request=True) in (b"PONG", "PONG"):
                            pinged_at = None
                finally:
                    self._applying = False
                    with self._changed:
                        self._changed.notify_all()
            elif pinged_at is None:
                connection.send_command("PING")
                pinged_at = time.monotonic()
            if pinged_at is not None and time.monotonic() - pinged_at > PONG_SECONDS:
                raise TimeoutError("no answer to PING")

    def _apply(self, push):
        """Redis's ``invalidate`` push: the keys that changed, or ``None`` when the whole database was flushed."""
        keys = push[1] if len(push) > 1 else None
        with self._lock:
            self._generation += 1
            if keys is None:
                self._copies = {}
            else:
                for key in keys:
                    self._copies.pop(key.decode() if isinstance(key, bytes) else key, None)
        return push

    def _stop_trusting(self):
        with self._lock:
            self._live, self._connection, self._copies = False, None, {}
            self._generation += 1


class CountSender:
    """Counters incremented by a thread of this process, in one pipeline for everything waiting (see the module docstring).

    *send(keys)* runs the pipeline and returns the new counts, in order (it
    raises on failure: every caller then gets ``None`` for each of its keys).
    """

    def __init__(self, send):
        self._send = send
        self._after_fork()
        self._pid = None

    def _after_fork(self):
        """A fresh start (and, in a forked child, the parent's counts left to the parent)."""
        self._waiting = deque()
        self._in_flight = 0
        self._hurry = False  # someone waits until everything is sent: no lingering
        # One condition for both sides: the views adding, the thread taking, and those waiting until all is sent.
        self._changed = threading.Condition()

    def add(self, keys, done):
        """Increment *keys* soon; *done(counts)* is then called from the sending thread."""
        self._start_here()
        with self._changed:
            if len(self._waiting) >= MAX_WAITING_COUNTS:
                _warn_now_and_then("Counting is behind by %d views; views are not being counted.", len(self._waiting))
                return
            self._waiting.append((keys, done))
            if len(self._waiting) in (1, COUNTS_PER_PIPELINE):  # wake the thread when it has work, or enough of it
                self._changed.notify_all()

    def wait_until_sent(self, timeout=5.0):
        """Block until every count added so far was sent and its caller told (tests, a worker stopping)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            self._hurry = True
            self._changed.notify_all()
            while self._waiting or self._in_flight:
                left = deadline - time.monotonic()
                if left <= 0 or self._pid != os.getpid():
                    return False
                self._changed.wait(min(left, 0.05))
        return True

    def _start_here(self):
        _start_once_per_process(self, self._changed, self._run, "page-cache-counts")

    def _run(self):
        pid = os.getpid()
        while self._pid == pid:
            with self._changed:
                if not self._waiting:
                    self._hurry = False
                    self._changed.wait(IDLE_SECONDS)
                batch = None
                if self._waiting:
                    if not self._hurry and len(self._waiting) < COUNTS_PER_PIPELINE:
                        self._changed.wait(COUNTS_LINGER_SECONDS)
                    batch = list(self._waiting)
                    self._in_flight = len(batch)  # under the same lock as the emptying: never seen as all sent
                    self._waiting.clear()
            if batch is None:
                connections.close_all()  # idle: the database connection a queued job opened is let go
                continue
            try:
                self._send_batch(batch)
                # A job queued by a caller opened this thread's own database connection: kept for the next
                # batches as a request thread keeps its (CONN_MAX_AGE), closed when old or broken.
                close_old_connections()
            except Exception:  # the thread must outlive anything: it is the process's only way to count
                logger.exception("Page cache: sending counts failed.")
            finally:
                with self._changed:
                    self._in_flight = 0
                    self._changed.notify_all()

    def _send_batch(self, batch):
        keys = [key for keys, _done in batch for key in keys]
        try:
            counts = iter(self._send(keys))
        except Exception:  # Redis did not answer: each caller hears so, as from a failed round trip
            counts = iter([None] * len(keys))
        for caller_keys, done in batch:
            try:
                done([next(counts) for _key in caller_keys])
            except Exception:
                logger.exception("Page cache: acting on a count failed.")


# One of each per process and Redis server, shared by all its threads: Django gives every thread its own
# cache object, and eight threads must not keep eight sets of copies, watching connections and senders.
_registry = {}
_registry_lock = threading.Lock()


def _one(key, make):
    found = _registry.get(key)
    if found is None:
        with _registry_lock:
            found = _registry.get(key)
            if found is None:
                found = _registry[key] = make()
    return found


def watched_keys(server, pool, prefix):
    """This process's ``WatchedKeys`` for *prefix* in the Redis at *server* (made with the connection pool *pool()* the first time)."""
    return _one(("watch", server, prefix), lambda: WatchedKeys(pool(), prefix))


def watchers_of(server):
    """Every ``WatchedKeys`` of this process on the Redis at *server*."""
    return [each for key, each in list(_registry.items()) if key[0] == "watch" and key[1] == server]


def sender(server, send):
    """This process's ``CountSender`` for the Redis at *server* (sending with *send*, the first one given)."""
    return _one(("count", server), lambda: CountSender(send))


def send_waiting_counts(timeout=5.0):
    """Send what every sender of this process holds (gunicorn's ``worker_exit``, and at exit)."""
    for key, each in list(_registry.items()):
        if key[0] == "count":
            each.wait_until_sent(timeout)


def _after_fork_in_child():
    global _registry_lock
    _registry_lock = threading.Lock()
    for each in list(_registry.values()):
        each._after_fork()


atexit.register(send_waiting_counts, 2.0)
os.register_at_fork(after_in_child=_after_fork_in_child)
