"""The roles again, now that the site footer (``footer.FooterLink``) has permissions: Editors get them.

The table is a frozen copy like ``0001_groups``'s, with ``"footer.*"`` added to
the Editor's; run after the migration that created the model, it brings
existing groups in step. The helpers are 0001's.
"""

from importlib import import_module

from django.db import migrations

groups = import_module("newsroom.roles.migrations.0001_groups")

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


def write_groups(apps, schema_editor):
    groups.create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    available = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list("pk", "content_type__app_label", "codename")
    }
    for name, specs in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([available[permission] for permission in groups.expand(specs, available)])


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0003_front_page_permissions"),
        ("footer", "0001_initial"),
        ("articles", "0016_article_read_count"),
    ]

    operations = [migrations.RunPython(write_groups, migrations.RunPython.noop)]
