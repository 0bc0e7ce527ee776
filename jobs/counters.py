"""Counters added up in the shared cache and moved to the database in batches.

A page view must not write to the database (nor wait for, or fail on, a
counter), so counts are added up in the cache, where ``cache.incr`` is atomic,
and a background job *takes* them and writes them in one statement. Banner
impressions (``newsroom/banners/services.py``) and article reads
(``articles/reads.py``) both count this way.

Counts live in the cache until taken: they are lost only if the cache is
emptied first, so a recorded number is never an overcount. A page view hands
its counts over without waiting (``count_soon``): on Redis a thread of the
process sends them a moment later, so a process that is killed loses the
few in flight, never counts one twice.

This module knows only Django's cache API (articles may use it, and articles
knows nothing of the project): a cache that does not answer raises
``ValueError`` from ``incr``/``decr`` like a missing key, and the project's
Redis cache (``newsroom/cache.py``) logs its outages itself.
"""

from django.core.cache import cache


def count(key) -> int | None:
    """Add one to the counter *key*; return the count now waiting, or ``None`` if the cache did not answer.

    Each count is seen by exactly one caller, so the caller that sees exactly
    its batch size can queue a flush, once per batch (the flush takes the
    counter back down).
    """
    cache.add(key, 0, timeout=None)
    try:
        return cache.incr(key)
    except ValueError:
        # Evicted between add() and incr(): start again. If even add() fails the cache does not
        # answer (or another request started it first: one count lost, never an overcount).
        return 1 if cache.add(key, 1, timeout=None) else None


def count_many(keys) -> list:
    """``count`` for each of *keys*, in one round trip when the cache can pipeline (``incr_many``)."""
    incr_many = getattr(cache, "incr_many", None)
    if incr_many is None:
        return [count(key) for key in keys]
    return incr_many(list(keys))


def count_together(*counts) -> None:
    """Add up several ``(keys, then)`` counts in one ``count_many``; each *then* gets its keys' new values."""
    counts = [(keys, then) for keys, then in counts if keys]
    values = iter(count_many([key for keys, _then in counts for key in keys]))
    for keys, then in counts:
        then(*[next(values) for _key in keys])


def count_soon(*counts) -> None:
    """``count_together`` without waiting for the cache, where it can count in the background (``incr_many_later``).

    Each *then* still gets its keys' new values, exactly as from
    ``count_together``, but from the cache's sending thread, a moment after
    the view answered: a page view (above all one served from the page
    cache) never waits for a counter. Elsewhere it is ``count_together``.
    """
    counts = [(keys, then) for keys, then in counts if keys]
    if not counts:
        return
    later = getattr(cache, "incr_many_later", None)
    if later is None:
        count_together(*counts)
        return

    def done(values):
        values = iter(values)
        for keys, then in counts:
            then(*[next(values) for _key in keys])

    later([key for keys, _then in counts for key in keys], done)


def wait_until_counted(timeout=5.0) -> bool:
    """Block until every ``count_soon`` of this process has been counted (at once where counting does not wait)."""
    wait = getattr(cache, "wait_until_counted", None)
    return wait(timeout) if wait is not None else True


def take(key) -> int:
    """Take every count waiting under *key*, leaving what other flushes or new counts add meanwhile.

    The count is read and then subtracted; a second flush that read the same
    count drives the counter below zero and gives its share back, so each
    count is taken by exactly one flush without any lock.
    """
    waiting = cache.get(key) or 0
    if waiting <= 0:
        return 0
    try:
        left = cache.decr(key, waiting)
    except ValueError:  # nothing subtracted (no answer, or evicted): never write what may be counted again
        return 0
    if left >= 0:
        return waiting
    try:
        cache.incr(key, -left)
    except ValueError:  # the share could not be given back: keep it; the counter stays below zero
        return waiting
    return waiting + left


def give_back(key, taken) -> None:
    """Return *taken* counts to *key* when writing them failed, for the next flush to take."""
    try:
        cache.incr(key, taken)
    except ValueError:
        cache.set(key, taken, timeout=None)
