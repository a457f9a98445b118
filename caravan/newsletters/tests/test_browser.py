"""In Chromium, without JavaScript: subscribe on a cached article page, confirm
from the link the SMTP server received, unsubscribe in one click."""

import re

import pytest
from django.test import Client

from caravan.news.tests.test_browser import (  # noqa: F401 - fixtures
    CHROMIUM,
    _migrated_rows_restored,
    browser_page,
    live_site,
)
from caravan.newsletters.models import NewsletterList, Subscription

from .smtp import Inbox

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing"),
]


def test_subscribe_confirm_and_unsubscribe(browser_page, live_site, smtp, settings):  # noqa: F811
    base, articles = live_site
    settings.WAGTAILADMIN_BASE_URL = base
    NewsletterList.objects.create(name="Daily briefing", slug="daily", language="en")
    NewsletterList.objects.create(name="Weekly digest", slug="weekly", language="en")
    Client().get(articles[1].url)  # settings rows created here, not in two threads
    page = browser_page
    page.goto(base + articles[1].url)
    assert page.reload().headers["x-cache"] == "HIT"

    form = page.locator(".newsletter-signup--article")
    form.get_by_label("Your e-mail address").fill("reader@example.org")
    form.get_by_label("Weekly digest").check()
    form.get_by_role("button", name="Subscribe").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Check your inbox"
    assert not Subscription.objects.filter(status="confirmed").exists()

    [message] = smtp.to("reader@example.org")
    text, _ = Inbox.parts(message)
    [link] = [u for u in Inbox.links(text) if "/newsletter/confirm/" in u]
    page.goto(link)
    assert page.locator("h1").inner_text() == "You are subscribed"
    assert Subscription.objects.filter(status="confirmed").count() == 2

    page.get_by_role("link", name="Manage your newsletters").click()
    page.wait_for_load_state()
    # The manage form, not the footer's sign-up form below it.
    choices = page.get_by_role("group", name=re.compile("Newsletters sent to"))
    choices.get_by_label("Daily briefing").uncheck()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "Your choices are saved."
    statuses = dict(Subscription.objects.values_list("newsletter__slug", "status"))
    assert statuses == {"daily": "unsubscribed", "weekly": "confirmed"}

    from caravan.newsletters import tokens

    reader = Subscription.objects.get(newsletter__slug="weekly").subscriber
    weekly = NewsletterList.objects.get(slug="weekly")
    page.goto(
        f"{base}/newsletter/unsubscribe/{tokens.reader_token(reader.pk, weekly.pk)}/"
    )
    page.get_by_role("button", name="Unsubscribe").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "You are unsubscribed"
    assert not Subscription.objects.filter(status="confirmed").exists()
