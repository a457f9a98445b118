"""One durable queue for every app that hands work to an outside service: the
newsletter deliveries, the Telegram posts and their edits, the purge outbox.

Rows are ``caravan.queue.models.QueueItem`` subclasses; these plain functions do
the rest, on whichever queue's model or query they are given:

- ``due``: the waiting rows whose time has come;
- ``claim`` / ``claim_due``: take a row for this worker before the outside call,
  a conditional UPDATE (waiting → claimed) that only one worker can win — on
  PostgreSQL a second UPDATE of the row waits for the first one's lock, then
  finds the row no longer waiting. Each row is claimed just before its call, so
  a worker that dies holds at most the row in hand;
- ``expired`` / ``release_expired``: rows whose worker went quiet for longer
  than the lease. Whether such a row is tried again (``release_expired``: the
  call is idempotent) or set aside (it may have been done: a message is not
  sent twice) is the queue's choice;
- ``record_success`` / ``record_failure``: the attempt counted, the error kept,
  exponential ``backoff`` (or the wait the server asked for) and giving up after
  the queue's limit.

Why here, a package of its own at the bottom of the import-linter layers: the
lowest layer's ``caravan.caching`` keeps its purge outbox on it, so the queue
may sit nowhere above caching; and it is not about caching either, so it is not
inside it. It imports nothing of Caravan's and needs no Django app of its own
(an abstract model has no table)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

# A reason is cut to its field's length; a text field keeps this much.
TEXT_ERROR_LIMIT = 2000
SIX_HOURS = 6 * 3600


def backoff(attempts: int, *, base: float, cap: float = SIX_HOURS) -> timedelta:
    """The wait after the `attempts`-th failed try: `base` seconds, doubled
    after each further failure, at most `cap` seconds."""
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def _status(model, state: str) -> dict:
    return {model.STATUS_FIELD: state} if model.STATUS_FIELD else {}


def due(queryset: models.QuerySet, now: datetime) -> models.QuerySet:
    """The rows of `queryset` that wait and whose next attempt has come."""
    model = queryset.model
    return queryset.filter(**_status(model, model.WAITING)).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def claim(model, pk, now: datetime) -> bool:
    """Take the row for this worker if it is still due and waiting: True for the
    one worker whose UPDATE changed it, False for every other."""
    if not model.STATUS_FIELD:
        raise TypeError(f"{model.__name__} has no status: its rows cannot be claimed")
    claimed = due(model.objects.filter(pk=pk), now).update(
        claimed_at=timezone.now(), **_status(model, model.CLAIMED)
    )
    return bool(claimed)


def claim_due(queryset: models.QuerySet, now: datetime, limit: int) -> Iterator:
    """The keys of up to `limit` due rows of `queryset` (in its order), each
    claimed just before it is yielded; a row another worker took first is
    skipped."""
    pks = list(due(queryset, now).values_list("pk", flat=True)[:limit])
    for pk in pks:
        if claim(queryset.model, pk, now):
            yield pk


def expired(queryset: models.QuerySet, now: datetime, lease: timedelta):
    """Claimed rows whose lease has run out: their worker died or hangs."""
    model = queryset.model
    return queryset.filter(**_status(model, model.CLAIMED), claimed_at__lt=now - lease)


def release_expired(
    queryset: models.QuerySet,
    now: datetime,
    lease: timedelta,
    *,
    conflict: dict | None = None,
) -> int:
    """Expired claims wait again, to be claimed by the next worker (for work
    that may safely be done twice). A row that may not wait again — a unique
    constraint among waiting rows: a newer one waits — is written `conflict`
    instead. The number of rows that wait again."""
    model = queryset.model
    released = 0
    for pk in list(expired(queryset, now, lease).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                released += model.objects.filter(
                    pk=pk, **_status(model, model.CLAIMED)
                ).update(**_status(model, model.WAITING))
        except IntegrityError:
            if conflict is None:
                raise
            model.objects.filter(pk=pk).update(**conflict)
    return released


def _cut(model, reason: str) -> str:
    limit = model._meta.get_field("error").max_length or TEXT_ERROR_LIMIT
    return str(reason)[:limit]


def record_success(model, pk, *, count_attempt: bool = True, **fields) -> None:
    """The row's work is done: its error cleared, the try counted (unless
    `count_attempt` is False: a queue that counts failures only), and the
    queue's own `fields` written (its done state, when, what came back)."""
    if count_attempt:
        fields.setdefault("attempts", F("attempts") + 1)
    if "error" in fields:
        fields["error"] = _cut(model, fields["error"])
    model.objects.filter(pk=pk).update(**{"error": "", **fields})


def record_failure(
    row: models.Model,
    reason: str,
    *,
    backoff: Callable[[int], timedelta],
    max_attempts: int | None = None,
    retry_after: timedelta | None = None,
    give_up: bool = False,
    given_up: dict | None = None,
    conflict: dict | None = None,
    now: datetime | None = None,
    **fields,
) -> bool:
    """Count the failed try and keep its `reason`. The row waits `retry_after`
    (the server said how long) or ``backoff(attempts)``, unless this was its
    last try (`max_attempts`; None: it never gives up) or the failure is
    permanent (`give_up`): then it is given up, with `given_up` written too.
    A row that may not wait again (a unique constraint among waiting rows: a
    newer one came while it was claimed) is written `conflict` instead, as in
    ``release_expired``. `fields` are written either way; the row in memory is
    updated as well. True when the row will be tried again."""
    model = type(row)
    now = now or timezone.now()
    attempts = row.attempts + 1
    update = {"attempts": attempts, "error": _cut(model, reason), **fields}
    retried = not (give_up or (max_attempts is not None and attempts >= max_attempts))
    if retried:
        update["next_attempt_at"] = now + (retry_after or backoff(attempts))
        update.update(_status(model, model.WAITING))
    else:
        update.update(_status(model, model.GAVE_UP), **(given_up or {}))
    try:
        with transaction.atomic():
            model.objects.filter(pk=row.pk).update(**update)
    except IntegrityError:
        if not retried or conflict is None:
            raise
        update = {"attempts": attempts, "error": _cut(model, reason), **conflict}
        model.objects.filter(pk=row.pk).update(**update)
        retried = False
    for name, value in update.items():
        setattr(row, name, value)
    return retried
