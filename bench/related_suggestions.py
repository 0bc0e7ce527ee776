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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
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
