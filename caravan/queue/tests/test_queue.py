"""The shared durable queue (caravan.queue) on a queue of its own (conftest.Job):
claims are exclusive, failures back off and give up, and a claim whose worker
died is taken again after its lease."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from caravan import queue

from .conftest import Outbox

pytestmark = pytest.mark.django_db

LEASE = timedelta(minutes=5)


def retry_in_a_minute(attempts):
    return queue.backoff(attempts, base=60)


def test_backoff_doubles_up_to_its_cap():
    waits = [queue.backoff(n, base=30, cap=200).total_seconds() for n in range(6)]
    assert waits == [30, 30, 60, 120, 200, 200]


def test_a_due_row_is_claimed_once(jobs):
    now = timezone.now()
    first = jobs.objects.create(name="a")
    later = jobs.objects.create(name="b", next_attempt_at=now + timedelta(hours=1))
    assert list(queue.claim_due(jobs.objects.order_by("pk"), now, 10)) == [first.pk]
    first.refresh_from_db()
    assert first.status == "sending" and first.claimed_at is not None
    assert list(queue.claim_due(jobs.objects.all(), now, 10)) == []
    assert not queue.claim(jobs, first.pk, now)  # already taken
    assert not queue.claim(jobs, later.pk, now)  # not due yet


def test_a_failed_row_is_retried_after_its_backoff(jobs):
    job = jobs.objects.create(name="a")
    now = timezone.now()
    assert list(queue.claim_due(jobs.objects.all(), now, 1)) == [job.pk]
    job.refresh_from_db()
    assert queue.record_failure(
        job, "450 busy", backoff=retry_in_a_minute, max_attempts=3, now=now
    )
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == ("pending", 1, "450 busy")
    assert job.next_attempt_at == now + timedelta(minutes=1)
    assert list(queue.claim_due(jobs.objects.all(), now, 1)) == []  # not yet
    soon = now + timedelta(seconds=61)
    assert list(queue.claim_due(jobs.objects.all(), soon, 1)) == [job.pk]


def test_the_server_given_wait_comes_before_the_backoff(jobs):
    job = jobs.objects.create(name="a")
    now = timezone.now()
    queue.record_failure(
        job,
        "429 Too Many Requests",
        backoff=retry_in_a_minute,
        retry_after=timedelta(seconds=7),
        now=now,
    )
    assert jobs.objects.get().next_attempt_at == now + timedelta(seconds=7)


def test_it_gives_up_after_the_limit_or_on_a_permanent_failure(jobs):
    job = jobs.objects.create(name="a")
    now = timezone.now()
    for attempt in (1, 2, 3):
        job.refresh_from_db()
        retried = queue.record_failure(
            job, f"try {attempt}", backoff=retry_in_a_minute, max_attempts=3
        )
        assert retried == (attempt < 3)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == ("failed", 3, "try 3")
    later = now + timedelta(days=1)
    assert list(queue.claim_due(jobs.objects.all(), later, 1)) == []

    other = jobs.objects.create(name="b")
    assert not queue.record_failure(
        other,
        "550 no such user",
        backoff=retry_in_a_minute,
        give_up=True,
        given_up={"name": "gone"},
    )
    other.refresh_from_db()
    assert (other.status, other.attempts, other.name) == ("failed", 1, "gone")


def test_without_a_limit_it_never_gives_up_and_reasons_are_cut(jobs):
    job = jobs.objects.create(name="a")
    for _ in range(20):
        assert queue.record_failure(job, "x" * 300, backoff=retry_in_a_minute)
    job.refresh_from_db()
    assert (job.status, job.attempts, len(job.error)) == ("pending", 20, 255)


def test_success_counts_the_try_and_clears_the_error(jobs):
    job = jobs.objects.create(name="a", attempts=2, error="450 busy")
    queue.record_success(jobs, job.pk, status="done")
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == ("done", 3, "")
    queue.record_success(jobs, job.pk, count_attempt=False, error="already done")
    job.refresh_from_db()
    assert (job.attempts, job.error) == (3, "already done")


def test_a_crashed_workers_row_is_claimable_again_after_its_lease(jobs):
    job = jobs.objects.create(name="a")
    now = timezone.now()
    assert list(queue.claim_due(jobs.objects.all(), now, 1)) == [job.pk]
    # The worker dies here: the row stays claimed until its lease runs out.
    assert queue.release_expired(jobs.objects.all(), now + LEASE / 2, LEASE) == 0
    assert list(queue.claim_due(jobs.objects.all(), now + LEASE / 2, 1)) == []
    later = now + LEASE + timedelta(seconds=1)
    assert list(queue.expired(jobs.objects.all(), later, LEASE)) == [job]
    assert queue.release_expired(jobs.objects.all(), later, LEASE) == 1
    assert list(queue.claim_due(jobs.objects.all(), later, 1)) == [job.pk]


def test_an_expired_claim_that_may_not_wait_again_gets_the_conflict_fields(jobs):
    old = jobs.objects.create(name="a")
    now = timezone.now()
    assert queue.claim(jobs, old.pk, now)
    newer = jobs.objects.create(name="a")  # one waiting job per name
    later = now + LEASE + timedelta(seconds=1)
    released = queue.release_expired(
        jobs.objects.all(), later, LEASE, conflict={"status": "cancelled"}
    )
    assert released == 0
    assert jobs.objects.get(pk=old.pk).status == "cancelled"
    assert jobs.objects.get(pk=newer.pk).status == "pending"


def test_a_queue_without_status_is_retried_but_never_claimed(jobs):
    job = Outbox.objects.create(name="a", next_attempt_at=timezone.now())
    assert queue.record_failure(job, "down", backoff=retry_in_a_minute)
    assert list(queue.due(Outbox.objects.all(), timezone.now())) == []
    assert Outbox.objects.get().attempts == 1
    with pytest.raises(TypeError):
        queue.claim(Outbox, job.pk, timezone.now())


# Two connections at once: PostgreSQL only. The rows are written, claimed and
# removed on the threads' own connections (the test's is inside a transaction,
# which they could not see into); no flush of the whole database is needed.

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two connections at once need PostgreSQL (this run is SQLite)",
)


def in_thread(target):
    """Start `target` on a connection of its own: (thread, its outcome)."""
    outcome = {}

    def run():
        try:
            outcome["result"] = target()
        except BaseException as exc:  # noqa: BLE001 - the test looks at it
            outcome["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def on_own_connection(target):
    thread, outcome = in_thread(target)
    thread.join(30)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


@pytest.fixture
def committed_jobs(jobs):
    """make(n): n committed waiting jobs' keys; removed after the test."""
    made = []

    def make(count):
        rows = jobs.objects.bulk_create(jobs(name=f"job{i}") for i in range(count))
        made.extend(row.pk for row in rows)
        return [row.pk for row in rows]

    yield lambda count: on_own_connection(lambda: make(count))
    on_own_connection(lambda: jobs.objects.filter(pk__in=made).delete())


@pytest.mark.postgres
@postgresql_only
def test_two_connections_never_claim_the_same_row(jobs, committed_jobs):
    pks = committed_jobs(60)
    now = timezone.now()
    start = threading.Barrier(2)

    def worker():
        start.wait()
        waiting = jobs.objects.filter(pk__in=pks).order_by("pk")
        return list(queue.claim_due(waiting, now, 60))

    started = [in_thread(worker) for _ in range(2)]
    for thread, _ in started:
        thread.join(30)
    first, second = (outcome["result"] for _, outcome in started)
    assert not set(first) & set(second)
    assert sorted(first + second) == sorted(pks)


@pytest.mark.postgres
@postgresql_only
def test_a_claim_waits_for_the_other_connections_and_then_loses(jobs, committed_jobs):
    (pk,) = committed_jobs(1)
    now = timezone.now()
    claimed, commit = threading.Event(), threading.Event()

    def first_worker():
        with transaction.atomic():
            won = queue.claim(jobs, pk, now)  # the row is locked until commit
            claimed.set()
            commit.wait(30)
        return won

    first, first_outcome = in_thread(first_worker)
    assert claimed.wait(30)
    second, second_outcome = in_thread(lambda: queue.claim(jobs, pk, now))
    second.join(0.5)
    assert second.is_alive()  # waiting for the first one's lock
    commit.set()
    first.join(30)
    second.join(30)
    assert first_outcome == {"result": True}
    assert second_outcome == {"result": False}
    status = on_own_connection(lambda: jobs.objects.get(pk=pk).status)
    assert status == "sending"
