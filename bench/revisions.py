"""Benchmark: revisions must not make the admin's save or an article's history slow as they pile up.

Run: ``.venv/bin/python bench/revisions.py [--sizes 1000,200000] [--requests 30] [--budget 15]``.

One PostgreSQL database (``BENCH_REVISIONS_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/bench_revisions``), created if missing,
holding a generated archive of 1,000 articles (``newsroom.demo.archive``,
no suggestions). Production settings as ``bench/scale.py`` uses them
(``DJANGO_DEBUG=0``, the database job queue, so a save only enqueues its refresh).

The revision tables are emptied, then filled to each size in turn with
``Revision``/``Version`` rows inserted in bulk (filler revisions of the other
articles, about 1 kB each, plus 120 real revisions of the measured article, so
its history has three pages at every size). At each size, through the test
client and with ``/healthz`` measured before and after as the baseline (p50s are
reported as a multiple of it, as in ``bench/scale.py``):

* the admin save of the measured article (its change form posted unchanged, with
  the current edit version: one conditional UPDATE and one new revision);
* its history, page 1 and page 3;
* the comparison of two of its revisions.

Results go to ``bench/results/revisions-<time>.json`` and ``.md``.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_revisions"
ARCHIVE_SIZE = 1000
#: Real revisions of the measured article (three pages of history at 50 a page).
OWN_REVISIONS = 120
BATCH = 5000


def configure():
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-use-0123456789",
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1,testserver",
        DJANGO_BEHIND_TLS_PROXY="1",
        DATABASE_URL=os.environ.get("BENCH_REVISIONS_DATABASE_URL", DEFAULT_URL),
        DJANGO_STATIC_ROOT=str(RESULTS / "static"),
        DJANGO_MEDIA_ROOT=str(RESULTS / "media"),
        DJANGO_LOG_LEVEL="ERROR",
        NEWSROOM_PAGE_CACHE_SECONDS="0",
    )


def prepare():
    """Migrate and generate the 1,000-article archive unless it is there."""
    from django.core.management import call_command

    from articles.models import Article

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    if not Article.objects.exists():
        from newsroom.demo.archive import generate_archive

        print(f"Generating {ARCHIVE_SIZE:,} articles…", flush=True)
        generate_archive(articles=ARCHIVE_SIZE, seed=1, batch_size=5000, suggestions="none", log=lambda *a: None)


# Filling the revision tables -------------------------------------------------------


def empty_revisions():
    from django.db import connection
    from reversion.models import Revision, Version

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Version._meta.db_table}, {Revision._meta.db_table} RESTART IDENTITY")


def measured_article():
    from articles.models import Article

    return Article.objects.filter(language="en", status="published").order_by("-published_at").first()


def own_revisions(article, editor):
    """*article*'s real revisions: saved once through the service, then that revision copied with new titles."""
    from django.utils import timezone
    from reversion.models import Revision, Version

    from articles import services

    services.save_article(article=article, by=editor)
    template = Version.objects.get_for_object(article).get()
    base = article.title
    for number in range(1, OWN_REVISIONS):
        revision = Revision.objects.create(
            user=editor, comment='[{"changed": {"fields": ["Title"]}}]', date_created=timezone.now()
        )
        data = template.serialized_data.replace(json.dumps(base)[1:-1], f"{base} (take {number})", 1)
        Version.objects.create(
            revision=revision, object_id=template.object_id, content_type_id=template.content_type_id,
            db=template.db, format="json", serialized_data=data, object_repr=base,
        )  # fmt: skip


def fill_to(total, editor, filler):
    """Insert filler revisions of the other articles until the tables hold *total* revisions."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone
    from reversion.models import Revision, Version

    from articles.models import Article

    content_type = ContentType.objects.get_for_model(Article)
    others = list(Article.objects.exclude(pk=measured_article().pk).values_list("pk", flat=True))
    missing, done = total - Revision.objects.count(), 0
    started = time.perf_counter()
    while done < missing:
        size = min(BATCH, missing - done)
        now = timezone.now()
        revisions = Revision.objects.bulk_create(
            [Revision(user=editor, comment='[{"changed": {"fields": ["Body"]}}]', date_created=now) for _ in range(size)]
        )
        Version.objects.bulk_create(
            [
                Version(
                    revision=revision, object_id=str(others[(done + index) % len(others)]), content_type=content_type,
                    db="default", format="json", serialized_data=filler, object_repr="Filler revision",
                )  # fmt: skip
                for index, revision in enumerate(revisions)
            ]
        )
        done += size
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Version._meta.db_table}")
        cursor.execute(f"VACUUM ANALYZE {Revision._meta.db_table}")
    return round(time.perf_counter() - started, 1)


def filler_data(article):
    """A filler revision's serialised article: the measured one's, its body cut to about 1 kB."""
    from django.core import serializers

    article.body = article.body[:1000]
    return serializers.serialize("json", [article])


# Measuring ------------------------------------------------------------------------


def save_call(client, article):
    """POST the article's change form unchanged, with the edit version read just before (as a fresh page has it)."""
    from articles.models import Article
    from bench.scale_pages import change_form_posts

    ((url, data),) = change_form_posts(client, [article])

    def call():
        data["edit_version"] = str(Article.objects.values_list("edit_version", flat=True).get(pk=article.pk))
        return client.post(url, data, secure=True)

    return call


def plan(client, article):
    from django.urls import reverse

    from articles import revisions
    from bench.scale_pages import getter

    history = reverse("admin:articles_article_history", args=[article.pk])
    newest, older = revisions.versions_of(article.pk).values_list("pk", flat=True)[:2]
    compare = reverse("admin:articles_article_compare", args=[article.pk]) + f"?old={older}&new={newest}"
    return [
        ("baseline /healthz (before)", getter(client, "/healthz"), 200),
        ("admin save (change form posted)", save_call(client, article), 302),
        ("history, page 1", getter(client, history), 200),
        ("history, page 3", getter(client, history + "?p=3"), 200),
        ("compare two revisions", getter(client, compare), 200),
        ("baseline /healthz (after)", getter(client, "/healthz"), 200),
    ]


def measure_size(client, article, *, requests, budget):
    from bench.scale_pages import measure, with_ratios

    results = {}
    for name, call, expect in plan(client, article):
        results[name] = measure(call, expect=expect, requests=requests, budget=budget)
        print(f"  {name}: {results[name]}", flush=True)
    return with_ratios(results)


def markdown(report):
    sizes = [str(size) for size in report["sizes"]]
    labels = ("p50 ms", "p95 ms", "CPU ms", "× base", "queries")
    head = ["page", *(f"{label} @{int(size):,} revisions" for size in sizes for label in labels)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in report["results"][sizes[0]]:
        cells = []
        for size in sizes:
            row = report["results"][size][name]
            cells += [f"{row[key]:.1f}" for key in ("p50_ms", "p95_ms", "cpu_ms", "ratio")] + [str(row["queries"])]
        lines.append("| " + " | ".join([name, *cells]) + " |")
    lines += ["", f"Filling the tables took (s): {json.dumps(report['fill_seconds'])}."]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,200000")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--budget", type=float, default=15)
    args = parser.parse_args()
    configure()
    from bench.scale import ensure_database

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from bench.scale_pages import EDITOR, editor_client

    prepare()
    client = editor_client()
    editor = get_user_model().objects.get(username=EDITOR)
    article = measured_article()
    empty_revisions()
    filler = filler_data(measured_article())
    own_revisions(article, editor)
    report = {"sizes": [], "results": {}, "fill_seconds": {}, "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    for size in sorted(int(size) for size in args.sizes.split(",")):
        print(f"Filling to {size:,} revisions…", flush=True)
        report["fill_seconds"][str(size)] = fill_to(size, editor, filler)
        report["sizes"].append(size)
        report["results"][str(size)] = measure_size(client, article, requests=args.requests, budget=args.budget)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    table = markdown(report)
    (RESULTS / f"revisions-{stamp}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    (RESULTS / f"revisions-{stamp}.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
