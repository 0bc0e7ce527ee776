"""Where a page served from the page cache spends its CPU, against a bare view, in one process.

Run: ``.venv/bin/python bench/cached_hit.py [--size 200000] [--requests 4000]``
on an archive ``bench/scale.py`` generated (``bench_1k``, ``bench_200k``; or
``--database-url``), with production settings and Redis (db 5, or
``BENCH_CACHE_URL``) as the shared cache.

Each request is one call of Django's WSGI handler, so gunicorn, the network
and the load generator are left out and what remains is the site's own CPU
(``time.process_time``) per request, in rounds that alternate:

* ``/healthz``: the whole middleware stack, no database, no template (the
  baseline of ``bench/scale.py``'s req/s ratios);
* the typical English article page (``scale_pages.showcase_article``) as a
  cache hit, asked as a browser asks (``Accept-Encoding: gzip``);
* the same hit asking Redis for its key versions every time, as before this
  process kept exact copies of them (``get_many_watched``): what the copies save.

The hit's counts (the appeal's impression, the read) are sent by a thread of
the process (``jobs.counters.count_soon``); each measurement waits for them,
and ``time.process_time`` counts every thread, so their CPU is in the figures.

The ratios to ``/healthz`` are what to read; the machine's load moves the
milliseconds. Nothing is written to the archive (the counters the hits add
up are in Redis).
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import production  # noqa: E402 (the project's root goes on the path first)


def configure(database_url):
    os.environ.update(production.environment(
        DATABASE_URL=database_url,
        CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5"),
        NEWSROOM_PAGE_CACHE_SECONDS="300",
    ))  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", verbosity=0, interactive=False)  # production's manifest storage needs it


def request(handler, path):
    """One GET of *path* through the WSGI handler, as a browser behind the TLS proxy asks; the status line."""
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "localhost",
        "SERVER_PORT": "443", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "localhost",
        "HTTP_X_FORWARDED_PROTO": "https", "HTTP_ACCEPT_ENCODING": "gzip, deflate, br",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr,
    }  # fmt: skip
    status = []
    body = handler(environ, lambda line, headers: status.append(line))
    b"".join(body)
    body.close()
    return status[0]


def cpu_ms(call, requests):
    from jobs import counters

    for _ in range(min(200, requests)):
        call()
    counters.wait_until_counted()
    start = time.process_time()
    for _ in range(requests):
        call()
    counters.wait_until_counted()  # the counts this round handed over are part of its cost
    return (time.process_time() - start) / requests * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000, help="the archive bench/scale.py generated")
    parser.add_argument("--database-url", help="another archive (default postgres://…/bench_<size>)")
    parser.add_argument("--requests", type=int, default=4000, help="requests per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from bench.scale import DEFAULT_URL, short

    configure(args.database_url or DEFAULT_URL.format(size=short(args.size)))

    from django.core.cache import caches
    from django.core.handlers.wsgi import WSGIHandler

    from bench import scale_pages

    handler = WSGIHandler()
    article = scale_pages.showcase_article("en").get_absolute_url()
    # Rendered and stored, then read back once: this process now holds the page, as a warm app server does.
    assert all(request(handler, path).startswith("200") for path in (article, article, "/healthz"))
    shared_cache = caches["default"]
    assert hasattr(shared_cache, "get_many_watched"), "the bench needs the project's Redis cache (BENCH_CACHE_URL)"

    rows = {"healthz": [], "cached article (hit)": [], "the hit asking Redis each time": []}
    for _round in range(args.rounds):
        rows["healthz"].append(cpu_ms(lambda: request(handler, "/healthz"), args.requests))
        rows["cached article (hit)"].append(cpu_ms(lambda: request(handler, article), args.requests))
        shared_cache.get_many_watched = None  # articles.page_cache then asks with get_many
        try:
            rows["the hit asking Redis each time"].append(cpu_ms(lambda: request(handler, article), args.requests))
        finally:
            del shared_cache.get_many_watched
    base = statistics.median(rows["healthz"])
    print(f"{'CPU per request (median of rounds)':<36} {'ms':>7} {'× healthz':>10}")
    for name, values in rows.items():
        value = statistics.median(values)
        print(f"{name:<36} {value:7.3f} {value / base:10.2f}")


if __name__ == "__main__":
    main()
