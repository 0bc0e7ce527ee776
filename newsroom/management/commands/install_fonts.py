"""Copy the site's web fonts from node_modules into the static files (run by ``make setup``)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsroom import fonts


class Command(BaseCommand):
    help = "Copy the web fonts the pages use from node_modules/@fontsource into NEWSROOM_FONTS_DIR."

    def handle(self, *args, **options):
        source = settings.BASE_DIR / "node_modules" / "@fontsource"
        if not source.is_dir():
            self.stdout.write("node_modules/@fontsource not found (npm missing?): pages use the fallback fonts.")
            return
        try:
            count = fonts.install(source, fonts.fonts_dir())
        except FileNotFoundError as error:
            raise CommandError(f"A font is missing ({error.filename}): run npm ci.") from None
        self.stdout.write(f"{count} font files installed in {fonts.fonts_dir()}.")
