"""A reader's open live blog shows a new update without a reload (the polling
script, under the live blog's own CSP); without JavaScript the same page shows
every update, and a reload the new ones (Debian's chromium)."""

import pytest
from django.test import Client

from caravan.liveblogs.tests.support import add_update, make_live_blog
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


@pytest.fixture
def open_blog(live_site, settings):  # noqa: F811 - fixtures
    settings.CARAVAN_LIVEBLOG_POLL_SECONDS = 1
    base, articles = live_site
    section = articles[0].get_parent().specific
    blog = make_live_blog(section)
    add_update(blog, "First tremor reported.")
    # Settings rows are created by the first render: here, not in two of the
    # live server's threads at once (SQLite locks).
    Client().get(blog.url)
    return base + blog.url, blog


def test_a_new_update_appears_without_a_reload(browser_page, open_blog):  # noqa: F811
    url, blog = open_blog
    page = browser_page
    errors, polls, script = [], [], []
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and errors.append(m.text),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: r.url.endswith("/updates/") and polls.append(r.status),
    )
    page.on(
        "response",
        lambda r: "/liveblogs/live.js" in r.url and script.append(r.status),
    )
    page.goto(url)
    page.evaluate("window.__sameDocument = true")
    assert page.locator(".liveblog__update").count() == 1
    assert page.locator(".liveblog__refresh").is_hidden()  # the script runs
    # Nothing new: the pollers' ETag gets 304s.
    page.wait_for_timeout(2500)
    assert 304 in polls
    update = add_update(blog, "Metro running again.", key_event=True)
    new = page.locator(f"#update-{update.pk}")
    new.wait_for(state="visible", timeout=15000)
    assert "Metro running again." in new.inner_text()
    assert page.evaluate("window.__sameDocument") is True  # not reloaded
    texts = page.locator(".liveblog__update .liveblog__body").all_inner_texts()
    assert texts == ["Metro running again.", "First tremor reported."]
    assert page.locator(".liveblog__key-events a").get_attribute("href") == (
        f"#update-{update.pk}"
    )
    assert page.locator(".liveblog__announce").inner_text().endswith("1")
    assert script == [200]
    assert errors == []  # the CSP let the script run, nothing failed


def test_the_same_page_without_javascript(browser_page, open_blog):  # noqa: F811
    url, blog = open_blog
    context = browser_page.context.browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(url)
        assert page.locator(".liveblog__update").count() == 1
        refresh = page.locator(".liveblog__refresh a")
        assert refresh.is_visible()
        update = add_update(blog, "Metro running again.")
        page.wait_for_timeout(1500)
        assert page.locator(f"#update-{update.pk}").count() == 0  # no script
        refresh.click()
        page.wait_for_load_state()
        assert page.locator(f"#update-{update.pk}").is_visible()
        page.goto(f"{url}#update-{update.pk}")  # an update's own URL
        assert page.locator(f"#update-{update.pk}").is_visible()
    finally:
        context.close()
