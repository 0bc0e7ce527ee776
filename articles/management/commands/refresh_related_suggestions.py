"""Bring the stored related-article suggestions up to date: what changed since the last run, or all of them."""

import multiprocessing

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from articles import editions, services


def _rebuild_part(language, index, parts):
    """One worker's share of a full run (in a forked process, with its own database connection)."""
    return services.refresh_all_suggestions(language=language, part=(index, parts), analyze=False)


class Command(BaseCommand):
    help = (
        "Refresh the related-article suggestions of the stories edited or gone live since their list was "
        "computed, and of their neighbours (run it nightly, e.g. from cron). --all recomputes every list."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Recompute every story's list (after a bulk import).")
        parser.add_argument("--language", help="With --all: only articles in this language (e.g. en, ar).")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="With --all: share the run between this many processes (disjoint ranges of articles; one per core).",
        )

    def handle(self, *args, language=None, workers=1, **options):
        if language and not editions.is_edition(language):
            raise CommandError(f"Unknown language {language!r}.")
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if options["all"]:
            count = self._rebuild(language, workers)
            self.stdout.write(self.style.SUCCESS(f"Related suggestions recomputed for {count} articles."))
        else:
            count = services.refresh_stale_suggestions()
            self.stdout.write(self.style.SUCCESS(f"Related suggestions refreshed for {count} changed articles."))

    def _rebuild(self, language, workers):
        if workers == 1:
            return services.refresh_all_suggestions(language=language)
        # Forked workers must not share this process's connection: each opens its own.
        connections.close_all()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            count = sum(pool.starmap(_rebuild_part, [(language, index, workers) for index in range(workers)]))
        services.analyze_after_bulk_work(count)
        return count
