"""A story's way through the real admin in Chromium (Debian's package): a
contributor writes it from the dashboard and submits it, an editor schedules it
and approves it, the scheduler publishes it, a reader sees it."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.utils import timezone

from caravan.core import scheduler
from caravan.core.editorial import CONTRIBUTORS, EDITORS, editorial_roles_setup
from caravan.news.models import ArticlePage
from caravan.news.tests import factories
from caravan.news.tests.test_browser import (  # noqa: F401 - fixtures
    CHROMIUM,
    _migrated_rows_restored,
    browser_page,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing"),
]

HEADLINE = "Caspian ferries keep to a shared timetable"
SITE_ZONE = zoneinfo.ZoneInfo("Asia/Almaty")  # SiteSettings' default


@pytest.fixture
def newsroom(transactional_db, live_server, settings):
    settings.CARAVAN_SCHEDULED_JOBS = ["caravan.core.scheduler.publish_scheduled"]
    home = factories.make_home()
    business = factories.make_section(home, "Business & Economy", slug="business")
    people = factories.make_people_index(home)
    # Roles' page permissions and the review workflow hang off the root page: an
    # earlier test's flush re-created the groups before the root page was back.
    editorial_roles_setup()
    writer = User.objects.create_user("writer", password="pw-writer-1")
    writer.groups.add(Group.objects.get(name=CONTRIBUTORS))
    editor = User.objects.create_user("chief", password="pw-chief-1")
    editor.groups.add(Group.objects.get(name=EDITORS))
    profile = factories.make_author(people, "Aigerim Sadykova", user=writer)
    factories.make_article(business, title="An older story", authors=[profile])
    return live_server.url, business


def log_in(page, base, username, password):
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/admin/")


def footer_action(page, name):
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()
    errors = page.locator(".messages .error")
    assert errors.count() == 0, errors.first.inner_text()


def test_contributor_to_editor_to_scheduled_to_live(browser_page, newsroom):  # noqa: F811
    base, business = newsroom
    page = browser_page

    # The contributor starts from the dashboard, in the section they choose.
    log_in(page, base, "writer", "pw-writer-1")
    assert page.locator("[data-overdue-panel]").count() == 0
    page.locator("[data-write-panel]").get_by_role(
        "link", name="Business & Economy"
    ).click()
    page.wait_for_load_state()
    assert page.get_by_label("Headline").count() >= 1
    page.fill("#id_title", HEADLINE)
    page.fill("#id_standfirst", "Aktau and Baku agree on sailings.")
    byline = page.locator("select[name='article_authors-0-author']")
    assert byline.locator("option:checked").inner_text() == "Aigerim Sadykova"
    page.get_by_role("tab", name="Promote").click()
    page.fill("#id_slug", "caspian-ferries")
    footer_action(page, "Submit to Editorial review")
    article = ArticlePage.objects.get(title=HEADLINE)
    assert not article.live and article.get_parent().pk == business.pk

    # The editor sets when it goes live, in the site's time zone, and approves:
    # that schedules it.
    log_in(page, base, "chief", "pw-chief-1")
    page.goto(f"{base}/admin/pages/{article.pk}/edit/")
    go_live = timezone.localtime(
        timezone.now() + dt.timedelta(hours=1), SITE_ZONE
    ).replace(second=0, microsecond=0)
    page.eval_on_selector(
        "#id_go_live_at",
        "(el, value) => { el.value = value; }",
        go_live.strftime("%Y-%m-%d %H:%M"),
    )
    page.locator("footer button.action-save").click()  # "Save draft"
    page.wait_for_load_state()
    # One publish action, named for what it does now that a go-live time is set.
    menu = page.locator("footer").text_content()
    assert "Schedule to publish" not in menu and "with comment" not in menu, menu
    footer_action(page, "Approve and schedule to publish")
    article.refresh_from_db()
    revision = article.get_latest_revision()
    assert (article.live, revision.approved_go_live_at) == (False, go_live), (
        article.go_live_at
    )
    said = page.locator(".messages").inner_text()
    assert "is scheduled: it goes live on" in said, said
    assert go_live.strftime("%H:%M") in said
    article.refresh_from_db()
    assert not article.live
    page.goto(base + "/admin/")
    assert HEADLINE in page.locator("[data-scheduled-panel]").inner_text()

    # An hour later the scheduler publishes it, and readers see it.
    # (The clock moves for the live server too: the story is dated when it
    # goes live, and readers see nothing dated in their future.)
    with time_machine.travel(go_live + dt.timedelta(minutes=1), tick=True):
        assert scheduler.run_once() == {"publish_scheduled": "ok"}
        article.refresh_from_db()
        assert article.live
        page.context.clear_cookies()
        page.goto(base + "/")
        assert HEADLINE in page.locator("main").inner_text()


def test_a_multi_word_tag_shows_without_quotes(browser_page, newsroom):  # noqa: F811
    base, business = newsroom
    page = browser_page
    article = ArticlePage.objects.get(title="An older story")
    log_in(page, base, "chief", "pw-chief-1")
    page.goto(f"{base}/admin/pages/{article.pk}/edit/")
    tag_input = page.locator(".tagit-new input")
    tag_input.fill("Central Asia")
    tag_input.press("Enter")
    chips = page.locator(".tagit-choice .tagit-label")
    assert chips.all_inner_texts() == ["Central Asia"]
    page.locator("footer button.action-save").click()  # "Save draft"
    page.wait_for_load_state()
    article.refresh_from_db()
    draft = article.get_latest_revision_as_object()
    assert [tag.name for tag in draft.tags.all()] == ["Central Asia"]
    page.reload()
    assert page.locator(".tagit-choice .tagit-label").all_inner_texts() == [
        "Central Asia"
    ]


@pytest.mark.parametrize(
    "username, password", [("writer", "pw-writer-1"), ("chief", "pw-chief-1")]
)
def test_dashboard_panel_headings_line_up_with_wagtails(
    browser_page,  # noqa: F811
    newsroom,
    username,
    password,
    tmp_path,
):
    base, business = newsroom
    # The writer's story in review: Wagtail's own panels show ("Your pages in a
    # workflow" to the writer, "Awaiting your review" to the editor).
    writer = User.objects.get(username="writer")
    article = ArticlePage.objects.get(title="An older story")
    revision = article.save_revision(user=writer)
    article.get_workflow().start(article, writer)
    assert revision.pk
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 1000})
    log_in(page, base, username, password)
    page.screenshot(path=str(tmp_path / f"dashboard-{username}.png"), full_page=True)
    headings = page.locator(".w-dashboard .w-panel__heading")
    lefts = {
        headings.nth(i).inner_text(): round(headings.nth(i).bounding_box()["x"])
        for i in range(headings.count())
    }
    ours = "Write an article" if username == "writer" else "Scheduled publishing"
    wagtails = "in a workflow" if username == "writer" else "Awaiting your review"
    assert ours in lefts, lefts
    assert [heading for heading in lefts if wagtails in heading], lefts
    assert len(set(lefts.values())) == 1, lefts
