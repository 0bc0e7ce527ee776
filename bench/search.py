"""Benchmark of the search page at 1,000 and 200,000 articles on PostgreSQL, with the plans that serve it.

Run: ``.venv/bin/python bench/search.py [--sizes 1000,200000] [--requests 30]``.

Each size uses the generated archive of ``bench/scale.py`` (``BENCH_DATABASE_URL``,
``postgres://postgres@127.0.0.1:5432/bench_{size}`` by default, with ``{size}``
written ``1k`` or ``200k``), migrated up to the search migration
(``manage.py migrate``: it fills the search columns and vectors). It measures,
in its own process with production settings and no page cache, the whole
search page through the test client (``/en/search/?q=…``) and its read alone
(``selectors.search_articles``: the queries and the highlighting), for a mix of
queries: common and rare words, several words, Arabic written in its
variants, a misspelling (the trigram fallback), both orders and a later page.
It prints p50 and p95 per query and over all of them, the queries of one
request, and ``EXPLAIN ANALYZE`` of the main query of a common and a rare word,
which should show the GIN index (``article_search_vector_gin``) and the
trigram index (``article_search_title_trgm``). The target at 200k: p95 < 100 ms.
"""

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import scale  # noqa: E402 - bench/scale.py, next to this file: the same databases and environment

TARGET_P95_MS = 100

#: (label, edition, parameters): what readers type, from the generated archive's vocabulary.
QUERIES = [
    ("en common word", "en", {"q": "bread"}),
    ("en two words", "en", {"q": "bread prices"}),
    ("en stemmed", "en", {"q": "hospital"}),
    ("en rare pair", "en", {"q": "cholera Palmyra vaccines"}),
    # The generator's text glues some words together ("humanhuman"): ~1.5 % of stories, a rarer word.
    ("en rarer word", "en", {"q": "humanhuman"}),
    ("en newest first", "en", {"q": "electricity", "order": "newest"}),
    ("en page 5", "en", {"q": "electricity", "page": "5"}),
    ("en misspelt", "en", {"q": "recnstruction"}),
    ("en no match, newest", "en", {"q": "recnstruction", "order": "newest"}),
    ("ar common word", "ar", {"q": "الخبز"}),
    ("ar variant", "ar", {"q": "خبز"}),
    ("ar plural", "ar", {"q": "المدارس"}),
    ("ar marks", "ar", {"q": "المَدارِس"}),
    ("ar newest first", "ar", {"q": "الكهرباء", "order": "newest"}),
    ("ar no match", "ar", {"q": "قطارات"}),
]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(call, times):
    """Milliseconds of *times* calls of *call*."""
    timings = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def explain(language, q, order="relevance"):
    """EXPLAIN ANALYZE of each query the search read makes (one or two for the ids, the page, the trigram fallback)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles import search, selectors

    with CaptureQueriesContext(connection) as queries:
        selectors.search_articles(language=language, query=search.Query.parse(q), order=order)
    plans = []
    with connection.cursor() as cursor:
        for number, captured in enumerate(queries.captured_queries, start=1):
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {captured['sql']}")
            plans.append(f"-- query {number}\n" + "\n".join(row[0] for row in cursor.fetchall()))
    return "\n".join(plans)


def measure(requests):
    """In the benchmark process (Django set up): time each query's page; print the table and the plans."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles import search, selectors

    call_command("collectstatic", verbosity=0, interactive=False)  # production's manifest storage needs it
    client, every, reads = Client(HTTP_HOST="localhost"), [], []
    baseline = timed(lambda: client.get("/healthz", secure=True), requests)
    print(f"/healthz (same middleware, no database, no template): p50 {statistics.median(baseline):.1f} ms\n")
    print(f"{'query':<20} {'page p50':>9} {'page p95':>9} {'read p50':>9} {'read p95':>9} {'queries':>8} {'results':>8}")
    for label, language, params in QUERIES:
        url = f"/{language}/search/"
        client.get(url, params, secure=True)  # warm: the first request pays for plans and caches
        timings = timed(lambda: client.get(url, params, secure=True), requests)
        query, page = search.Query.parse(params["q"]), int(params.get("page", 1))
        read = timed(lambda: selectors.search_articles(language=language, query=query, order=params.get("order", "relevance"), page=page), requests)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params, secure=True)
        every, reads = every + timings, reads + read
        found = response.content.decode().count('<li class="search-result">')
        print(
            f"{label:<20} {statistics.median(timings):9.1f} {percentile(timings, 0.95):9.1f}"
            f" {statistics.median(read):9.1f} {percentile(read, 0.95):9.1f} {len(queries):8d} {found:8d}"
        )
    p95, read95 = percentile(every, 0.95), percentile(reads, 0.95)
    print(f"{'all':<20} {statistics.median(every):9.1f} {p95:9.1f} {statistics.median(reads):9.1f} {read95:9.1f}")
    print(f"\ntarget p95 < {TARGET_P95_MS} ms: page {'met' if p95 < TARGET_P95_MS else 'MISSED'}, "
          f"read (selector: queries and highlighting) {'met' if read95 < TARGET_P95_MS else 'MISSED'}")
    cases = (
        ("en", "bread", "relevance"),  # common: the ordered walk of the newest stories
        ("en", "humanhuman", "relevance"),  # rarer: the walk falls short, the GIN index finds them
        ("ar", "الكهرباء", "newest"),
        ("en", "recnstruction", "relevance"),  # misspelt: nothing in the GIN index, then the trigram index
    )
    for language, q, order in cases:
        print(f"\nEXPLAIN ANALYZE, {language} «{q}», {order}:\n{explain(language, q, order)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,200000")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(args.requests)
        return
    for size in (int(text) for text in args.sizes.split(",")):
        # The environment of bench/scale.py: production settings, no page cache, HTTPS as behind a proxy.
        env = scale.child_environment(size)
        print(f"\n== {size:,} articles ({env['DATABASE_URL']}) ==", flush=True)
        subprocess.run([sys.executable, __file__, "--child", "--requests", str(args.requests)], env=env, cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
