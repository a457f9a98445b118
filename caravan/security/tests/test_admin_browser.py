"""The admin still works under its Content-Security-Policy, in headless Chromium:
signing in, the page editor, the image chooser and the preview, with no
violation reported and no script error."""

import pytest
from django.contrib.auth.models import User

from caravan.news.tests import factories
from caravan.news.tests.test_browser import (  # noqa: F401 (fixtures)
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
PASSWORD = "correct horse battery staple"


@pytest.fixture
def article(transactional_db, live_server):
    home = factories.make_home()
    section = factories.make_section(home, "Business", slug="business")
    people = factories.make_people_index(home)
    author = factories.make_author(people, "Aigerim Sadykova")
    factories.make_image("Solar")
    User.objects.create_superuser("chief", password=PASSWORD)
    return live_server.url, factories.make_article(
        section, title="Grain exports", authors=[author], tags=["trade"]
    )


def test_editor_chooser_and_preview_under_the_admin_policy(
    browser_page,  # noqa: F811 (the fixture imported above)
    article,
    settings,
):
    settings.WAGTAIL_ENABLE_UPDATE_CHECK = False  # offline here
    base, page_obj = article
    page = browser_page
    problems = []
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" or "Content Security Policy" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")
    csp = page.evaluate("1")  # the page runs scripts: the policy allowed them
    assert csp == 1

    response = page.goto(f"{base}/admin/pages/{page_obj.pk}/edit/")
    policy = response.headers["content-security-policy"]
    assert "object-src 'none'" in policy and "form-action 'self'" in policy
    page.wait_for_selector("[data-side-panel-toggle]")
    # Image chooser: a modal loaded by Wagtail's scripts.
    page.locator("[data-chooser-action-choose]").first.click()  # the hero image
    page.wait_for_selector(".modal-content")
    page.wait_for_selector(".modal-content a[data-chooser-modal-choice]")
    page.locator(".modal-content a[data-chooser-modal-choice]").first.click()
    page.wait_for_selector(".modal-content", state="detached")
    # Preview: the side panel frames the preview (frame-ancestors 'self').
    page.locator("[data-side-panel-toggle='preview']").click()
    # Wagtail swaps in a fresh iframe once each preview has loaded: re-resolve.
    heading = page.frame_locator("[data-w-preview-target='iframe']").last.locator("h1")
    heading.wait_for(state="attached")
    assert heading.text_content().strip() == "Grain exports"
    src = page.locator("[data-w-preview-target='iframe']").last.get_attribute("src")
    preview = page.request.get(base + src if src.startswith("/") else src)
    policy = preview.headers["content-security-policy"]
    # The public page's strict policy, framed by the admin only.
    assert "script-src 'none'" in policy and "frame-ancestors 'self'" in policy
    assert preview.headers["x-frame-options"] == "SAMEORIGIN"
    assert problems == []
