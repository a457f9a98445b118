"""The ticker as a reader sees it in real headless Chromium (Debian's package):
still where its items fit, scrolling where they don't, never moving for readers
who ask for reduced motion."""

import pytest

# The news app's browser fixtures: Chromium, and the migrated rows put back after
# this module's live-server tests flush the database.
from caravan.news.tests.test_browser import (  # noqa: F401
    CHROMIUM,
    _migrated_rows_restored,
    browser_page,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"
    ),
]

TRACK = ".ticker-slot .ticker__track"
RUNNING = f"""() => document.querySelector('{TRACK}').getAnimations()
    .filter(a => a.playState === 'running').length"""
ITEMS_SHOWN = """() => {
    const box = document.querySelector('.ticker__viewport').getBoundingClientRect();
    const items = [...document.querySelectorAll('.ticker__list:not(.ticker__list--copy) .ticker__item')];
    return items.length > 0 && items.every(li => {
        const r = li.getBoundingClientRect();
        return r.width > 0 && r.left >= box.left && r.right <= box.right + 0.5
            && r.top >= box.top && r.bottom <= box.bottom + 0.5;
    });
}"""


@pytest.fixture
def rates_site(transactional_db, live_server):
    from django.test import Client

    from caravan.news.tests import factories
    from caravan.rates.demo import load_demo_rates

    factories.make_home()
    load_demo_rates()  # the five default currencies
    Client().get("/")  # the site's settings rows, made before the server's threads
    return live_server.url


@pytest.mark.parametrize("width", [1366, 1920])
def test_ticker_stands_still_where_its_items_fit(
    browser_page,  # noqa: F811
    rates_site,
    width,
):
    browser_page.set_viewport_size({"width": width, "height": 800})
    browser_page.goto(rates_site + "/rates/")
    assert browser_page.evaluate(RUNNING) == 0
    assert browser_page.evaluate(ITEMS_SHOWN)
    assert not browser_page.locator(".ticker__list--copy").first.is_visible()
    assert not browser_page.locator(".ticker-slot .ticker__pause").is_visible()


@pytest.mark.parametrize("width", [375, 768])
def test_ticker_scrolls_where_its_items_do_not_fit(
    browser_page,  # noqa: F811
    rates_site,
    width,
):
    browser_page.set_viewport_size({"width": width, "height": 800})
    browser_page.goto(rates_site + "/rates/")
    assert browser_page.evaluate(RUNNING) == 1
    assert browser_page.locator(".ticker__list--copy").first.is_visible()
    # a reader pointing at it stops it
    browser_page.hover(".ticker__viewport")
    assert browser_page.evaluate(RUNNING) == 0
    browser_page.mouse.move(0, 700)
    assert browser_page.evaluate(RUNNING) == 1
    # and a pause control stops it for good, from the keyboard too
    pause = browser_page.get_by_role("checkbox", name="Pause the currency rates")
    pause.focus()
    browser_page.keyboard.press("Space")
    assert pause.is_checked()
    browser_page.evaluate("document.activeElement.blur()")  # not paused by focus
    browser_page.mouse.move(0, 700)
    assert browser_page.evaluate(RUNNING) == 0


def test_ticker_never_moves_with_reduced_motion(
    browser_page,  # noqa: F811
    rates_site,
):
    browser_page.emulate_media(reduced_motion="reduce")
    browser_page.set_viewport_size({"width": 375, "height": 800})
    browser_page.goto(rates_site + "/rates/")
    assert browser_page.evaluate(RUNNING) == 0
    assert browser_page.evaluate(ITEMS_SHOWN)  # wrapped onto more lines instead
    assert not browser_page.locator(".ticker-slot .ticker__pause").is_visible()
    overflow = browser_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
