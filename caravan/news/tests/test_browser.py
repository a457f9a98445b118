"""Smoke test in real headless Chromium (Debian's package): what a reader sees."""

from pathlib import Path

import pytest

from caravan.news.tests import factories

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"
    ),
]


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM
    # calls happen outside it, so Django's async-safety check does not apply.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()
        # Django keeps connections per asyncio context: the ones opened while
        # Playwright's loop ran belong to it. Close them here, or PostgreSQL sees
        # an idle session and refuses to drop the test database at the end.
        from django.db import connections

        connections.close_all()


@pytest.fixture(scope="module", autouse=True)
def _migrated_rows_restored(django_db_setup, django_db_blocker):
    """A live server needs committed rows, so each test here flushes the database
    when it ends, rows migrations made (the page tree root, the default locale)
    included. Later tests in the same worker rely on those: put back, once this
    module is done, what the database held before it."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    with django_db_blocker.unblock():
        rows_before = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        # The last flush's post_migrate handlers re-created some rows (groups,
        # permissions): empty the tables without them, then restore.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(rows_before)
        # The flush reset PostgreSQL's id sequences and the rows came back with
        # their ids: move the sequences past them, or the next insert (a locale,
        # say) collides with a restored row.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(sql)
    # Content types are back under their first ids: forget the ones cached since.
    ContentType.objects.clear_cache()


@pytest.fixture
def live_site(transactional_db, live_server, settings):
    from caravan.rates.demo import load_demo_rates

    home = factories.make_home()
    business = factories.make_section(home, "Business & Economy", slug="business")
    people = factories.make_people_index(home)
    author = factories.make_author(people, "Aigerim Sadykova")
    articles = [
        factories.make_article(
            business,
            title=f"Grain exports story {i}",
            authors=[author],
            tags=["trade"],
            age=factories.timedelta(hours=i + 1),
        )
        for i in range(5)
    ]
    load_demo_rates()
    return live_server.url, articles


def test_home_and_article_in_chromium(browser_page, live_site):
    base, articles = live_site
    page = browser_page
    response = page.goto(base + "/")
    assert response.status == 200
    assert page.locator(".ticker-slot .ticker").first.is_visible()
    assert (
        page.locator(".card--lead .card__title").inner_text() == "Grain exports story 0"
    )

    page.click("text=Grain exports story 1")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Grain exports story 1"
    assert page.locator(".ticker-slot .ticker").first.is_visible()
    assert page.locator(".byline a[rel=author]").inner_text() == "Aigerim Sadykova"
    suggested = page.locator("#suggested-title")
    suggested.scroll_into_view_if_needed()
    assert (
        suggested.is_visible()
        and suggested.inner_text().lower() == "suggested articles"
    )
    assert page.locator(".suggested .card").count() == 4
    # no JavaScript is needed or loaded (JSON-LD data blocks are not scripts that run)
    assert (
        page.evaluate(
            "document.querySelectorAll('script:not([type=\"application/ld+json\"])').length"
        )
        == 0
    )


def test_phone_layout_has_no_horizontal_scroll(browser_page, live_site):
    base, articles = live_site
    browser_page.set_viewport_size({"width": 375, "height": 800})
    browser_page.goto(base + articles[0].url)
    overflow = browser_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
