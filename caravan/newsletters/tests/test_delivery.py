"""Editions through a real SMTP server: parts and headers, retries on 4xx,
bounces on 5xx, and a crash in the middle resumed without duplicates."""

from datetime import timedelta

import pytest
import time_machine
from django.core.mail.backends.smtp import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from caravan.newsletters import delivery, jobs
from caravan.newsletters.models import (
    Delivery,
    Edition,
    EditionStory,
    NewsletterList,
    Subscription,
)

from .conftest import subscribed


def compose(newsletter, articles, **fields):
    edition = Edition.objects.create(
        newsletter=newsletter,
        subject=fields.pop("subject", "Today in Central Asia"),
        intro=fields.pop("intro", "Good morning & welcome."),
        status=fields.pop("status", "scheduled"),
        **fields,
    )
    for i, article in enumerate(articles):
        EditionStory.objects.create(edition=edition, article=article, sort_order=i)
    return edition


@pytest.fixture
def edition(news_site, lists):
    return compose(lists["daily"], [news_site["lead"], news_site["articles"][0]])


def test_an_edition_arrives_with_html_text_and_one_click_unsubscribe(
    client, edition, lists, smtp
):
    readers = subscribed(lists["daily"], 3)
    call_command("send_newsletters", "--no-progress", stdout=open("/dev/null", "w"))
    assert sorted(r for rcpts, _ in smtp.messages for r in rcpts) == sorted(
        r.email for r in readers
    )
    message = smtp.to("reader1@example.org")[0]
    assert message["Subject"] == "Today in Central Asia"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe.startswith("https://news.example/newsletter/unsubscribe/")
    text, html = smtp.parts(message)
    assert "Solar plant opens" in text and "Solar plant opens" in html
    assert "Good morning & welcome." in text  # plain text is not HTML-escaped
    assert text.index("Solar plant opens") < text.index("Business story 0")
    assert "https://news.example/business/energy/" in text
    # CSS inlined for mail clients; no image at all, so no tracking pixel.
    assert 'style="' in html and "<style" not in html
    assert "<img" not in html
    assert unsubscribe in html and unsubscribe in text  # the visible link too
    # Each reader's links are their own.
    other = smtp.to("reader2@example.org")[0]["List-Unsubscribe"].strip().strip("<>")
    assert other != unsubscribe

    # One click (RFC 8058): the next edition does not reach this reader.
    client.post(
        unsubscribe.removeprefix("https://news.example"),
        {"List-Unsubscribe": "One-Click"},
    )
    smtp.messages.clear()
    compose(lists["daily"], [edition.stories.first().article], subject="Next day")
    call_command("send_newsletters", "--no-progress", stdout=open("/dev/null", "w"))
    assert sorted(r for rcpts, _ in smtp.messages for r in rcpts) == [
        "reader0@example.org",
        "reader2@example.org",
    ]
    edition.refresh_from_db()
    assert edition.status == "sent"


def test_nothing_goes_to_unconfirmed_or_other_lists(edition, lists, smtp):
    # Only the composed edition is due, whatever the hour the test runs at: the
    # weekly list's automatic edition would otherwise be built after its send hour.
    NewsletterList.objects.filter(pk=lists["weekly"].pk).update(frequency="manual")
    subscribed(lists["daily"], 1, prefix="yes")
    subscribed(lists["weekly"], 1, prefix="other")
    pending = subscribed(lists["daily"], 1, prefix="pending")[0]
    Subscription.objects.filter(subscriber=pending).update(status="pending")
    call_command("send_newsletters", "--no-progress", stdout=open("/dev/null", "w"))
    assert [rcpts for rcpts, _ in smtp.messages] == [["yes0@example.org"]]


def test_a_temporary_failure_is_retried_with_backoff(edition, lists, smtp):
    subscribed(lists["daily"], 2)
    smtp.refuse["reader1@example.org"] = "450 4.2.1 Mailbox busy, try later"
    smtp.refuse_times["reader1@example.org"] = 1
    call_command("send_newsletters", "--no-progress", stdout=open("/dev/null", "w"))
    row = Delivery.objects.get(subscriber__email="reader1@example.org")
    assert row.status == "pending" and row.attempts == 1
    assert row.error.startswith("450")
    assert row.next_attempt_at > timezone.now() + timedelta(minutes=4)
    assert [rcpts for rcpts, _ in smtp.messages] == [["reader0@example.org"]]
    # Not before its time...
    delivery.send_batch()
    assert len(smtp.messages) == 1
    # ...then it goes, once.
    with time_machine.travel(row.next_attempt_at + timedelta(seconds=1)):
        delivery.send_batch()
    assert [rcpts for rcpts, _ in smtp.messages][1] == ["reader1@example.org"]
    edition.refresh_from_db()
    assert edition.status == "sent"


def test_backoff_grows_and_gives_up_after_the_last_attempt(
    edition, lists, smtp, settings
):
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    assert delivery.backoff(1) < delivery.backoff(2) < delivery.backoff(3)
    subscribed(lists["daily"], 1)
    smtp.refuse["reader0@example.org"] = "421 4.7.0 Try again later"
    now = timezone.now()
    for attempt in range(3):
        with time_machine.travel(now + timedelta(days=attempt)):
            delivery.queue_due_editions(timezone.now())
            delivery.send_batch()
    row = Delivery.objects.get()
    assert (row.status, row.attempts) == ("failed", 3)
    assert row.subscriber.bounced_at is None  # temporary: the address stays
    assert smtp.messages == []


def test_a_permanent_failure_marks_the_address(edition, lists, smtp):
    subscribed(lists["daily"], 2)
    smtp.refuse["reader0@example.org"] = "550 5.1.1 No such user"
    call_command("send_newsletters", "--no-progress", stdout=open("/dev/null", "w"))
    row = Delivery.objects.get(subscriber__email="reader0@example.org")
    assert row.status == "failed" and row.error.startswith("550")
    row.subscriber.refresh_from_db()
    assert row.subscriber.bounced_at is not None
    assert [rcpts for rcpts, _ in smtp.messages] == [["reader1@example.org"]]
    # The next edition is not even queued for the bounced address.
    nxt = compose(lists["daily"], [edition.stories.first().article])
    delivery.queue_edition(nxt)
    assert not nxt.deliveries.filter(subscriber=row.subscriber).exists()


class Crash(BaseException):
    """The process killed: not an Exception, nothing catches it."""


class CrashingBackend(EmailBackend):
    """SMTP that dies after the server took `after` messages, before the
    sender could record the last one as sent."""

    after = 0

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        CrashingBackend.after -= 1
        if CrashingBackend.after == 0:
            raise Crash
        return sent


def test_a_crash_in_the_middle_is_resumed_without_duplicates(
    edition, lists, smtp, settings
):
    readers = subscribed(lists["daily"], 10)
    settings.NEWSLETTER_EMAIL_BACKEND = f"{__name__}.CrashingBackend"
    CrashingBackend.after = 4
    delivery.queue_due_editions(timezone.now())
    with pytest.raises(Crash):
        delivery.send_batch(batch_size=5)
    assert len(smtp.messages) == 4
    # A second worker meanwhile never takes the row the dead one claimed.
    settings.NEWSLETTER_EMAIL_BACKEND = None
    delivery.send_batch(batch_size=3)
    # The scheduler resumes after the lease: the rest, nobody twice.
    later = timezone.now() + timedelta(seconds=settings.NEWSLETTER_CLAIM_LEASE + 1)
    with time_machine.travel(later):
        jobs.run_due()
    received = [r for rcpts, _ in smtp.messages for r in rcpts]
    assert sorted(received) == sorted(r.email for r in readers)
    assert len(received) == len(set(received)) == 10
    counts = delivery.progress_of(edition)
    assert counts["sent"] == 9 and counts["unknown"] == 1  # taken, not recorded
    edition.refresh_from_db()
    assert edition.status == "sent"


def test_queueing_twice_creates_no_second_delivery(edition, lists, smtp):
    subscribed(lists["daily"], 3)
    assert delivery.queue_edition(edition) == 3
    assert delivery.queue_edition(edition) == 0
    assert Delivery.objects.count() == 3


def test_a_draft_or_future_edition_waits(news_site, lists, smtp):
    subscribed(lists["daily"], 1)
    compose(lists["daily"], [news_site["lead"]], status="draft")
    later = compose(
        lists["daily"],
        [news_site["lead"]],
        send_at=timezone.now() + timedelta(hours=2),
    )
    jobs.run_due()
    assert smtp.messages == []
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        jobs.run_due()
    assert len(smtp.messages) == 1
    later.refresh_from_db()
    assert later.status == "sent"


def test_sending_a_batch_costs_a_bounded_number_of_queries(
    edition, lists, smtp, django_assert_max_num_queries
):
    subscribed(lists["daily"], 20)
    delivery.queue_due_editions(timezone.now())
    # Per message: claim and record (2); per batch: a handful.
    with django_assert_max_num_queries(2 * 20 + 15):
        delivery.send_batch(batch_size=20)
    assert len(smtp.messages) == 20
