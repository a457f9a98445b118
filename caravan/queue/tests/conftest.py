"""A queue of the tests' own (``Job``), its table made once per session: the
queue package has no app and no table of its own."""

import pytest
from django.db import connection, models

from caravan.queue.models import QueueItem


class Job(QueueItem):
    status = models.CharField(max_length=10, default="pending")
    name = models.CharField(max_length=20)

    class Meta:
        app_label = "queue_tests"
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(status="pending"),
                name="queue_tests_one_waiting_job_per_name",
            )
        ]


class Outbox(Job):
    """The same rows as a queue without status (rows exist while work is left)."""

    STATUS_FIELD = None

    class Meta:
        proxy = True
        app_label = "queue_tests"


@pytest.fixture(scope="session")
def _job_table(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(Job)
        yield
        with connection.schema_editor() as editor:
            editor.delete_model(Job)


@pytest.fixture
def jobs(_job_table, django_db_blocker):
    """The Job model, its table empty (a transactional test leaves its rows:
    the flush after it knows only the installed apps' tables)."""
    with django_db_blocker.unblock():
        Job.objects.all().delete()
    yield Job
    with django_db_blocker.unblock():
        Job.objects.all().delete()
