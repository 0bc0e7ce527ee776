"""Benchmark: importing again an archive whose posts all changed, with the code of two trees, in one run.

Run: ``.venv/bin/python bench/reimport_wordpress.py --before /path/to/older/tree [--posts 2000] [--rounds 2]``.

The archive is ``bench/import_wordpress.py``'s two-site export (``generate``).
Each measurement runs in a fresh process, with the project's code taken from
one tree (``--before``: an older checkout, e.g. ``git worktree add … wpspeed``;
the after tree is this one), on an emptied PostgreSQL database
(``BENCH_WORDPRESS_DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/wt_wpreimport``):
the archive is imported once, then a changed export is imported again and
timed: every post has a new paragraph, every fourth a new title, every fifth
a new tag, every tenth a new slug (so old addresses are remembered); or,
with ``--kind conversion``, the same export after ``CONVERSION_VERSION``
moved on (every post converted again, none coming out different). A digest
of the outcome (articles, tags, authors, old addresses, translation queue)
tells whether both trees left the same. Before
and after alternate for ``--rounds`` rounds, so a load on the shared machine
touches both. Results go to ``bench/results/reimport_wordpress-<time>.json`` and ``.md``.
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/wt_wpreimport"


def _archive_module():
    spec = importlib.util.spec_from_file_location("bench_import_wordpress", HERE / "import_wordpress.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _changed(item_text, number):
    """The same post, edited since the first export."""
    text = item_text.replace("]]></content:encoded>", "\n\n<p>Correction: an earlier version of this story gave the wrong date.</p>]]></content:encoded>")
    if number % 4 == 0:
        text = text.replace("<title><![CDATA[", "<title><![CDATA[Updated: ", 1)
    if number % 5 == 0:
        text = text.replace("</item>", '<category domain="post_tag" nicename="tag-corrections"><![CDATA[Corrections]]></category></item>')
    if number % 10 == 0:
        text = text.replace("<wp:post_name><![CDATA[", "<wp:post_name><![CDATA[renamed-", 1)
    return text


def measure(posts, tree, kind):
    """Import the archive, then again (*kind*: its changed export, or the same after a conversion change); return
    the second import's numbers (a fresh process)."""
    archive = _archive_module()
    archive.configure()
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_WORDPRESS_DATABASE_URL", DEFAULT_URL)
    sys.path.insert(0, tree)
    archive._create_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from wordpress import services

    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)
    with tempfile.TemporaryDirectory() as directory:
        first = services.import_files(paths=archive.generate(directory, posts))
        if kind == "changed":
            original = archive._item
            archive._item = lambda language, number, pairs, rng: _changed(original(language, number, pairs, rng), number)
        else:  # every post converted again (``CONVERSION_VERSION`` moved on), each coming out as it was
            services.CONVERSION_VERSION += "-bench"
        changed = archive.generate(tempfile.mkdtemp(dir=directory), posts)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        start = time.perf_counter()
        report = services.import_files(paths=changed)
        seconds = time.perf_counter() - start
    return {
        "state": _state_digest(),
        "tree": tree,
        "kind": kind,
        "posts": posts,
        "first_import_created": first.posts["created"],
        "reimport_seconds": round(seconds, 2),
        "reimport_posts_per_s": round((report.posts["updated"] + report.posts["unchanged"]) / seconds, 1),
        "updated": report.posts["updated"],
        "unchanged": report.posts["unchanged"],
        "skipped": report.posts["skipped"],
    }


def _state_digest():
    """A digest of what readers, editors and translators see after the re-import, equal for equal outcomes."""
    import hashlib

    from addresses.models import OldAddress
    from articles.models import Article
    from translations.models import TranslationQueueEntry

    digest = hashlib.sha256()
    articles = Article.objects.order_by("language", "slug").prefetch_related("tags", "authors")
    for article in articles:
        digest.update(repr((
            article.language, article.slug, article.title, article.summary, article.body, article.status,
            article.published_at.isoformat() if article.published_at else None, article.revised_at is not None,
            article.text_fingerprint, article.search_body, sorted(tag.slug for tag in article.tags.all()),
            sorted(author.slug for author in article.authors.all()),
        )).encode())
    addresses = OldAddress.objects.order_by("host", "path").values_list("host", "path", "reason", "was_public", "article__slug")
    digest.update(repr(list(addresses)).encode())
    queue = TranslationQueueEntry.objects.order_by("language", "source__slug").values_list("language", "need", "source__slug", "translation__slug")
    digest.update(repr(list(queue)).encode())
    return digest.hexdigest()[:16]


def render(rows):
    lines = ["| code | re-import of | posts | re-import s | posts/s | updated | unchanged |", "|---|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row['label']} | {row['kind']} | {row['posts']:,} | {row['reimport_seconds']} | "
                     f"{row['reimport_posts_per_s']} | {row['updated']} | {row['unchanged']} |")
    for label in ("before", "after"):
        times = sorted(row["reimport_seconds"] for row in rows if row["label"] == label)
        lines.append(f"\n{label}: best {times[0]} s of {len(times)}")
    best = {label: min(row["reimport_seconds"] for row in rows if row["label"] == label) for label in ("before", "after")}
    lines.append(f"\nSpeed-up (best of each): {best['before'] / best['after']:.1f}×")
    same = len({row["state"] for row in rows}) == 1
    lines.append(f"\nOutcome (articles, tags, authors, old addresses, translation queue) identical in every run: {same}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="a checkout of the code to compare with (required)")
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--kind", choices=("changed", "conversion"), default="changed",
                        help="changed: every post edited; conversion: the same export after a conversion change")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)  # the child process: posts, tree, kind
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(int(args.one[0]), args.one[1], args.one[2])))
        return
    if not args.before:
        parser.error("--before is required")
    rows = []
    for _round in range(args.rounds):
        for label, tree in (("before", os.path.realpath(args.before)), ("after", str(ROOT))):
            print(f"{label}: {args.posts:,} posts…", flush=True)
            done = subprocess.run([sys.executable, __file__, "--one", str(args.posts), tree, args.kind], capture_output=True, text=True,
                                  cwd=tree)
            if done.returncode:
                sys.exit(done.stderr)
            rows.append({"label": label, **json.loads(done.stdout.strip().splitlines()[-1])})
            print(json.dumps(rows[-1]), flush=True)
    _archive_module().write_results(f"reimport_wordpress-{args.kind}", rows, render(rows))


if __name__ == "__main__":
    main()
