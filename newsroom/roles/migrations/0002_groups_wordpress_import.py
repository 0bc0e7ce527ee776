"""The roles again, now that the WordPress import has its permission (``wordpress.run_import``).

The table is unchanged; the Administrator's ``"*"`` takes in the permissions
of ``wordpress.ImportRun``, created after ``0001_groups`` ran. Written the way
``0001_groups`` says a change of roles is: the same operation, depending on the
latest migration of every app with permissions.
"""

import importlib

from django.db import migrations

groups = importlib.import_module("newsroom.roles.migrations.0001_groups")
ROLES = groups.ROLES


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0001_groups"),
        ("wordpress", "0002_importrun"),
    ]

    operations = [migrations.RunPython(groups.write_groups, migrations.RunPython.noop)]
