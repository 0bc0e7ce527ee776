"""Create (or reuse) one demo account per role on a local demo site, and print their logins.

So the roles can be tried: log in as the reporter, write a draft, log in as the
desk editor and publish it. Refused when DEBUG is off, like the demo editor:
accounts with published passwords must never reach a real site.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from newsroom.management.commands.create_demo_editor import DEMO_PASSWORD

#: The demo account of each role (the demo superuser "editor" is create_demo_editor's).
DEMO_USERS = {
    "Reporter": "reporter",
    "Editor": "desk-editor",
    "Translator": "translator",
    "Fundraising": "fundraiser",
    "Administrator": "administrator",
}


class Command(BaseCommand):
    help = "Create one demo account per role for a local demo site (DEBUG only) and print their logins."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo accounts are for local demo sites only (DJANGO_DEBUG is off).")
        address = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}{reverse('admin:index')}"
        self.stdout.write(self.style.SUCCESS(f"Demo accounts, one per role (admin: {address}):"))
        for role, username in DEMO_USERS.items():
            password = self.demo_user(role, username)
            self.stdout.write(f"  {role:<14} login: {username:<14} password: {password}")

    @transaction.atomic
    def demo_user(self, role, username):
        """Create *username* in *role*'s group (or put the existing account back in it); return its password."""
        group = Group.objects.filter(name=role).first()
        if group is None:
            raise CommandError(f"No group {role!r}: run `manage.py migrate` first.")
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True, "email": f"{username}@example.org"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(group)
        return DEMO_PASSWORD if user.check_password(DEMO_PASSWORD) else "(changed by you)"
