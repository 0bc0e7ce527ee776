"""Generate a large, realistic archive of articles for benchmarks (a development tool).

The generation itself lives in ``newsroom.demo.archive``, with the other demo
content: it writes the translations app's records too, which this app does not
know about.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Generate N articles in English and Arabic (pairs, translation records, tags with a long tail, "
        "pins, drafts and scheduled stories over ten years), in batches. For benchmarks: it refuses to run "
        "with DEBUG off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, help="Articles to generate, both languages counted.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed generates the same archive.")
        parser.add_argument("--batch-size", type=int, default=2000, help="Articles written per batch.")
        parser.add_argument(
            "--suggestions",
            choices=("none", "sample"),
            default="sample",
            help="'sample' refreshes the related suggestions of the newest live stories "
            "(--sample-size of them) so their pages show related articles; 'none' skips it. "
            "The whole archive is never refreshed here: run refresh_related_suggestions for that.",
        )
        parser.add_argument("--sample-size", type=int, default=200, help="Stories whose suggestions 'sample' refreshes.")
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")

    def handle(self, *args, articles, seed, batch_size, suggestions, sample_size, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: this looks like a real site. Pass --force to generate an archive anyway.")
        if articles < 1 or batch_size < 1:
            raise CommandError("--articles and --batch-size must be positive.")
        from newsroom.demo.archive import generate_archive

        report = generate_archive(
            articles=articles,
            seed=seed,
            batch_size=batch_size,
            suggestions=suggestions,
            sample_size=sample_size,
            log=self.stdout.write,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.articles} articles ({report.stories} stories, {report.pairs} pairs, "
                f"{report.outdated} outdated translations, {report.drafts} drafts, {report.scheduled} scheduled), "
                f"{report.tags} tags, {report.pins} pins, {report.suggestions_refreshed} suggestion lists; "
                f"seconds: {report.seconds}."
            )
        )
