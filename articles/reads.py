"""Counting article reads without a database write per page view, for "most read".

A read is added up in the shared cache (``jobs.counters``), under one counter
per article and day; the first read of a counter since its last flush writes
the counter's name in a numbered *register*, so a flush knows which counters to
take without scanning the archive. Every ``NEWSROOM_READ_COUNT_BATCH`` reads
queue a flush job, and ``run_scheduled_work`` queues one for the ends of
batches; the flush adds the counts to ``ArticleReadCount`` in one upsert.

Only a reader's read counts: a GET of a live article page (served fresh or
from the page cache), not a preview, a prefetch, or a known robot.
"""

import datetime
import re

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from jobs import counters, queue

from . import conf, tasks
from .models import Article, ArticleReadCount

PREFIX = "articles:reads"
#: Reads counted since the last flush, whatever the article: what fills a batch.
PENDING = f"{PREFIX}:pending"
#: The number of the register's last slot, and of the last slot a flush went through.
LAST_SLOT = f"{PREFIX}:last-slot"
FLUSHED_SLOT = f"{PREFIX}:flushed-slot"
#: Slots one flush goes through at most; the rest is left to the flush it queues.
SLOTS_PER_FLUSH = 1000

# Robots, link previewers, monitors and scripted clients announce themselves in the user agent.
ROBOT = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|embedly|preview|monitor|lighthouse|headless"
    r"|curl|wget|python|java/|go-http|okhttp|httpclient|scrapy",
    re.IGNORECASE,
)


def is_reader(request) -> bool:
    """Whether *request* is a person opening the page: a GET, not a prefetch, not a robot."""
    agent = request.headers.get("User-Agent", "")
    purpose = request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    return request.method == "GET" and bool(agent) and not ROBOT.search(agent) and "prefetch" not in purpose


def _counter_key(article_id, day):
    return f"{PREFIX}:{day}:{article_id}"


def _slot_key(number):
    return f"{PREFIX}:slot:{number}"


def record_read(request, *, article_id: int) -> None:
    """Count one read of article *article_id* today, if *request* is a reader's; never touches the database.

    Except once a batch: the read that fills it queues the flush job.
    """
    counters.count_soon(read_counts(request, article_id=article_id))


def read_counts(request, *, article_id: int):
    """One read as ``(counter keys, then)`` for ``jobs.counters.count_soon``; no keys when it does not count.

    The page cache counts a read together with the appeal's impression, without waiting for either.
    """
    batch = conf.read_count_batch()
    if batch <= 0 or not is_reader(request):
        return [], None
    day = timezone.localdate().isoformat()

    def then(counted, pending):
        if counted == 1:
            _register(article_id, day)
        if pending == batch:
            _enqueue_flush()

    return [_counter_key(article_id, day), PENDING], then


def _register(article_id, day):
    """Write a counter that started (again) in the next slot of the register."""
    number = counters.count(LAST_SLOT)
    if number is not None:
        cache.set(_slot_key(number), (article_id, day), timeout=None)


def _enqueue_flush():
    queue.enqueue(tasks.flush_reads)


def flush_reads() -> int:
    """Add the reads counted in the cache since the last flush to ``ArticleReadCount``; return how many."""
    counters.take(PENDING)
    first = (cache.get(FLUSHED_SLOT) or 0) + 1
    last_written = cache.get(LAST_SLOT) or 0
    last = min(last_written, first + SLOTS_PER_FLUSH - 1)
    slot_keys = [_slot_key(number) for number in range(first, last + 1)]
    started = set(cache.get_many(slot_keys).values())
    taken = {started_counter: counters.take(_counter_key(*started_counter)) for started_counter in started}
    taken = {counter: reads for counter, reads in taken.items() if reads > 0}
    try:
        _add_counts(taken)
    except Exception:
        for counter, reads in taken.items():  # not written: leave them for the next flush
            counters.give_back(_counter_key(*counter), reads)
        raise
    cache.set(FLUSHED_SLOT, last, timeout=None)
    cache.delete_many(slot_keys)
    _register_again(started)
    if last < last_written:
        _enqueue_flush()
    return sum(taken.values())


def _register_again(started):
    """Register once more the counters that took reads while being flushed (their first read was not a 1)."""
    waiting = cache.get_many([_counter_key(*counter) for counter in started])
    for counter in started:
        if (waiting.get(_counter_key(*counter)) or 0) > 0:
            _register(*counter)


@transaction.atomic
def _add_counts(taken):
    """Add *taken* ``{(article_id, day): reads}`` to the daily counts in one upsert (articles deleted since are skipped)."""
    existing = set(Article.objects.filter(pk__in={article_id for article_id, _ in taken}).values_list("pk", flat=True))
    rows = [(article_id, day, reads) for (article_id, day), reads in taken.items() if article_id in existing]
    if not rows:
        return
    table = connection.ops.quote_name(ArticleReadCount._meta.db_table)
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    params = [value for article_id, day, reads in rows for value in (article_id, _day_value(day), reads)]
    with connection.cursor() as cursor:
        # PostgreSQL and SQLite both add to a row already there; no read-modify-write in Python.
        cursor.execute(
            f"INSERT INTO {table} (article_id, day, count) VALUES {values} "
            f"ON CONFLICT (day, article_id) DO UPDATE SET count = {table}.count + excluded.count",
            params,
        )


def _day_value(day):
    return connection.ops.adapt_datefield_value(datetime.date.fromisoformat(day))


def enqueue_read_flush() -> bool:
    """Queue a flush if reads are waiting in the cache (the end of a batch); for ``run_scheduled_work``."""
    waiting = (cache.get(LAST_SLOT) or 0) > (cache.get(FLUSHED_SLOT) or 0)
    if waiting:
        _enqueue_flush()
    return waiting
