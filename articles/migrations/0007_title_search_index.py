"""On PostgreSQL, trigram indexes that serve the admin's title and slug search.

The admin searches with ``icontains``, which PostgreSQL runs as
``UPPER(column) LIKE UPPER('%term%')``: no B-tree index helps, so each search
read the whole archive. A trigram GIN index on ``UPPER(column)`` serves exactly
that expression. SQLite (development) has no such index and needs none.
The ``pg_trgm`` extension is created if missing (it ships with PostgreSQL).
"""

from django.db import migrations

INDEXES = {"article_title_trgm": "title", "article_slug_trgm": "slug"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON articles_article USING gin (UPPER("{column}") gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
