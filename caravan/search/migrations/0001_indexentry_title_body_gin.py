"""A GIN index on the expression Wagtail's PostgreSQL search backend matches with
``(title || body) @@ query``: the per-column GIN indexes cannot serve it, so every
search read every index entry. Built CONCURRENTLY (no write lock on a live site);
nothing to do on other databases."""

from django.db import migrations

INDEX = "caravan_search_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} "
            "ON wagtailsearch_indexentry USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("wagtailsearch", "0010_add_text_fields")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
