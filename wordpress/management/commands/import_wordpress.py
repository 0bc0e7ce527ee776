"""manage.py import_wordpress FILE [FILE ...] [--language en|ar] [--uploads DIR] [--dry-run] [--overwrite-edits]"""

import sys

from django.core.management.base import BaseCommand, CommandError

from articles.editions import LANGUAGE_CODES
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
            report = import_files(paths=files, language=language, uploads=uploads, dry_run=dry_run,
                                  overwrite_edits=overwrite_edits, progress=self._progress())
        except (wxr.WxrError, OSError) as error:
            raise CommandError(f"{error}\nNothing was imported.") from error
        for line in report.lines():
            self.stdout.write(line)
        if not report.imported and report.statuses:
            raise CommandError("No post could be imported.")

    def _progress(self):
        """A counter redrawn in place on a terminal, a line every 500 items otherwise."""
        tty = self.stdout.isatty() if hasattr(self.stdout, "isatty") else sys.stdout.isatty()

        def show(done, total):
            if tty:
                self.stdout.write(f"\r{done}/{total} items", ending="" if done < total else "\n")
                self.stdout.flush()
            elif done % 500 == 0 or done == total:
                self.stdout.write(f"{done}/{total} items")

        return show
