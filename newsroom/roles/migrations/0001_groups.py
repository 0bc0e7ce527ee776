"""The newsroom's roles as groups: Reporter, Editor, Translator, Fundraising, Administrator.

Frozen on purpose: ``ROLES`` below is a copy of the table in
``newsroom/roles/roles.py`` as it stood when this migration was written, as a
schema migration is a copy of the models as they stood. A migration that read
the live table would, on a fresh database, give the groups permissions that a
later app's migration has not created yet. To change a role, change the table
and add a migration like this one with the new copy, depending on the latest
migration of every app whose permissions the table names; the test
``tests/roles/test_groups.py`` fails until the groups are in step.

Django creates permissions only after every migration has run (on
``post_migrate``), so this one creates them first (``create_permissions`` for
every app as it stands at this point of the history), then sets each group's
permissions to exactly what the table says. Run again (by a later migration),
it brings existing groups in step; users keep their groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ_ARTICLES = ("articles.view_section", "articles.view_tag", "articles.view_author")
WRITING = ("articles.add_article", "articles.change_article", "articles.view_article", *READ_ARTICLES)
TRANSLATING = (
    "translations.view_translationsource",
    "translations.change_translationsource",
    "translations.view_translationqueueentry",
    "translations.change_translationqueueentry",
    "translations.view_translationevent",
)
ROLES = {
    "Reporter": WRITING,
    "Editor": ("articles.*", "translations.*", "auth.view_user", "footer.*"),
    "Translator": (*WRITING, *TRANSLATING),
    "Fundraising": ("banners.*", "articles.view_section"),
    "Administrator": ("*",),
}


def create_all_permissions(apps):
    for app_config in apps.get_app_configs():
        # Historical apps have no models module, which create_permissions takes for "no models".
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def expand(specs, available):
    chosen = set()
    for spec in specs:
        app_label, _dot, codename = spec.partition(".")
        if spec == "*":
            matched = set(available)
        elif codename == "*":
            matched = {name for name in available if name.partition(".")[0] == app_label}
        else:
            matched = {spec} & set(available)
        if not matched:
            raise LookupError(f"No permission matches {spec!r}.")
        chosen |= matched
    return chosen


def write_groups(apps, schema_editor):
    write_table(apps, ROLES)


def write_table(apps, roles):
    """Set each group of *roles* (a frozen copy of the roles table) to exactly its permissions; later migrations reuse it."""
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    available = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list("pk", "content_type__app_label", "codename")
    }
    for name, specs in roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([available[permission] for permission in expand(specs, available)])


class Migration(migrations.Migration):
    # Every app with models, so that "*" (the Administrator) is every permission there is.
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("sessions", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("articles", "0016_article_read_count"),
        ("translations", "0003_translation_stages_and_stored_queue"),
        ("banners", "0003_https_only_button_addresses"),
        ("footer", "0001_initial"),
        ("jobs", "0001_initial"),
        ("addresses", "0002_tombstones"),
        ("wordpress", "0002_importrun"),
    ]

    # Undone, the groups stay: deleting them would take every user out of their role.
    operations = [migrations.RunPython(write_groups, migrations.RunPython.noop)]
