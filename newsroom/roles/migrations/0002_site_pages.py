"""Editors edit the outlet's own pages too (``pages.*``): the roles table as it stands with the pages app.

As ``0001_groups`` explains, each change to the roles table gets a migration
with its own frozen copy of the table; the way the groups are written
(permissions created first, then each group set to exactly its table) is
``0001_groups``'s ``write_table``, reused as it stands.
"""

from importlib import import_module

from django.db import migrations

first = import_module("newsroom.roles.migrations.0001_groups")

ROLES = {**first.ROLES, "Editor": ("articles.*", "translations.*", "auth.view_user", "footer.*", "pages.*")}


def write_groups(apps, schema_editor):
    first.write_table(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [("roles", "0001_groups"), ("pages", "0001_site_pages")]

    # Undone, the groups stay: deleting them would take every user out of their role.
    operations = [migrations.RunPython(write_groups, migrations.RunPython.noop)]
