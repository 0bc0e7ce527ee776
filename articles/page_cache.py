"""Whole reader pages cached for anonymous readers, made stale exactly when what they show changes.

A page is stored with the *surrogate keys* it depends on (``article-12``,
``story-<uuid>``, ``edition-ar``, ``vocabulary``, ``appeals``) and the version
each key had when the page was rendered. Every write that changes what pages
show *purges* its keys: it moves their versions on, in the shared cache, once
its transaction has committed. A stored page whose keys moved on is a miss on
every server at once; nothing has to find and delete the pages themselves.

What decides a page, and so its cache entry: the address (with only the query
parameters the page reads), the edition, and the set of appeals the reader has
closed. Nothing else of the reader's cookies counts, so every reader who closed
nothing shares one entry. Staff and anyone with a session get fresh pages.

A page lives ``NEWSROOM_PAGE_CACHE_SECONDS`` at most, and never past the next
moment something changes by the clock alone (a scheduled story going live, an
appeal starting or ending): ``bounded_lifetime``.

The views say which keys a page depends on (``CachedPageMixin``); the project's
middleware (``newsroom/page_cache.py``) serves and stores pages at the top of
the stack; the services that write call ``purge``. The same keys keep pieces
of pages fresh (``fragments``, at the end of this module). Both the version numbers and the pages live in the
default cache, shared by every app server; a cache that does not answer is a
miss (see ``newsroom/cache.py``), never an error.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import compress_string

from jobs import counters

from . import conf

PREFIX = "pages:v1"
#: Pages that depend on the shared vocabulary: section, tag and author names and slugs (menus, bylines, lists).
VOCABULARY = "vocabulary"
#: Pages that may show a reader-support appeal.
APPEALS = "appeals"
#: Response headers a stored page is *not* served with again: they depend on the request that reads it.
REQUEST_HEADERS = ("Cache-Control", "Expires", "Date", "Set-Cookie")


def article_key(pk):
    return f"article-{pk}"


def story_key(translation_key):
    return f"story-{translation_key}"


def edition_key(language):
    return f"edition-{language}"


# Purging ---------------------------------------------------------------------------


def _version_key(key):
    return f"{PREFIX}:key:{key}"


def _new_version():
    # Unique across restarts and evictions: a key that vanished from the cache comes back
    # with a version no stored page can hold.
    return time.time_ns()


def _move_on(keys):
    cache.set_many({_version_key(key): _new_version() for key in keys}, timeout=None)


def purge(*keys):
    """Make every cached page that depends on any of *keys* stale, on every server.

    Now, and again once the current transaction commits: a page rendered
    between the two, from data about to change, is not kept either.
    """
    keys = {key for key in keys if key}
    if not keys:
        return
    _move_on(keys)
    transaction.on_commit(lambda: _move_on(keys))


def purge_article(article, *, previous_story=None):
    """Purge what shows *article*: its page, its story's pages, and its edition's lists."""
    purge(
        article_key(article.pk),
        story_key(article.translation_key),
        story_key(previous_story),
        edition_key(article.language),
    )


# Storing and serving ---------------------------------------------------------------


def enabled():
    return conf.page_cache_seconds() > 0


def _read_versions(version_keys):
    """``cache.get_many`` of version keys; where the cache keeps exact copies near (``get_many_watched``), without a round trip."""
    watched = getattr(cache, "get_many_watched", None)
    if watched is None:
        return cache.get_many(version_keys)
    return watched(version_keys, prefix=_version_key(""))


def _current_versions(keys):
    """The version of each key now, giving a new version to any key the cache does not hold."""
    found = _read_versions([_version_key(key) for key in keys])
    versions, missing = {}, {}
    for key in keys:
        version = found.get(_version_key(key))
        if version is None:
            version = missing[_version_key(key)] = _new_version()
        versions[key] = version
    if missing:
        cache.set_many(missing, timeout=None)
    return versions


def page_key(request, variant):
    """The entry of one page: its address (path and the query it reads), its edition and *variant*."""
    raw = f"{request.get_host()}\n{request.get_full_path()}\n{variant}"
    return f"{PREFIX}:page:{hashlib.sha256(raw.encode()).hexdigest()}"


class Hit(NamedTuple):
    """A stored page still in date, with what serving it again counts."""

    content: bytes
    gzipped: bytes | None
    headers: dict
    appeal_id: int | None
    read_id: int | None
    keys: list
    seconds_left: int


class ServerMemory:
    """The pages this app server read from the shared cache lately, up to *max_bytes*, least recently used out first.

    A copy here saves the shared cache sending the whole page again on every
    hit. Its key versions are still checked on every hit (``_read_versions``),
    so a page purged on any server is stale here at once too. Only pages that
    passed that check are kept; one that fails it is dropped.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._pages = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # threaded servers (gunicorn's gthread) share one copy per process

    @staticmethod
    def _size(entry):
        return len(entry["content"]) + len(entry.get("gzipped") or b"")

    def get(self, key):
        with self._lock:
            entry = self._pages.get(key)
            if entry is not None:
                self._pages.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = self._size(entry)
        with self._lock:
            self._discard(key)
            if size > self.max_bytes:
                return
            self._pages[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes:
                _oldest, dropped = self._pages.popitem(last=False)
                self._bytes -= self._size(dropped)

    def discard(self, key):
        with self._lock:
            self._discard(key)

    def _discard(self, key):
        entry = self._pages.pop(key, None)
        if entry is not None:
            self._bytes -= self._size(entry)


#: This process's copies of stored pages (``NEWSROOM_PAGE_CACHE_SERVER_MEMORY_MB``; read once, at start).
server_memory = ServerMemory(conf.page_cache_server_memory_bytes())


def lookup(request, variant, *, counts=lambda entry: ()):
    """The stored page for *request* and *variant* if every key it depends on is still at its version (a ``Hit``), or ``None``.

    *counts(entry)* gives the ``(counter keys, then)`` a view of the stored
    page counts: they are counted once the page is known to be in date,
    without waiting (``jobs.counters.count_soon``). A page this server has
    read before, whose key versions it holds (``get_many_watched``: exact
    copies that Redis keeps exact by pushing every change), costs no round
    trip at all; otherwise the page and the versions are read from the shared cache.
    """
    key = page_key(request, variant)
    entry = server_memory.get(key)
    if entry is not None:
        hit = _if_in_date(entry, counts)
        if hit is not None:
            return hit
        server_memory.discard(key)
    entry = cache.get(key)
    if entry is None:
        return None
    hit = _if_in_date(entry, counts)
    if hit is not None:
        server_memory.put(key, entry)
    return hit


def _if_in_date(entry, counts):
    """A ``Hit`` of *entry* if it has not expired and its keys are still at their versions, counting what it shows."""
    seconds_left = int(entry["expires_at"] - time.time())
    if seconds_left <= 0:  # the shared cache forgets it by itself; this server's copy must be told
        return None
    stored = entry["versions"]
    now = _read_versions([_version_key(key) for key in stored])
    if any(now.get(_version_key(key)) != version for key, version in stored.items()):
        return None
    counters.count_soon(*counts(entry))
    return Hit(
        entry["content"], entry.get("gzipped"), entry["headers"], entry["appeal"], entry.get("read"), list(stored),
        seconds_left,
    )


#: Below this size a page is not worth compressing (as Django's ``GZipMiddleware`` judges).
SMALLEST_COMPRESSED = 200


def _compressed(content):
    """*content* gzipped once, for every reader who accepts it; ``None`` when that saves nothing.

    Compressed when stored rather than on each hit, which cost more than the
    rest of the hit. No random padding (``GZipMiddleware``'s defence against
    length-guessing attacks): a stored page holds no secret, being the same for every reader.
    """
    if len(content) < SMALLEST_COMPRESSED:
        return None
    compressed = compress_string(content)
    return compressed if len(compressed) < len(content) else None


def store(request, variant, response, *, keys, appeal_id, lifetime, read_id=None):
    """Keep a rendered page for *lifetime* seconds, with the versions of the *keys* it was rendered at.

    The page is kept with every header the site gave it (but those that
    depend on the request reading it, ``REQUEST_HEADERS``), so it can be
    served again as it was, and compressed once for readers who accept gzip.
    *appeal_id* and *read_id* are the banner impression and the article read a hit counts again.
    """
    gzipped = None if response.has_header("Content-Encoding") else _compressed(response.content)
    if gzipped is not None:
        patch_vary_headers(response, ["Accept-Encoding"])  # as the compression middleware above will
    entry = {
        "content": response.content,
        "gzipped": gzipped,
        "headers": {header: value for header, value in response.items() if header not in REQUEST_HEADERS},
        "versions": _current_versions(sorted(set(keys))),
        "appeal": appeal_id,
        "read": read_id,
        "expires_at": time.time() + lifetime,
    }
    cache.set(page_key(request, variant), entry, timeout=lifetime)


def bounded_lifetime(next_changes):
    """``NEWSROOM_PAGE_CACHE_SECONDS``, cut short by the next moment of *next_changes* (seconds from now)."""
    upcoming = [int(seconds) for seconds in next_changes if seconds is not None and seconds >= 0]
    return max(0, min([conf.page_cache_seconds(), *upcoming]))


def for_anonymous_reader(request):
    """Whether *request* may be served from, and stored in, the page cache."""
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def mark_cacheable(response, *, keys, lifetime, shared):
    """Headers that let a proxy or CDN in front keep the page too, and purge it by the same keys."""
    response["Surrogate-Key"] = " ".join(sorted(set(keys)))
    if shared:
        patch_cache_control(response, public=True, max_age=lifetime)
    patch_vary_headers(response, ["Cookie"])


# Fragments: pieces of pages kept per article ------------------------------------------
#
# Parts of a page that cost queries but change rarely (an article's related
# block, its story's versions, the section menu) are kept on their own, with
# the same surrogate keys and versions as whole pages: the purge that makes a
# page stale makes its fragments stale too. They serve pages the page cache
# does not (a reader with a session, an editor, a page past its life), and
# work with the page cache switched off. A fragment that depends on which
# stories are live also ends at the next scheduled publication.


def fragments_enabled():
    return conf.fragment_cache_seconds() > 0


def _fragment_key(name):
    return f"{PREFIX}:fragment:{name}"


def _in_date(entry, versions, now):
    return (
        entry is not None
        and entry["expires_at"] > now
        and all(versions.get(_version_key(key)) == version for key, version in entry["versions"].items())
    )


def fragments(wanted, *, next_change=None):
    """``{name: value}`` for *wanted* ``{name: compute}``, from the shared cache when still in date.

    ``compute()`` returns ``(value, keys)``: the value and the surrogate keys
    it depends on. Two round trips for all of them (the entries, then their
    keys' versions); a fragment that is missing or stale is computed and kept,
    until ``NEWSROOM_FRAGMENT_CACHE_SECONDS`` or *next_change()* (seconds from
    now, ``None`` for no bound), whichever comes first.
    """
    if not fragments_enabled():
        return {name: compute()[0] for name, compute in wanted.items()}
    entries = cache.get_many([_fragment_key(name) for name in wanted])
    keys = {key for entry in entries.values() for key in entry["versions"]}
    versions = _read_versions([_version_key(key) for key in sorted(keys)]) if keys else {}
    now, values, computed = time.time(), {}, {}
    for name, compute in wanted.items():
        entry = entries.get(_fragment_key(name))
        if _in_date(entry, versions, now):
            values[name] = entry["value"]
        else:
            values[name], computed[name] = compute()
    if computed:
        _keep(values, computed, next_change)
    return values


def _keep(values, computed, next_change):
    lifetime = conf.fragment_cache_seconds()
    bound = next_change() if next_change is not None else None
    if bound is not None:
        lifetime = max(0, min(lifetime, int(bound)))
    if lifetime <= 0:
        return
    current = _current_versions(sorted({key for keys in computed.values() for key in keys}))
    expires_at = time.time() + lifetime
    cache.set_many(
        {
            _fragment_key(name): {
                "value": values[name],
                "versions": {key: current[key] for key in set(keys)},
                "expires_at": expires_at,
            }
            for name, keys in computed.items()
        },
        timeout=lifetime,
    )


def fragment(name, compute, *, next_change=None):
    """One fragment (see ``fragments``)."""
    return fragments({name: compute}, next_change=next_change)[name]
