"""pg_trgm for 'Did you mean …?' (caravan/search/suggest.py) on PostgreSQL, where
it is a trusted extension (an owner of the database may add it); nothing to do
on other databases. A role that may not add it gets a warning, not a failed
deploy: the suggestion then compares words in Python."""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        logger.warning("pg_trgm not added: 'Did you mean' compares words in Python")


class Migration(migrations.Migration):
    dependencies = [("caravan_search", "0001_indexentry_title_body_gin")]
    # Not dropped on the way back: something else may use it.
    operations = [
        migrations.RunPython(create, migrations.RunPython.noop, elidable=False)
    ]
