"""Search on PostgreSQL: trigram indexes so "contains this word" is an index lookup, not a scan of every update.

Django's icontains asks PostgreSQL for UPPER(column) LIKE UPPER('%word%'); a GIN index with pg_trgm's operator
class on UPPER(column) answers it. pg_trgm ships with PostgreSQL and is a trusted extension (the database's
owner may create it). If it cannot be created, search still works, only without these indexes. SQLite (the
demo) has no such indexes and does not need them.
"""

import logging

from django.db import migrations, transaction

logger = logging.getLogger(__name__)

INDEXES = [
    ("plans_progressupdate_text_trgm", "plans_progressupdate", "text"),
    ("plans_action_title_trgm", "plans_action", "title"),
    ("plans_action_detail_trgm", "plans_action", "detail"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # no permission: search works without the indexes, just more slowly
        logger.warning("Could not create the pg_trgm extension; search will not use trigram indexes.")
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("plans", "0009_recent_updates_index")]
    operations = [migrations.RunPython(create, drop)]
