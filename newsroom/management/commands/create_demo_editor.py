"""Create (or reuse) the demo editor account of a local demo site and print how to log in."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

DEMO_USERNAME = "editor"
DEMO_PASSWORD = "newsroom-demo"


class Command(BaseCommand):
    help = "Create the demo editor account for a local demo site (DEBUG only) and print its login."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # A superuser with a published password must never reach a real site.
            raise CommandError("The demo editor is for local demo sites only (DJANGO_DEBUG is off).")
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"is_staff": True, "is_superuser": True, "email": "editor@example.org"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        password = DEMO_PASSWORD if user.check_password(DEMO_PASSWORD) else "(changed by you)"
        address = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}{reverse('admin:index')}"
        self.stdout.write(self.style.SUCCESS(f"Admin: {address}  login: {DEMO_USERNAME}  password: {password}"))
