import pytest

from caravan.newsletters.models import NewsletterList, Subscriber, Subscription

from .smtp import Inbox, start


@pytest.fixture
def smtp(settings):
    """Every e-mail of the app goes over SMTP to a real server on loopback."""
    inbox = Inbox()
    controller, port = start(inbox)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.NEWSLETTER_EMAIL_BACKEND = None
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.WAGTAILADMIN_BASE_URL = "https://news.example"
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def lists(db):
    return {
        "daily": NewsletterList.objects.create(
            name="Daily briefing", slug="daily", language="en"
        ),
        "weekly": NewsletterList.objects.create(
            name="Weekly digest", slug="weekly", language="en", frequency="weekly"
        ),
        "ru": NewsletterList.objects.create(
            name="Ежедневная сводка", slug="daily-ru", language="ru"
        ),
        "hidden": NewsletterList.objects.create(
            name="Staff only", slug="staff", language="en", public=False
        ),
    }


def subscribed(newsletter, count, *, prefix="reader"):
    """`count` confirmed subscribers of `newsletter`."""
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"{prefix}{i}@example.org", language=newsletter.language)
        for i in range(count)
    )
    subscribers = list(
        Subscriber.objects.filter(email__startswith=prefix).order_by("pk")
    )
    Subscription.objects.bulk_create(
        Subscription(subscriber=s, newsletter=newsletter, status="confirmed")
        for s in subscribers
    )
    return subscribers
