"""Create (or reuse) the demo editor account and print how to log in."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_USERNAME = "editor"
DEMO_PASSWORD = "newsroom-demo"


class Command(BaseCommand):
    help = "Create the demo editor account for a local demo site and print its login."

    def handle(self, *args, **options):
        port = os.environ.get("PORT", "8000")
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"is_staff": True, "is_superuser": True, "email": "editor@example.org"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: http://127.0.0.1:{port}/admin/  login: {DEMO_USERNAME}  password: "
                + (DEMO_PASSWORD if created or user.check_password(DEMO_PASSWORD) else "(changed by you)")
            )
        )
