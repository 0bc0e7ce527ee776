"""Make the resized copies of stored article images that have none yet (``articles/variants.py``)."""

from django.core.management.base import BaseCommand, CommandError

from articles import services
from articles.stored_images import images_without_variants
from articles.variants import VariantError


class Command(BaseCommand):
    help = (
        "Make the resized WebP and JPEG/PNG copies of every stored article image that has none yet, a batch of "
        "files at a time, and show them on the articles' pages. Safe to run again: images with copies are skipped. "
        "A file that cannot be read is reported and left alone; its pages keep showing the original."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=100, help="Files read from the database at a time.")
        parser.add_argument("--limit", type=int, default=None, help="Stop after this many files.")

    def handle(self, *args, batch, limit, **options):
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        made = failed = 0
        for name in images_without_variants(batch=batch, limit=limit):
            try:
                services.make_image_variants(name=name)
            except VariantError as error:
                failed += 1
                self.stderr.write(f"{name}: no copies made: {error}")
            else:
                made += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"{name}: copies made")
        self.stdout.write(f"Copies made for {made} images, {failed} failed.")
        if failed:
            raise CommandError(f"{failed} images could not be read; their pages keep showing the original.")
