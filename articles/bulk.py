"""Inserting or updating many rows on PostgreSQL by COPY, for the bulk write paths (an importer's batch).

``bulk_create`` on psycopg's client-side cursor quotes every value into one
statement on the client, character by character for text arrays: for rows
carrying whole article texts (revisions' serialised versions) that cost more
than the database's work. COPY streams the same values instead. Each field's
``pre_save`` and database form are taken exactly as ``bulk_create`` takes
them, and the table's constraints and defaults apply as to any INSERT.
"""

import datetime
import uuid

from django.db import connection, models


#: Field classes whose database form of a value of the given exact types is the value itself (their
#: ``get_prep_value`` returns a ``str``, a ``bool`` or ``None`` unchanged): a bulk row skips the few
#: calls each would cost, thousands of times a batch. (Not integers: psycopg 3 is sent typed ones.)
_AS_IS = {models.CharField: (str,), models.SlugField: (str,), models.TextField: (str,), models.BooleanField: (bool,)}


#: On PostgreSQL also these: an aware datetime and a UUID are sent as they are (psycopg adapts them), so
#: ``get_db_prep_save`` returns them unchanged. A naive datetime still goes through it (Django's warning).
_AS_IS_ON_POSTGRESQL = {**_AS_IS, models.DateTimeField: (datetime.datetime,), models.UUIDField: (uuid.UUID,)}


_KINDS = {}


def _as_is_kinds(field_class, vendor):
    """The value types *field_class* stores as they are: those of its class in ``_AS_IS``, or of the one it
    derives from when it changes none of the methods that make the database form; else ``None``."""
    table = _AS_IS_ON_POSTGRESQL if vendor == "postgresql" else _AS_IS
    key = (field_class, vendor)
    if key not in _KINDS:
        base = next((klass for klass in field_class.__mro__ if klass in table), None)
        same = base is not None and all(
            getattr(field_class, name) is getattr(base, name) for name in ("get_prep_value", "get_db_prep_value", "get_db_prep_save")
        )
        _KINDS[key] = table[base] if same else None
    return _KINDS[key]


def db_rows(objs, fields, *, add=True):
    """Each of *objs*' values for *fields* as an INSERT (or, ``add=False``, an UPDATE) would send them (a generator).

    ``pre_save`` then the database form: the body's sanitiser, the searched
    columns, an ``auto_now`` date, a file not yet stored. Which fields' values
    go as they are is looked up once for all the rows.
    """
    vendor = connection.vendor
    plan = [(field, _as_is_kinds(type(field), vendor)) for field in fields]
    for obj in objs:
        row = []
        for field, kinds in plan:
            value = field.pre_save(obj, add)
            as_is = kinds is not None and (value is None or (type(value) in kinds and getattr(value, "tzinfo", True) is not None))
            row.append(value if as_is else field.get_db_prep_save(value, connection))
        yield row


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


def insert(model, objs):
    """``bulk_create(objs)``, without primary keys given back to *objs*; on PostgreSQL by COPY.

    Each field's ``pre_save`` and database form are taken as ``bulk_create``
    takes them, the primary key left to the database, and the rows go in the
    order given. For rows carrying long texts (a translation's snapshot of
    its source), which ``bulk_create`` would quote into one statement on the
    client.
    """
    objs = list(objs)
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs)
        return
    fields = [field for field in model._meta.concrete_fields if field is not model._meta.pk]
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    copy_rows(model, [field.name for field in fields], db_rows(objs, fields))


def update_rows(model, fields, rows, *, extra=()):
    """Write *rows* (each the primary key, then the database values of *fields*) over the rows of *model* (PostgreSQL).

    The rows are streamed by COPY into a temporary table shaped like the
    model's, then one ``UPDATE … FROM`` writes them: each row is written once,
    however many columns change. The temporary table is read under the
    model's table name (the target is aliased), so *extra* pairs of
    ``(column, (sql, params))`` compiled against the model's table, like a
    search vector computed from the new columns, read the new values.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    table = model._meta.db_table
    pk = model._meta.pk.column
    columns = [pk, *(field.column for field in fields)]
    assignments = [f"{quote(column)} = {quote(table)}.{quote(column)}" for column in columns[1:]]
    params = []
    for column, (sql, sql_params) in extra:
        assignments.append(f"{quote(column)} = {sql}")
        params += sql_params
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS pg_temp.bulk_update_rows")
        cursor.execute(f"CREATE TEMPORARY TABLE bulk_update_rows (LIKE {quote(table)})")
        names = ", ".join(quote(column) for column in columns)
        with cursor.cursor.copy(f"COPY pg_temp.bulk_update_rows ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"UPDATE {quote(table)} AS bulk_target SET {', '.join(assignments)} "
            f"FROM pg_temp.bulk_update_rows AS {quote(table)} WHERE bulk_target.{quote(pk)} = {quote(table)}.{quote(pk)}",
            params,
        )
        cursor.execute("DROP TABLE pg_temp.bulk_update_rows")


def upsert(model, objs, *, unique_fields, update_fields):
    """``bulk_create(objs, update_conflicts=True, unique_fields=…, update_fields=…)``, on PostgreSQL by COPY.

    The new instances' values (each field's ``pre_save`` and database form,
    as ``bulk_create`` takes them; the primary key left to the database) are
    streamed into a temporary table, then one INSERT … ON CONFLICT DO UPDATE
    moves them in the order given, so new rows are numbered as
    ``bulk_create`` numbers them. ``bulk_create`` quotes every value of a
    batch into one statement on the client, which cost an importer's batch
    more than the database's work. Elsewhere it is ``bulk_create``. The
    instances are not given their primary keys.
    """
    objs = list(objs)
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, update_conflicts=True, unique_fields=unique_fields, update_fields=update_fields)
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    fields = [field for field in model._meta.concrete_fields if field is not model._meta.pk]
    columns = ", ".join(quote(field.column) for field in fields)
    conflict = ", ".join(quote(model._meta.get_field(name).column) for name in unique_fields)
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in (quote(model._meta.get_field(name).column) for name in update_fields))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS pg_temp.bulk_upsert_rows")
        cursor.execute(f"CREATE TEMPORARY TABLE bulk_upsert_rows AS SELECT 0::bigint AS bulk_position, {columns} FROM {table} WITH NO DATA")
        with cursor.cursor.copy(f"COPY pg_temp.bulk_upsert_rows (bulk_position, {columns}) FROM STDIN") as copy:
            for position, row in enumerate(db_rows(objs, fields)):
                copy.write_row([position, *row])
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM pg_temp.bulk_upsert_rows ORDER BY bulk_position "
            f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
        )
        cursor.execute("DROP TABLE pg_temp.bulk_upsert_rows")
