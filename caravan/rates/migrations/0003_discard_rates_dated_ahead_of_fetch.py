"""Rates stored before the date checks existed may be dated years ahead of the day
they were fetched (a payload dated 2031-01-01 was stored as published). A stored row
is never overwritten, so such a row would block that day's real value. Mark them
discarded with a note: discarded rows are never shown and give way to the real value
when it is fetched. Nothing is deleted.

Ahead means more than two days after the UTC date it was fetched: banks publish at
most one day ahead, and their calendar day runs at most a day ahead of UTC.
"""

import datetime as dt

from django.db import migrations

NOTE = (
    "Discarded by migration 0003: dated {days} days after it was fetched "
    "({fetched}); banks publish at most one day ahead."
)


def discard_rates_dated_ahead(apps, schema_editor):
    Rate = apps.get_model("rates", "Rate")
    rows = (
        Rate.objects.filter(status__in=["published", "held"])
        .exclude(source="demo")
        .values_list("pk", "rate_date", "fetched_at")
        .iterator()
    )
    for pk, rate_date, fetched_at in rows:
        fetched = fetched_at.astimezone(dt.UTC).date()
        days = (rate_date - fetched).days
        if days > 2:
            Rate.objects.filter(pk=pk).update(
                status="rejected", note=NOTE.format(days=days, fetched=fetched)
            )


class Migration(migrations.Migration):
    dependencies = [("rates", "0002_rate_review_fields_rejected_values")]

    operations = [
        migrations.RunPython(discard_rates_dated_ahead, migrations.RunPython.noop)
    ]
