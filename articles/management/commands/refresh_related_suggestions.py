"""Bring the stored related-article suggestions up to date: what changed since the last run, or all of them."""

from django.core.management.base import BaseCommand, CommandError

from articles import editions, services


class Command(BaseCommand):
    help = (
        "Refresh the related-article suggestions of the stories edited or gone live since their list was "
        "computed, and of their neighbours (run it nightly, e.g. from cron). --all recomputes every list."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Recompute every story's list (after a bulk import).")
        parser.add_argument("--language", help="With --all: only articles in this language (e.g. en, ar).")

    def handle(self, *args, language=None, **options):
        if language and not editions.is_edition(language):
            raise CommandError(f"Unknown language {language!r}.")
        if options["all"]:
            count = services.refresh_all_suggestions(language=language)
            self.stdout.write(self.style.SUCCESS(f"Related suggestions recomputed for {count} articles."))
        else:
            count = services.refresh_stale_suggestions()
            self.stdout.write(self.style.SUCCESS(f"Related suggestions refreshed for {count} changed articles."))
