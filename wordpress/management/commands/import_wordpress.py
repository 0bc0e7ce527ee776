"""manage.py import_wordpress FILE [FILE ...] [--language en|ar] [--uploads DIR] [--dry-run] [--overwrite-edits]"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.editions import LANGUAGE_CODES
from wordpress import uploads as uploads_sources
from wordpress import wxr
from wordpress.services import import_files


class Command(BaseCommand):
    help = (
        "Import WordPress exports (WXR): posts become articles, English and Arabic versions are paired "
        "(Polylang, or links between two single-language sites given together), and every old address "
        "answers with a 301. Running it again updates what changed and creates nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="WordPress export files (Tools › Export).")
        parser.add_argument("--language", choices=LANGUAGE_CODES, help="The language of every post (a single-language site).")
        parser.add_argument("--uploads", metavar="DIR", help="A copy of wp-content/uploads, for featured images.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; write nothing.")
        parser.add_argument(
            "--overwrite-edits", action="store_true",
            help="Give WordPress's version to changed posts whose article was edited in Newsroom since their last "
                 "import (by default those are kept as the editor left them, and reported).",
        )

    def handle(self, *args, files, language=None, uploads=None, dry_run=False, overwrite_edits=False, **options):
        try:
            if uploads is not None:
                uploads = uploads_sources.given_folder(uploads)
            report = import_files(paths=files, language=language, uploads=uploads, dry_run=dry_run,
                                  overwrite_edits=overwrite_edits, progress=self._progress())
        except (wxr.WxrError, uploads_sources.UploadsRefused, OSError) as error:
            raise CommandError(f"{error}\nNothing was imported.") from error
        for line in report.lines():
            self.stdout.write(line)
        if not report.imported and report.statuses:
            raise CommandError("No post could be imported.")

    def _progress(self):
        """A progress bar with rate and time left on a terminal (tqdm), a plain line every 500 items otherwise."""
        stream = getattr(self.stdout, "_out", self.stdout)  # the stream itself: Django's wrapper ends every write
        tty = stream.isatty() if hasattr(stream, "isatty") else sys.stdout.isatty()
        bar = None

        def show(done, total):
            nonlocal bar
            if not tty:
                if done % 500 == 0 or done == total:
                    self.stdout.write(f"{done}/{total} items")
                return
            if bar is None:
                bar = tqdm(total=total, unit=" items", file=stream, dynamic_ncols=True, mininterval=0.2)
            bar.update(done - bar.n)
            if done >= total:
                bar.close()

        return show
