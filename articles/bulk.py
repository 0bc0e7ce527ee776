"""Inserting many rows on PostgreSQL by COPY, for the bulk write paths (an importer's batch).

``bulk_create`` on psycopg's client-side cursor quotes every value into one
statement on the client, character by character for text arrays: for rows
carrying whole article texts (revisions' serialised versions) that cost more
than the database's work. COPY streams the same values instead. Each field's
``pre_save`` and database form are taken exactly as ``bulk_create`` takes
them, and the table's constraints and defaults apply as to any INSERT.
"""

from django.db import connection


def db_row(obj, fields):
    """*obj*'s values for *fields* as an INSERT would send them (``pre_save`` then the database form)."""
    return [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]


def copy_insert(model, objects):
    """Insert *objects* of *model* (new, their ids left to the database); ``bulk_create`` off PostgreSQL.

    The ids are not read back: for rows nothing refers to in the same
    write (versions of a revision, links between articles and tags).
    """
    objects = list(objects)
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects)
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key and not field.generated]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                obj._prepare_related_fields_for_save(operation_name="bulk_create")
                copy.write_row(db_row(obj, fields))


def copy_rows(model, columns, rows):
    """Insert *rows* (lists of database values, in the order of the fields named *columns*) into *model*'s table.

    For rows simple enough to need no model instance: links between two ids,
    a version's ready text. PostgreSQL by COPY; elsewhere ``bulk_create`` of
    instances built from the same values.
    """
    rows = list(rows)
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(model(**dict(zip(columns, row, strict=True))) for row in rows)
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
