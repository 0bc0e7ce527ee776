"""Article.preview_key: the per-article part of preview share links, distinct for every existing row.

A field added with ``default=uuid.uuid4`` would give every existing row the
same value (the default is evaluated once), so the column is added nullable,
filled row by row (one statement on PostgreSQL), then made required.
"""

import uuid

from django.db import migrations, models

BATCH = 2000


def fill_preview_keys(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    if schema_editor.connection.vendor == "postgresql":
        # gen_random_uuid() is built in from PostgreSQL 13: one statement for an archive of any size.
        schema_editor.execute("UPDATE articles_article SET preview_key = gen_random_uuid() WHERE preview_key IS NULL")
        return
    ids = list(Article.objects.filter(preview_key__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        rows = [Article(pk=pk, preview_key=uuid.uuid4()) for pk in ids[start : start + BATCH]]
        Article.objects.bulk_update(rows, ["preview_key"])


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0008_suggestions_refreshed_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="preview_key",
            field=models.UUIDField(editable=False, null=True, verbose_name="preview key"),
        ),
        migrations.RunPython(fill_preview_keys, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="article",
            name="preview_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, verbose_name="preview key"),
        ),
    ]
