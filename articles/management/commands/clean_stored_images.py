"""Strip the metadata from article images stored before uploads were cleaned on arrival."""

from django.core.management.base import BaseCommand, CommandError

from articles.stored_images import Outcome, clean_stored_image, stored_image_names, unused_files


class Command(BaseCommand):
    help = (
        "Re-encode every stored article image without its metadata (GPS, camera serial number, XMP, IPTC, ...) "
        "under a new random name, updating every article that uses it. Files already clean are skipped, so it "
        "is safe to run again; a file that cannot be cleaned is reported and left as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would be cleaned; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        self.verbosity = options["verbosity"]
        results = [clean_stored_image(name, dry_run=dry_run) for name in list(stored_image_names())]
        for result in results:
            self._report(result)
        counts = {outcome: sum(r.outcome is outcome for r in results) for outcome in Outcome}
        self.stdout.write(
            f"{counts[Outcome.WOULD_CLEAN if dry_run else Outcome.CLEANED]} images "
            f"{'would be cleaned' if dry_run else 'cleaned'}, "
            f"{counts[Outcome.ALREADY_CLEAN]} already clean, {counts[Outcome.FAILED]} failed."
        )
        self._report_unused()
        if counts[Outcome.FAILED]:
            raise CommandError(f"{counts[Outcome.FAILED]} images could not be cleaned; they were left as they were.")

    def _report_unused(self):
        unused = unused_files()
        if unused:
            self.stdout.write(
                f"{len(unused)} stored files are used by no article (replaced images, for instance); they were left "
                "alone. If they date from before uploads were cleaned they still hold their metadata and are public "
                "at their address: delete them once checked."
            )
            for name in unused:
                self.stdout.write(f"  {name}")

    def _report(self, result):
        if result.outcome is Outcome.FAILED:
            self.stderr.write(f"{result.name}: not cleaned: {result.reason}")
        elif result.outcome is Outcome.CLEANED:
            self.stdout.write(f"{result.name} -> {result.new_name} ({result.articles} articles)")
        elif result.outcome is Outcome.WOULD_CLEAN:
            self.stdout.write(f"{result.name}: would be cleaned ({result.articles} articles)")
        elif self.verbosity > 1:
            self.stdout.write(f"{result.name}: already clean")
