"""Search: the searched columns and the search vector of every article, with their indexes.

The columns hold each text in its searched form (``articles/search.py``);
rows already written are filled here, a batch at a time, with the same
normaliser the queries use. On PostgreSQL the vector is then filled by one
UPDATE and indexed with GIN, and the normalised titles get a trigram index for
misspelt and partial queries (``pg_trgm``, created if missing). SQLite
searches the columns themselves.
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

import articles.fields

class TrigramExtension(TrigramExtension):
    """``pg_trgm``, created if missing (PostgreSQL only); never dropped going back, as 0007's indexes use it too.

    Django's operation checks the vendor going forward only: going back on SQLite it would query ``pg_extension``.
    """

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


INDEXES = {
    "article_search_vector_gin": "USING gin (search_vector)",
    "article_search_title_trgm": "USING gin (search_title gin_trgm_ops)",
}


def fill(apps, schema_editor):
    from articles import services

    Article = apps.get_model("articles", "Article")
    services.fill_search_text(Article)
    if schema_editor.connection.vendor == "postgresql":
        Article.objects.order_by().update(search_vector=services.search_vector())


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The fill above left deferred foreign-key checks pending; CREATE INDEX needs them done.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for name, method in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON articles_article {method}")
    schema_editor.execute("ANALYZE articles_article")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_front_page")]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="article",
            name="search_title",
            field=articles.fields.SearchTextField(of="title"),
        ),
        migrations.AddField(
            model_name="article",
            name="search_summary",
            field=articles.fields.SearchTextField(of="summary"),
        ),
        migrations.AddField(
            model_name="article",
            name="search_body",
            field=articles.fields.SearchTextField(markup=True, of="body"),
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
