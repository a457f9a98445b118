"""The send queue: one Delivery row per edition and subscriber.

Queueing creates the rows (the unique constraint makes it idempotent). A worker
claims a row with a conditional UPDATE (pending → sending) before handing the
message to the mail server, and records the result after. So two workers never
send the same row, and a crash leaves at most the messages in flight as
"sending": after the lease they become "unknown", never sent again — nobody
gets an edition twice. Temporary failures (SMTP 4xx, a dropped connection) are
retried with exponential backoff; permanent ones (5xx) mark the address.
The claim, lease, backoff and attempt limit are caravan.queue's."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Count, Q
from django.utils import timezone

from caravan import queue

from .messages import RenderedEdition, render_edition
from .models import Delivery, Edition, Subscriber, Subscription

logger = logging.getLogger(__name__)
S = Delivery.Status
QUEUE_CHUNK = 2000


def queue_due_editions(now) -> list[Edition]:
    """Scheduled editions whose time has come: one delivery row per confirmed,
    not bounced subscriber of the list; the edition is then "sending"."""
    due = Edition.objects.filter(status=Edition.Status.SCHEDULED).filter(
        Q(send_at__isnull=True) | Q(send_at__lte=now)
    )
    queued = []
    for edition in due:
        queue_edition(edition)
        queued.append(edition)
    return queued


def queue_edition(edition: Edition) -> int:
    recipients = (
        Subscription.objects.filter(
            newsletter_id=edition.newsletter_id,
            status=Subscription.Status.CONFIRMED,
            subscriber__bounced_at__isnull=True,
        )
        .order_by("subscriber_id")
        .values_list("subscriber_id", flat=True)
    )
    before, batch = edition.deliveries.count(), []
    for subscriber_id in recipients.iterator(chunk_size=QUEUE_CHUNK):
        batch.append(Delivery(edition=edition, subscriber_id=subscriber_id))
        if len(batch) >= QUEUE_CHUNK:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        Delivery.objects.bulk_create(batch, ignore_conflicts=True)
    Edition.objects.filter(pk=edition.pk).update(
        status=Edition.Status.SENDING, queued_at=timezone.now()
    )
    return edition.deliveries.count() - before


def release_stale_claims(now) -> int:
    """Rows left "sending" by a worker that died: the server may have taken
    them, so they are not sent again."""
    lease = timedelta(seconds=settings.NEWSLETTER_CLAIM_LEASE)
    return queue.expired(Delivery.objects.all(), now, lease).update(
        status=S.UNKNOWN, error="interrupted while sending"
    )


def classify(exc: Exception) -> tuple[bool, str]:
    """(permanent?, reason) for a failed send."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, message = next(iter(exc.recipients.values()), (450, b""))
        return code >= 500, _reason(code, message)
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500, _reason(exc.smtp_code, exc.smtp_error)
    try:  # a provider's API (django-anymail) refusing the recipient
        from anymail.exceptions import AnymailRecipientsRefused

        if isinstance(exc, AnymailRecipientsRefused):
            return True, str(exc)[:255]
    except ImportError:  # pragma: no cover - anymail is a base dependency
        pass
    return False, f"{type(exc).__name__}: {exc}"[:255]


def _reason(code, message) -> str:
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    return f"{code} {message}"[:255]


def backoff(attempts: int) -> timedelta:
    return queue.backoff(attempts, base=settings.NEWSLETTER_RETRY_SECONDS)


@dataclass
class Progress:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    editions_finished: list[int] = field(default_factory=list)


def _due(now):
    return queue.due(Delivery.objects.filter(edition__status="sending"), now).order_by(
        "edition_id", "pk"
    )


def send_batch(*, now=None, batch_size=None, connection=None, on_sent=None) -> Progress:
    """Send up to `batch_size` due deliveries over one connection."""
    now = now or timezone.now()
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    progress = Progress()
    rows = list(_due(now).values_list("pk", "edition_id", "subscriber_id")[:batch_size])
    if not rows:
        return progress
    emails = dict(
        Subscriber.objects.filter(pk__in={r[2] for r in rows}).values_list(
            "pk", "email"
        )
    )
    rendered: dict[int, RenderedEdition] = {}
    connection = connection or get_connection(settings.NEWSLETTER_EMAIL_BACKEND)
    try:
        for pk, edition_id, subscriber_id in rows:
            # Claimed just before it is sent: a worker that dies leaves at most
            # this one row interrupted, the rest of its batch still waiting.
            if not queue.claim(Delivery, pk, now):
                continue  # another worker took it
            if edition_id not in rendered:
                rendered[edition_id] = render_edition(
                    Edition.objects.select_related("newsletter").get(pk=edition_id)
                )
            _send_one(
                pk, rendered[edition_id], subscriber_id, emails, connection, progress
            )
            if on_sent:
                on_sent()
    finally:
        try:
            connection.close()
        except Exception:
            logger.warning("Closing the mail connection failed", exc_info=True)
    progress.editions_finished = finish_editions()
    return progress


def _send_one(pk, rendered, subscriber_id, emails, connection, progress):
    try:
        connection.send_messages(
            [rendered.message(subscriber_id, emails[subscriber_id])]
        )
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
        permanent, reason = classify(exc)
        _failed(pk, subscriber_id, permanent, reason, progress)
        if not permanent:
            # The session may be broken (a disconnect, a 421): start a new one.
            try:
                connection.close()
            except Exception:
                logger.debug("Closing a broken connection failed", exc_info=True)
        return
    # A delivery's attempts count its failures (what NEWSLETTER_MAX_ATTEMPTS bounds).
    queue.record_success(
        Delivery, pk, count_attempt=False, status=S.SENT, sent_at=timezone.now()
    )
    progress.sent += 1


def _failed(pk, subscriber_id, permanent, reason, progress):
    now = timezone.now()
    retried = queue.record_failure(
        Delivery.objects.get(pk=pk),
        reason,
        backoff=backoff,
        max_attempts=settings.NEWSLETTER_MAX_ATTEMPTS,
        give_up=permanent,
        now=now,
    )
    if retried:
        progress.retried += 1
        return
    if permanent:
        Subscriber.objects.filter(pk=subscriber_id).update(
            bounced_at=now, bounce_reason=reason
        )
    progress.failed += 1


def finish_editions() -> list[int]:
    """Editions "sending" with nothing left to send (or in flight) are sent."""
    finished = []
    for edition in Edition.objects.filter(status=Edition.Status.SENDING):
        if not edition.deliveries.filter(status__in=[S.PENDING, S.SENDING]).exists():
            Edition.objects.filter(pk=edition.pk, status="sending").update(
                status=Edition.Status.SENT, finished_at=timezone.now()
            )
            finished.append(edition.pk)
    return finished


def progress_of(edition: Edition) -> dict[str, int]:
    counts = dict.fromkeys(S.values, 0)
    rows = edition.deliveries.values_list("status").annotate(n=Count("pk")).order_by()
    for status, count in rows:
        counts[status] = count
    return counts
