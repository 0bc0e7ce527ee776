"""Recompute the stored related-article suggestions of every article."""

from django.core.management.base import BaseCommand, CommandError

from articles import editions, services


class Command(BaseCommand):
    help = (
        "Recompute the related-article suggestions of every article (or of one language). "
        "Safe to run at any time, e.g. after a bulk import; saves and go-live work refresh lists as they happen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", help="Only articles in this language (e.g. en, ar).")

    def handle(self, *args, language=None, **options):
        if language and not editions.is_edition(language):
            raise CommandError(f"Unknown language {language!r}.")
        count = services.refresh_all_suggestions(language=language)
        self.stdout.write(self.style.SUCCESS(f"Related suggestions refreshed for {count} articles."))
