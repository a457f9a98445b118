"""Episodes on country archives (the episode's countries) and section pages (the
show's section, and the sections above it), in the archive's language only; the
page cache's purges of them; and no query more for it on those pages."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from caravan.caching.tests.test_query_counts import MAX_QUERIES
from caravan.news.models import SectionPage
from caravan.news.tests import factories as news
from caravan.podcasts.models import PodcastShowPage

from . import factories

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def cached(client, url):
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT", url


def link(episode):
    return f'<a href="{episode.url}">{episode.title}</a>'


@pytest.fixture
def kz(db):
    return news.make_country()


@pytest.fixture
def uz(db):
    return news.make_country("Uzbekistan", "uzbekistan", "UZ")


def politics():
    return SectionPage.objects.get(slug="politics", locale__language_code="en")


def file_show(show, section):
    show = PodcastShowPage.objects.get(pk=show.pk)
    show.section = section
    show.save_revision().publish()
    return PodcastShowPage.objects.get(pk=show.pk)


def set_countries(episode, countries):
    episode.countries = list(countries)
    episode.save_revision().publish()


def test_country_archives_list_the_episodes_with_the_country(client, podcast, kz, uz):
    second, first = podcast["episodes"]
    set_countries(first, [kz])
    set_countries(second, [kz, uz])
    page = html(client, "/country/kazakhstan/")
    assert "Podcast episodes" in page
    assert link(first) in page and link(second) in page
    assert page.index(link(second)) < page.index(link(first))  # newest first
    assert "(Spotlight on Central Asia)" in page
    other = html(client, "/country/uzbekistan/")
    assert link(second) in other and link(first) not in other


def test_a_draft_is_on_no_country_archive(client, podcast, kz):
    draft = podcast["draft"]
    draft.countries = [kz]
    draft.save_revision()  # not published
    assert "Podcast episodes" not in html(client, "/country/kazakhstan/")


def test_section_pages_list_the_episodes_of_the_shows_filed_there(client, podcast):
    central = news.make_section(politics(), "Central Asia", slug="central-asia")
    business = news.make_section(podcast["home"], "Business", slug="business")
    file_show(podcast["show"], central)
    second, first = podcast["episodes"]
    for url in (central.url, politics().url):  # and the section above it
        page = html(client, url)
        assert "Podcast episodes" in page
        assert link(second) in page and link(first) in page
        assert podcast["draft"].title not in page
    assert "Podcast episodes" not in html(client, business.url)


def test_a_show_without_a_section_is_on_no_section_page(client, podcast):
    assert "Podcast episodes" not in html(client, politics().url)


def test_a_new_episode_purges_its_country_archive_and_section_page(client, podcast, kz):
    file_show(podcast["show"], politics())
    set_countries(podcast["episodes"][0], [kz])
    archive, section = "/country/kazakhstan/", politics().url
    for url in (archive, section):
        cached(client, url)
    fresh = factories.make_episode(podcast["show"], title="Fresh from the studio")
    set_countries(fresh, [kz])
    assert link(fresh) in html(client, archive)
    assert link(fresh) in html(client, section)
    # Unpublished: gone from both.
    for url in (archive, section):
        cached(client, url)
    fresh.unpublish()
    assert "Fresh from the studio" not in html(client, archive)
    assert "Fresh from the studio" not in html(client, section)


def test_a_country_taken_off_an_episode_leaves_its_archive(client, podcast, kz, uz):
    episode = podcast["episodes"][0]
    set_countries(episode, [kz])
    cached(client, "/country/kazakhstan/")
    # A draft saved in between (its revision has no Kazakhstan either): the
    # published state is what the archive showed, and what must be purged.
    episode.countries = [uz]
    episode.save_revision()
    episode.save_revision().publish()
    assert episode.title not in html(client, "/country/kazakhstan/")
    assert link(episode) in html(client, "/country/uzbekistan/")


def test_a_tag_guest_or_article_taken_off_leaves_its_page_despite_a_draft(
    client, podcast
):
    episode, timur = podcast["episodes"][1], podcast["timur"]
    article = podcast["article"]
    episode.tags.add("Water")
    episode.save_revision().publish()
    for url in ("/tag/water/", timur.url, article.url):
        cached(client, url)
        assert episode.title in html(client, url)
    # A draft saved in between has none of them either: the published state
    # is what the pages showed, and what must be purged.
    episode.tags.set([])
    episode.guests = []
    episode.related_articles = []
    episode.save_revision()
    episode.save_revision().publish()
    for url in ("/tag/water/", timur.url, article.url):
        assert episode.title not in html(client, url), url


def test_a_show_moved_to_another_section_leaves_the_former(client, podcast):
    business = news.make_section(podcast["home"], "Business", slug="business")
    show = file_show(podcast["show"], politics())
    cached(client, politics().url)
    cached(client, business.url)
    file_show(show, business)
    assert "Podcast episodes" not in html(client, politics().url)
    assert link(podcast["episodes"][0]) in html(client, business.url)
    # Taken out of any section: gone from it.
    file_show(show, None)
    assert "Podcast episodes" not in html(client, business.url)


@pytest.fixture
def ru(db):
    return Locale.objects.get_or_create(language_code="ru")[0]


def translate(page, locale, **fields):
    copy = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return type(copy).objects.get(pk=copy.pk)


def test_archives_list_the_episodes_in_their_language_only(client, podcast, kz, ru):
    english = podcast["episodes"][0]
    set_countries(english, [kz])
    ru_politics = translate(politics(), ru, title="Политика")
    show = file_show(podcast["show"], politics())
    ru_show = translate(show, ru, title="В центре внимания")
    # The copy named the English section: saved, it names the Russian one.
    assert ru_show.section == ru_politics
    russian = translate(english, ru, title="Торговые пути")
    assert list(russian.countries.all()) == [kz]  # copied with the episode
    for url in ("/ru/country/kazakhstan/", ru_politics.url):
        page = html(client, url)
        assert link(russian) in page and english.title not in page
    for url in ("/country/kazakhstan/", politics().url):
        page = html(client, url)
        assert link(english) in page and "Торговые пути" not in page


def test_newer_episodes_in_another_language_leave_an_archive_its_own(
    client, podcast, kz, ru, monkeypatch
):
    from caravan.podcasts import links

    monkeypatch.setattr(links, "AUTHOR_EPISODES", 1)  # the newest one a language
    english = podcast["episodes"][1]  # two weeks old
    set_countries(english, [kz])
    russian = translate(podcast["episodes"][0], ru, title="Торговые пути")
    set_countries(russian, [kz])  # an hour old: newer
    assert link(english) in html(client, "/country/kazakhstan/")
    assert link(russian) in html(client, "/ru/country/kazakhstan/")


def test_a_section_in_another_language_is_refused(podcast, ru):
    business = news.make_section(podcast["home"], "Business", slug="business")
    ru_show = translate(podcast["show"], ru, title="В центре внимания")
    ru_show.section = business  # English, and not translated
    with pytest.raises(ValidationError) as error:
        ru_show.full_clean()
    assert "section" in error.value.message_dict


@pytest.fixture
def rendered(settings):
    settings.CARAVAN_PAGE_CACHE = False  # every request renders


def without_archive_hooks(monkeypatch):
    """The pages as they were before apps added to them: no archive hook."""
    from wagtail import hooks

    get_hooks = hooks.get_hooks

    def only_others(name):
        return [] if name == "caravan_archive_context" else get_hooks(name)

    monkeypatch.setattr(hooks, "get_hooks", only_others)
    return lambda: monkeypatch.setattr(hooks, "get_hooks", get_hooks)


def queries_of(client, url, django_assert_max_num_queries) -> int:
    client.get(url)  # the process's small caches, warm as in production
    with django_assert_max_num_queries(100) as queries:
        html(client, url)
    return len(queries)


def test_the_episodes_cost_archives_and_sections_no_query(
    client, podcast, kz, rendered, monkeypatch, django_assert_max_num_queries
):
    """As many queries as without any archive hook, with episodes listed: the
    map of episodes is built once per process, not per page."""
    file_show(podcast["show"], politics())
    set_countries(podcast["episodes"][0], [kz])
    urls = ["/country/kazakhstan/", politics().url]
    restore = without_archive_hooks(monkeypatch)
    before = {
        url: queries_of(client, url, django_assert_max_num_queries) for url in urls
    }
    assert before[politics().url] <= MAX_QUERIES["section1"]
    assert before["/country/kazakhstan/"] <= MAX_QUERIES["country"]
    restore()
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(before[url]):
            assert link(podcast["episodes"][0]) in html(client, url)
