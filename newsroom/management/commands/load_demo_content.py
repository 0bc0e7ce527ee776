"""Fill an empty site with demo stories in both editions (safe to run again)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from newsroom.demo import load_demo_content


class Command(BaseCommand):
    help = "Load demo stories, sections, tags and authors in English and Arabic. Idempotent."

    def handle(self, *args, **options):
        with transaction.atomic():
            load_demo_content(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
