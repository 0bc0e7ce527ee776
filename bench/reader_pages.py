"""Benchmark of the reader pages, as ratios against a baseline measured in the same run.

Run: ``make bench`` (or ``.venv/bin/python bench/reader_pages.py [--requests N]``).

It builds a throw-away SQLite site with the demo content (or uses ``DATABASE_URL``
with ``--keep-db``), then times each page through the whole Django stack with the
test client. The baseline is ``/healthz``: the same middleware, no database and no
template. Absolute timings drift on shared machines; the ratio and the query count
are what to compare between runs. Results are also written to bench/results/.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(database_url):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="newsroom-bench-media-"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo_content", stdout=quiet)


def time_page(client, url, requests):
    """Median seconds per request and the number of queries of one request."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # With DEBUG on every query is logged in a bounded deque; empty it so the count is right.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), len(captured.captured_queries)


def measure(client, url, requests):
    seconds, queries = time_page(client, url, requests)
    return {"url": url, "median_ms": round(seconds * 1000, 3), "queries": queries}


def load_the_article_page():
    """Pin twelve related articles on the newest English story and run ten live banners."""
    from articles.models import Article
    from articles.services import pin_related_article
    from newsroom.banners.models import Banner

    article = Article.objects.published().in_language("en").order_by("-published_at").first()
    for target in Article.objects.published().in_language("en").exclude(pk=article.pk)[:12]:
        if not article.related_pins.filter(target=target).exists():
            pin_related_article(article=article, target=target)
    template = Banner.objects.first()
    for number in range(10 - Banner.objects.count()):
        template.pk, template.name = None, f"Bench campaign {number}"
        template._state.adding = True
        template.save()
    return article.get_absolute_url()


def pages_to_measure():
    from articles.models import Article, Section
    from django.utils import translation

    pages = {"baseline /healthz": "/healthz"}
    for language in ("en", "ar"):
        article = Article.objects.published().in_language(language).order_by("-published_at").first()
        with translation.override(language):
            section = Section.objects.first()
            pages[f"{language} edition home"] = f"/{language}/"
            pages[f"{language} article"] = article.get_absolute_url()
            pages[f"{language} section"] = section.get_absolute_url()
    return pages


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as scratch:
        setup_django(os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3"))
        from django.test import Client

        client = Client(HTTP_HOST="localhost")
        results = {}
        for name, url in pages_to_measure().items():
            results[name] = measure(client, url, args.requests)
        # The same article page again once it carries far more than the demo gives it:
        # its cost must not grow with related articles or banners.
        url = load_the_article_page()
        results["en article, 12 related + 10 banners"] = measure(client, url, args.requests)

    baseline = results["baseline /healthz"]["median_ms"]
    print(f"{'page':<40} {'queries':>7} {'median ms':>10} {'x baseline':>11}")
    for name, row in results.items():
        row["ratio"] = round(row["median_ms"] / baseline, 1)
        print(f"{name:<40} {row['queries']:>7} {row['median_ms']:>10.2f} {row['ratio']:>11.1f}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"reader_pages-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
