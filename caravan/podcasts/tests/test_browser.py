"""The episode player in real headless Chromium (Debian's): it plays the
generated MP3, its speed control is labelled and works from the keyboard, and
the transcript's times seek; the page's CSP lets the player's script run."""

import time

import pytest

from caravan.news.tests.test_browser import (  # noqa: F401 - fixtures
    CHROMIUM,
    _migrated_rows_restored,
    browser_page,
)

from .conftest import build_podcast


def wait_until(condition, attempts=100):
    """Polls (the page's CSP forbids wait_for_function's eval)."""
    for _ in range(attempts):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the page never got there")


@pytest.fixture
def live_podcast(transactional_db, live_server):
    from wagtail.models import Collection

    # A transactional test's flush removes the root collection migrations made.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return live_server.url, build_podcast()["episodes"][1]


pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing"),
]


def test_the_player_from_the_keyboard(browser_page, live_podcast):  # noqa: F811
    base, episode = live_podcast
    page = browser_page
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(base + episode.url)
    audio = page.locator("#episode-audio")
    # The browser decoded the generated MP3: it knows how long it is.
    wait_until(lambda: audio.evaluate("a => a.readyState") >= 1)
    assert 3.5 < audio.evaluate("a => a.duration") < 4.5
    assert (
        audio.evaluate(
            "a => a.labels === undefined && a.getAttribute('aria-labelledby')"
        )
        == "player-title"
    )
    speed = page.get_by_label("Playback speed")
    assert speed.is_visible()  # the script ran under the page's CSP
    speed.focus()
    page.keyboard.press("End")  # the last option, 2×, as a keyboard user picks it
    assert speed.input_value() == "2"
    speed.select_option("1.5")
    assert audio.evaluate("a => a.playbackRate") == 1.5
    page.locator('#transcript a[data-seek="2"]').click()
    wait_until(lambda: audio.evaluate("a => a.currentTime") >= 2)
    assert page.url.endswith(episode.url)  # the link seeked; it did not navigate
    assert not [p for p in problems if "Content Security Policy" in p], problems


def test_without_scripts_the_speed_control_stays_hidden(
    browser_page,  # noqa: F811 - a fixture
    live_podcast,
):
    base, episode = live_podcast
    context = browser_page.context.browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + episode.url)
    assert not page.get_by_label("Playback speed").is_visible()
    assert page.locator("audio[controls]").is_visible()
    context.close()
