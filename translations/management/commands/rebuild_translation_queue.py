"""``manage.py rebuild_translation_queue``: build the stored translation queue anew from the versions.

For after a bulk load that bypassed the write path, or to repair the queue.
Assignments and due dates are dropped, so it asks first unless ``--yes``.
"""

from django.core.management.base import BaseCommand, CommandError

from translations import services


class Command(BaseCommand):
    help = "Rebuild the translation queue from the stories' versions (assignments are dropped)."

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, yes=False, **options):
        if not yes and input("Assignments and due dates in the queue will be lost. Rebuild? [y/N] ").lower() != "y":
            raise CommandError("Nothing was changed.")
        count = services.rebuild_queue()
        self.stdout.write(f"The translation queue holds {count} entries.")
