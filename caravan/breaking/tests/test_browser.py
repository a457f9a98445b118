"""The banner on a page Chromium already has from the cache (Debian's chromium)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from caravan.breaking.models import BreakingAlert
from caravan.news.tests.test_browser import (  # noqa: F401 - fixtures
    CHROMIUM,
    _migrated_rows_restored,
    browser_page,
    live_site,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing"),
]


def test_banner_on_a_cached_page(browser_page, live_site):  # noqa: F811 - fixtures
    base, articles = live_site
    url = base + articles[1].url
    page = browser_page
    # The first render creates the site's settings rows: here, not in two of the
    # live server's threads at once (SQLite's shared in-memory database locks a
    # table being written even against readers).
    Client().get(articles[1].url)
    page.goto(url)
    response = page.reload()
    assert response.headers["x-cache"] == "HIT"
    assert page.locator(".breaking").count() == 0
    BreakingAlert.objects.create(
        text="Earthquake shakes Almaty",
        link=articles[0].url,
        language="en",
        expires_at=timezone.now() + dt.timedelta(minutes=30),
    )
    response = page.reload()
    assert response.headers["x-cache"] == "HIT"  # the page was not re-rendered
    banner = page.locator(".breaking")
    assert banner.is_visible()
    assert banner.get_by_role("link").inner_text() == "Earthquake shakes Almaty"
    banner.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == articles[0].title
