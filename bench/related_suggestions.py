"""Benchmark of computing related-article suggestions on a large section.

Run: ``.venv/bin/python bench/related_suggestions.py [--articles N]``.

It builds a throw-away SQLite database with N published English articles in
one section (a busy desk over a year), each with a few of 30 tags and a
realistic title and summary, then times:

* ``refresh_suggestions_for`` on one article (its own list: what pinning,
  excluding or copying costs);
* ``refresh_related_suggestions`` on one article (its list and the lists it
  enters or leaves: what saving an article in the admin costs);
* ``refresh_all_suggestions`` (the management command), per article.

Each figure is also given as a ratio against a baseline measured in the same
run (one plain ``Article.save()``); absolute times drift on shared machines.

At archive size: ``--database-url postgres://.../bench_200k [--sample 2000]``
measures an existing archive (``manage.py generate_archive``) without
changing it: every write is rolled back. Against a baseline of one primary-key
read of an article, it times

* a full run's work per list: ``--sample`` lists in batches, as
  ``refresh_all_suggestions`` computes and writes them (rolled back), plus
  reading each language's tag and section lists once; and from these the
  full run over the whole archive, extrapolated;
* refreshing one story's list alone (``refresh_suggestions_for``, computing only);
* the quality of the bounded candidate set: of the top 5 that scoring every
  eligible story in the window would give (exact), how many the bounded set
  keeps, on a sample; and, where the archive holds lists computed earlier
  (the generator's sample, by the previous code), how many of their top 5 stay.

``--full`` also runs the whole ``refresh_related_suggestions --all`` for real
(it rewrites every stored list: the generator's lists are such lists too).
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (
    "Damascus Aleppo Idlib Hmeimim Ankara Moscow Baghdad talks meeting electricity fuel prices bread wheat harvest "
    "refugees return schools exams water shortage power cuts solar workshops reconstruction earthquake families "
    "regime opposition mediation security council resolution negotiations farmers markets currency salaries"
).split()


def setup(database_url):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build(count):
    from django.utils import timezone

    from articles.models import Article, Section, Tag

    rng = random.Random(4)
    section = Section.objects.create(name_en="Politics", slug_en="politics", slug_ar="سياسة")
    tags = [Tag.objects.create(name_en=f"Tag {n}", slug_en=f"tag-{n}", slug_ar=f"وسم-{n}") for n in range(30)]
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            language="en",
            title=" ".join(rng.sample(WORDS, 9)),
            slug=f"story-{n}",
            summary=" ".join(rng.sample(WORDS, 20)),
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=now - datetime.timedelta(hours=n * 4),
        )
        for n in range(count)
    )
    Through = Article.tags.through
    Through.objects.bulk_create(
        Through(article_id=article.pk, tag_id=tag.pk) for article in articles for tag in rng.sample(tags, 3)
    )
    return articles


def seconds_for(function, repeat=1):
    """Median seconds of *repeat* runs of *function*."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return sorted(samples)[len(samples) // 2]


class Rollback(Exception):
    """Raised to undo a measured write."""


def rolled_back(function):
    """Run *function* in a transaction that is then rolled back."""
    from django.db import transaction

    try:
        with transaction.atomic():
            function()
            raise Rollback
    except Rollback:
        pass


def exact_top(article, data, size=5):
    """The top *size* of scoring every eligible story of *article*'s window: what the bounded set should match."""
    from articles import candidates, services, suggestions

    story = services._story(article)
    everyone = candidates.eligible(article.language).filter(published_at__range=candidates.window(story))
    found = data.get(list(everyone.exclude(pk=article.pk).values_list("pk", flat=True)))
    curated = services._curated([article.pk]).get(article.pk, set())
    allowed = [candidate for pk, candidate in found.items() if pk not in curated]
    return [match.target_pk for match in suggestions.best_matches(story, allowed, limit=size)]


def kept(reference, new):
    """How many of each *reference* top 5 are in the *new* top 5, summed; and the total."""
    return sum(len(set(reference[pk]) & set(new[pk])) for pk in reference), sum(len(top) for top in reference.values())


def measure_archive(args):
    """Sampled timings and list quality on an existing archive (nothing is changed unless ``--full``)."""
    from django.db.models import Count

    from articles import candidates, services
    from articles.models import Article, RelatedSuggestion

    rng = random.Random(11)
    total = Article.objects.count()
    ids = sorted(Article.objects.values_list("pk", flat=True))
    probe = ids[len(ids) // 2]
    baseline = seconds_for(lambda: Article.objects.get(pk=probe), repeat=50)

    start = time.perf_counter()
    indexes = {language: candidates.CandidateIndex.of_language(language) for language in ("en", "ar")}
    index_seconds = time.perf_counter() - start
    # Consecutive batches from a few places in the archive, as a full run takes them.
    data, done, start, cpu = candidates.CandidateData(), 0, time.perf_counter(), time.process_time()
    per_place = max(1, min(args.sample, len(ids)) // 4)
    for first in sorted(rng.sample(range(len(ids) - per_place), 4)):
        for batch_start in range(first, first + per_place, services.REBUILD_BATCH):
            batch_ids = ids[batch_start : min(batch_start + services.REBUILD_BATCH, first + per_place)]
            rolled_back(lambda: services._refresh_locked(services._lock_lists(batch_ids), indexes=indexes, data=data))
            done += len(batch_ids)
    per_list = (time.perf_counter() - start) / done
    # This process's CPU alone (the database's is not in it): steadier than wall time on a busy machine.
    cpu_per_list = (time.process_time() - cpu) / done
    extrapolated = index_seconds + per_list * total

    published = list(Article.objects.filter(status=Article.Status.PUBLISHED).values_list("pk", flat=True))
    sample = list(Article.objects.filter(pk__in=rng.sample(published, min(args.quality, len(published)))))
    alone = seconds_for(lambda: [services._rows_for(article) for article in sample[:50]]) / min(50, len(sample))

    new = {article.pk: [row.target_id for row in services._rows_for(article)][:5] for article in sample}
    everything = candidates.CandidateData(keep=10**9)
    exact = {article.pk: exact_top(article, everything) for article in sample}
    stored = {}
    with_lists = (
        Article.objects.filter(status=Article.Status.PUBLISHED, related_suggestions__isnull=False)
        .annotate(rows=Count("related_suggestions"))
        .filter(rows__gt=0)[: args.quality]
    )
    for article in with_lists:
        rows = RelatedSuggestion.objects.filter(article=article).order_by("rank")
        stored[article.pk] = list(rows.values_list("target_id", flat=True)[:5])
    now = {article.pk: [row.target_id for row in services._rows_for(article)][:5] for article in with_lists}

    print(f"archive: {total} articles; {done} lists timed in batches; quality on {len(sample)} stories")
    print(f"candidate caps: {services.TAG_CANDIDATES} by tags, {services.SECTION_CANDIDATES} by section")
    print(f"{'operation':<58} {'ms':>10} {'x baseline':>11}")
    for label, seconds in (
        ("baseline: one article read by primary key", baseline),
        ("full run: reading the tag and section lists (once)", index_seconds),
        ("full run: per list (computed and written, rolled back)", per_list),
        ("  of which this process's CPU", cpu_per_list),
        ("one story's list alone (computed, not written)", alone),
    ):
        print(f"{label:<58} {seconds * 1000:10.2f} {seconds / baseline:11.1f}")
    print(f"full run over {total} articles, extrapolated: {extrapolated / 60:.1f} min (one process)")
    exact_kept, exact_total = kept(exact, new)
    print(f"exact top 5 kept by the bounded set: {exact_kept}/{exact_total} ({exact_kept / max(exact_total, 1):.1%})")
    if stored:
        stored_kept, stored_total = kept(stored, now)
        print(f"stored top 5 (computed earlier) kept now: {stored_kept}/{stored_total} on {len(stored)} stored lists")
    if args.full:
        start = time.perf_counter()
        count = services.refresh_all_suggestions()
        seconds = time.perf_counter() - start
        print(f"full run, measured: {count} lists in {seconds / 60:.1f} min ({seconds / count * 1000:.2f} ms per list)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--database-url", help="Measure this existing archive instead (e.g. bench_200k).")
    parser.add_argument("--sample", type=int, default=2000, help="With --database-url: lists timed in batches.")
    parser.add_argument("--quality", type=int, default=200, help="With --database-url: stories whose lists are compared.")
    parser.add_argument("--full", action="store_true", help="With --database-url: also run the full rebuild for real.")
    parser.add_argument("--caps", help="With --database-url: try other candidate caps, e.g. 200,100 (tags, section).")
    args = parser.parse_args()
    if args.database_url:
        setup(args.database_url)
        if args.caps:
            from articles import services

            services.TAG_CANDIDATES, services.SECTION_CANDIDATES = (int(cap) for cap in args.caps.split(","))
        measure_archive(args)
        return
    database = Path(tempfile.mkdtemp(prefix="newsroom-bench-")) / "bench.sqlite3"
    setup(f"sqlite:///{database}")
    articles = build(args.articles)
    from articles import services

    middle = articles[len(articles) // 2]
    # Baseline, measured in this run: saving one article with no suggestion work at all.
    baseline = seconds_for(lambda: middle.save(), repeat=20)
    rows = [
        ("baseline: Article.save()", baseline),
        ("refresh_suggestions_for (own list)", seconds_for(lambda: services.refresh_suggestions_for(article=middle), 5)),
        (
            "refresh_related_suggestions (own + neighbours)",
            seconds_for(lambda: services.refresh_related_suggestions(article=middle), 5),
        ),
        ("refresh_all_suggestions, per article", seconds_for(services.refresh_all_suggestions) / len(articles)),
    ]
    print(f"{len(articles)} articles in one section")
    print(f"{'operation':<50} {'ms':>9} {'x baseline':>11}")
    for label, seconds in rows:
        print(f"{label:<50} {seconds * 1000:9.2f} {seconds / baseline:11.1f}")


if __name__ == "__main__":
    main()
