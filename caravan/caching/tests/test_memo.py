"""The per-process memos (caravan/caching/memo.py): the site, home pages,
sections, settings, view restrictions, cards and the page frame cost no query
once warm, and every change an editor or an operator makes to them shows on the
next request."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from caravan.caching import memo
from caravan.caching.memo import Memo
from caravan.core.models import SiteSettings
from caravan.news.tests import factories
from caravan.seo.models import SeoSettings

from .support import (
    bump_elsewhere,
    log_in,
    poll_delay_passes,
    reset_page_cache,
    subscribed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    # Every request is rendered: what it shows comes from the memo or the database.
    reset_page_cache(settings, enabled=False)


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def queried_tables(client, url) -> str:
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    return " ".join(q["sql"] for q in queries.captured_queries)


def test_a_warm_article_render_queries_no_site_wide_table(client, news_site):
    url = news_site["articles"][0].url  # in a top-level section
    get(client, url)
    sql = queried_tables(client, url)
    for table in (
        "wagtailcore_site",
        "wagtailcore_locale",
        "core_sitesettings",
        "seo_seosettings",
        "wagtailcore_pageviewrestriction",
        "news_sectionpage",
    ):
        assert f'FROM "{table}"' not in sql, table


def test_site_settings_saved_show_on_the_next_request(client, news_site):
    get(client, "/")
    settings_ = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_.tagline = "Fresh tagline"
    settings_.save()
    assert "Fresh tagline" in get(client, "/").content.decode()


def test_seo_settings_saved_show_on_the_next_request(client, news_site):
    url = news_site["lead"].url
    get(client, url)
    seo = SeoSettings.for_site(Site.objects.get(is_default_site=True))
    seo.publisher_name = "Central Asia Media Group"
    seo.save()
    assert "Central Asia Media Group" in get(client, url).content.decode()


def test_settings_handed_out_are_copies(news_site):
    site = Site.objects.get(is_default_site=True)
    first = SiteSettings.for_site(site)
    first.tagline = "Edited in a form, never saved"
    assert SiteSettings.for_site(site).tagline != "Edited in a form, never saved"


def test_a_view_restriction_applies_on_the_next_request(client, news_site):
    url = news_site["lead"].url
    get(client, url)
    restriction = PageViewRestriction.objects.create(
        page=news_site["business"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get_or_create(name="Subscribers")[0])
    assert get(client, url, status=302)["Location"].startswith("/_util/login/")
    restriction.delete()
    get(client, url)


def test_a_renamed_section_routes_by_its_new_slug(client, news_site):
    politics, article = news_site["politics"], news_site["articles"][0]
    get(client, politics.url)
    politics.slug = "power"
    politics.save_revision().publish()
    get(client, "/power/")
    get(client, "/politics/", status=404)
    get(client, article.url)  # in another section: unaffected


def test_a_new_section_is_routed_at_once(client, news_site):
    get(client, "/")
    get(client, "/culture/", status=404)
    factories.make_section(news_site["home"], "Culture", slug="culture")
    get(client, "/culture/")


def test_an_unpublished_section_is_not_served(client, news_site):
    url = news_site["politics"].url
    get(client, url)
    news_site["politics"].unpublish()
    get(client, url, status=404)


def test_another_process_purge_reaches_this_one(news_site, settings):
    settings.CARAVAN_PAGE_CACHE_POLL_SECONDS = 60  # the delay, when polling
    probe, built = Memo("probe", tags=("chrome",)), []

    def build():
        built.append(1)
        return len(built)

    assert probe.get(1, build) == 1
    assert probe.get(1, build) == 1
    # With Redis this process hears of it before its next request; otherwise
    # it reads the generations again after poll_seconds.
    bump_elsewhere("chrome")
    if not subscribed():
        assert probe.get(1, build) == 1
        poll_delay_passes()
    assert probe.get(1, build) == 2


def test_without_a_shared_cache_nothing_is_kept(settings, news_site):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    probe, built = Memo("probe"), []
    for _ in range(2):
        probe.get(1, lambda: built.append(1))
    assert len(built) == 2


def test_every_memo_is_registered_with_a_bound():
    names = [m.name for m in memo.memos()]
    assert len(names) == len(set(names))
    for each in memo.memos():
        assert 0 < each.max_entries <= 100_000, each.name
    for expected in ("site-for-host", "navigation", "card-html", "page-frames"):
        assert expected in names


def test_a_warm_article_render_makes_no_shared_cache_call(
    client, news_site, monkeypatch, settings
):
    """Generations, navigation, site root paths, settings, ticker and sidebar all
    come from this process's copies: a rendered article costs no cache round
    trip (without Redis's channel, the generations are re-read after
    poll_seconds: not within this test)."""
    from django.core.cache import caches

    settings.CARAVAN_PAGE_CACHE_POLL_SECONDS = 60
    url = news_site["articles"][0].url
    get(client, url)
    get(client, url)
    backend, calls = caches["default"], []
    for name in ("get", "get_many", "set", "set_many", "add", "delete"):
        method = getattr(backend, name)
        monkeypatch.setattr(
            backend,
            name,
            lambda *a, _m=method, _n=name, **k: calls.append(_n) or _m(*a, **k),
        )
    html = get(client, url).content.decode()
    assert f'href="{news_site["business"].url}"' in html  # navigation
    assert "Latest news" in html
    assert calls == []


def test_a_new_site_is_a_new_site_root(news_site):
    from caravan.web.page_urls import site_root_paths

    site_root_paths()
    other = factories.make_section(news_site["home"], "Elsewhere", slug="elsewhere")
    Site.objects.create(hostname="elsewhere.example", root_page=other)
    assert other.url_path in {p.root_path for p in site_root_paths()}


def test_a_new_home_translation_is_a_new_site_root(news_site):
    from wagtail.models import Locale

    from caravan.web.page_urls import site_root_paths

    before = {p.language_code for p in site_root_paths()}
    news_site["home"].copy_for_translation(Locale.objects.create(language_code="ru"))
    assert {p.language_code for p in site_root_paths()} == before | {"ru"}


def card_html(html: str, title: str) -> str:
    match = re.search(
        r'<article class="card[^"]*">(?:(?!</article>).)*?'
        + re.escape(title)
        + r".*?</article>",
        html,
        re.S,
    )
    assert match, title
    return match.group(0)


def card_memo() -> dict:
    """The process's rendered cards."""
    from caravan.news.jinja2tags import CARDS

    return CARDS._data


def test_cards_are_rendered_once_per_process(client, news_site):
    section = news_site["business"].url
    first = get(client, section).content.decode()
    again = get(client, section).content.decode()
    assert again == first
    assert len(card_memo()) >= 10


def test_a_card_changes_with_its_article_and_its_author(client, news_site):
    section = news_site["business"].url
    get(client, section)
    article = news_site["articles"][0]
    article.title = "Renamed business story"
    article.save_revision().publish()
    html = get(client, section).content.decode()
    assert "Renamed business story" in card_html(html, "Renamed business story")
    author = news_site["aigerim"]
    author.title = "Aigerim S. Sadykova"
    author.save_revision().publish()
    html = get(client, section).content.decode()
    assert "Aigerim S. Sadykova" in card_html(html, "Renamed business story")


def test_a_card_date_follows_the_site_time_zone(client, news_site):
    import datetime as dt

    from caravan.news.models import ArticlePage

    lead = news_site["lead"]
    ArticlePage.objects.filter(pk=lead.pk).update(
        date_published=dt.datetime(2025, 12, 31, 21, 10, tzinfo=dt.UTC)
    )
    memo.clear_all()
    section = news_site["energy"].url
    assert "1 Jan 2026" in card_html(get(client, section).content.decode(), "Solar")
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.time_zone = "UTC"
    site_settings.save()
    assert "31 Dec 2025" in card_html(get(client, section).content.decode(), "Solar")


def test_editors_get_cards_rendered_afresh(client, news_site, django_user_model):
    editor = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
    log_in(client, editor)
    get(client, news_site["business"].url)
    assert card_memo() == {}


def element(html: str, tag: str, css_class: str) -> str:
    match = re.search(rf'<{tag} class="{css_class}".*?</{tag}>', html, re.S)
    assert match, (tag, css_class)
    return match.group(0)


def current_nav_item(html: str) -> list[str]:
    nav = element(html, "nav", "site-nav")
    return re.findall(r'aria-current="page">([^<]*)<', nav)


def test_the_frame_marks_the_section_shown_and_no_other(client, news_site):
    business, politics = news_site["business"].url, news_site["politics"].url
    assert current_nav_item(get(client, business).content.decode()) == [
        "Business &amp; Economy"
    ]
    assert current_nav_item(get(client, politics).content.decode()) == ["Politics"]
    assert current_nav_item(get(client, news_site["lead"].url).content.decode()) == []
    assert current_nav_item(get(client, business).content.decode()) == [
        "Business &amp; Economy"
    ]


def test_the_frame_shows_changed_settings_and_sections_at_once(client, news_site):
    url = news_site["lead"].url
    get(client, url)
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.tagline = "Fresh tagline"
    site_settings.save()
    html = get(client, url).content.decode()
    assert "Fresh tagline" in element(html, "header", "masthead")
    assert "Fresh tagline" in element(html, "footer", "site-footer")
    politics = news_site["politics"]
    politics.title = "Politics & Power"
    politics.save_revision().publish()
    html = get(client, url).content.decode()
    assert "Politics &amp; Power" in element(html, "nav", "site-nav")


def test_the_frame_date_turns_at_local_midnight(client, news_site, time_machine):
    import datetime as dt

    url = news_site["lead"].url
    # Asia/Almaty (UTC+5): 18:59 UTC is 23:59 there, 19:00 UTC the next day.
    time_machine.move_to(dt.datetime(2026, 3, 1, 18, 59, tzinfo=dt.UTC), tick=False)
    assert "Sunday, 1 March 2026" in element(
        get(client, url).content.decode(), "header", "masthead"
    )
    time_machine.move_to(dt.datetime(2026, 3, 1, 19, 0, tzinfo=dt.UTC), tick=False)
    assert "Monday, 2 March 2026" in element(
        get(client, url).content.decode(), "header", "masthead"
    )
