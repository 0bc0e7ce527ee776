"""Compile the project's gettext catalogues (.po to .mo) without GNU gettext.

``manage.py compilemessages`` needs ``msgfmt``, which a fresh machine may not
have; polib is pure Python and writes the same binary format.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

SKIPPED_DIRS = {".venv", "node_modules", "staticfiles", "media", ".git"}


def project_catalogues(root: Path):
    """Every ``locale/<lang>/LC_MESSAGES/*.po`` of the project's own apps."""
    for po_path in sorted(root.glob("**/locale/*/LC_MESSAGES/*.po")):
        if not SKIPPED_DIRS.intersection(po_path.relative_to(root).parts):
            yield po_path


class Command(BaseCommand):
    help = "Compile the project's .po catalogues into .mo files (no GNU gettext needed)."

    def handle(self, *args, **options):
        compiled = 0
        for po_path in project_catalogues(Path(settings.BASE_DIR)):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
            self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")
        self.stdout.write(self.style.SUCCESS(f"{compiled} catalogue(s) compiled."))
