# PendingPurge is now a caravan.queue.QueueItem: next_attempt and last_error take
# the shared names next_attempt_at and error. Only the names in Python change:
# the columns keep their names (db_column), so the table and its rows are untouched.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('caching', '0001_pending_purges'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RenameField(
                    model_name='pendingpurge',
                    old_name='next_attempt',
                    new_name='next_attempt_at',
                ),
                migrations.AlterField(
                    model_name='pendingpurge',
                    name='next_attempt_at',
                    field=models.DateTimeField(db_column='next_attempt', db_index=True, default=django.utils.timezone.now),
                ),
                migrations.RenameField(
                    model_name='pendingpurge',
                    old_name='last_error',
                    new_name='error',
                ),
                migrations.AlterField(
                    model_name='pendingpurge',
                    name='error',
                    field=models.TextField(blank=True, db_column='last_error'),
                ),
            ],
        ),
    ]
