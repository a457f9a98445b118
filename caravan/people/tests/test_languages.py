"""One language per page: archives, author pages, bylines, feeds, rates, dates
and the tagline of /ru/ are Russian only, and English pages English only."""

import datetime as dt

import pytest
from django.utils import timezone
from lxml import etree
from wagtail.models import Locale

from caravan.news.models import ArticlePage
from caravan.people.models import AuthorPage


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Content changes between requests here: always render."""
    settings.CARAVAN_PAGE_CACHE = False


@pytest.fixture
def ru(db):
    return Locale.objects.get_or_create(language_code="ru")[0]


def translate(client, page, locale, **fields):
    """Translate from the admin ("Translate" action), then edit and publish."""
    response = client.post(
        f"/admin/translation/submit/page/{page.pk}/", {"locales": [locale.pk]}
    )
    assert response.status_code == 302, response.content[:500]
    translated = page.get_translation(locale).specific
    translated = type(translated).objects.get(pk=translated.pk)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return type(translated).objects.get(pk=translated.pk)


@pytest.fixture
def edition(client, news_site, ru, django_user_model):
    """A Russian edition: home, Business, Our People, Aigerim's profile (with her
    name in Cyrillic) and one of her business stories; the rest stays English."""
    client.force_login(django_user_model.objects.create_superuser("boss", "", "pw"))
    site = dict(news_site)
    site["ru_home"] = translate(client, news_site["home"], ru, title="Караван")
    site["ru_business"] = translate(client, news_site["business"], ru, title="Бизнес")
    site["ru_people"] = translate(client, news_site["people"], ru, title="Наша команда")
    site["ru_aigerim"] = translate(
        client, news_site["aigerim"], ru, title="Айгерим Садыкова"
    )
    site["ru_article"] = translate(
        client, news_site["articles"][0], ru, title="Деловая история"
    )
    client.logout()
    return site


def titles(html) -> list[str]:
    tree = etree.HTML(html)
    return [
        "".join(a.itertext()).strip()
        for a in tree.xpath("//main//*[contains(@class, 'card__title')]/a")
    ]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_country_and_tag_archives_list_their_language_only(client, edition):
    ru_country = titles(get(client, "/ru/country/kazakhstan/"))
    assert ru_country == ["Деловая история"]
    en_country = titles(get(client, "/country/kazakhstan/"))
    assert "Деловая история" not in en_country
    assert "Business story 0" in en_country
    assert titles(get(client, "/ru/tag/trade/")) == ["Деловая история"]
    assert "Деловая история" not in titles(get(client, "/tag/trade/"))


def test_section_lists_its_language_only(client, edition):
    assert titles(get(client, "/ru/business/")) == ["Деловая история"]
    assert "Деловая история" not in titles(get(client, "/business/?page=1"))


def test_author_pages_exist_in_each_language_and_list_that_language(client, edition):
    en_slug = edition["aigerim"].slug
    en = get(client, f"/people/{en_slug}/")
    assert "Деловая история" not in titles(en)
    assert "Business story 1" in titles(en)
    ru = get(client, f"/ru/people/{en_slug}/")
    assert "Айгерим Садыкова" in ru
    assert titles(ru) == ["Деловая история"]
    people = get(client, "/ru/people/")
    assert "Айгерим Садыкова" in people
    assert f'href="/ru/people/{en_slug}/"' in people


def test_byline_of_a_translated_article_links_within_its_language(client, edition):
    html = get(client, edition["ru_article"].url)
    tree = etree.HTML(html)
    byline = tree.xpath("//a[@rel='author']")
    assert [a.get("href") for a in byline] == [f"/ru/people/{edition['aigerim'].slug}/"]
    assert [a.text for a in byline] == ["Айгерим Садыкова"]


def test_author_translated_after_the_article_takes_over_its_bylines(
    client, news_site, ru, django_user_model
):
    """The article's Russian byline names the English profile until the
    profile is translated; from its publication on, the Russian one."""
    client.force_login(django_user_model.objects.create_superuser("boss", "", "pw"))
    translate(client, news_site["home"], ru, title="Караван")
    translate(client, news_site["business"], ru, title="Бизнес")
    translate(client, news_site["people"], ru, title="Наша команда")
    article = translate(client, news_site["articles"][0], ru, title="Деловая история")
    assert [link.author_id for link in article.article_authors.all()] == [
        news_site["aigerim"].pk
    ]
    ru_aigerim = translate(client, news_site["aigerim"], ru, title="Айгерим Садыкова")
    article = ArticlePage.objects.get(pk=article.pk)
    assert [link.author_id for link in article.article_authors.all()] == [ru_aigerim.pk]
    # The English article keeps the English profile.
    english = news_site["articles"][0]
    assert [link.author_id for link in english.article_authors.all()] == [
        news_site["aigerim"].pk
    ]
    # Republishing the Russian article from a revision made before keeps it.
    article.save_revision().publish()
    assert ArticlePage.objects.get(pk=article.pk).article_authors.get().author_id == (
        ru_aigerim.pk
    )


def test_author_feed_lists_that_language_only(client, edition):
    slug = edition["aigerim"].slug
    ru = get(client, f"/ru/people/{slug}/feed/")
    assert "Деловая история" in ru
    assert "Business story" not in ru
    en = get(client, f"/people/{slug}/feed/")
    assert "Деловая история" not in en
    assert "Business story 1" in en


def test_rates_page_has_a_russian_counterpart_and_links_stay_in_the_language(
    client, edition
):
    ru = get(client, "/ru/rates/")
    assert '<html lang="ru"' in ru
    assert get(client, "/rates/").count('lang="en"') >= 1
    assert client.get("/api/rates/latest").status_code == 200


def test_dates_and_tagline_follow_the_language(client, edition):
    december = timezone.make_aware(dt.datetime(2026, 12, 4, 12, 0))
    ArticlePage.objects.filter(pk=edition["ru_article"].pk).update(
        date_published=december
    )
    ArticlePage.objects.filter(pk=edition["articles"][0].pk).update(
        date_published=december
    )
    # The rest older: the archive lists the newest first, and the fixture's
    # stories, dated by the clock, would otherwise fill its first page.
    ArticlePage.objects.exclude(
        pk__in=[edition["ru_article"].pk, edition["articles"][0].pk]
    ).update(date_published=december - dt.timedelta(days=3))
    ru = get(client, "/ru/country/kazakhstan/")
    assert "4 дек. 2026" in ru
    assert "Новости и аналитика Центральной Азии" in ru
    en = get(client, "/country/kazakhstan/")
    assert "4 Dec 2026" in en
    assert "News and analysis from Central Asia" in en
    ru_home = etree.HTML(get(client, "/ru/"))
    assert "News and analysis" not in ru_home.findtext(".//title")
    assert ru_home.xpath("string(//*[@class='masthead__name'])") == "Караван"


def test_people_index_without_translated_profiles_is_empty_not_mixed(
    client, news_site, ru, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("boss", "", "pw"))
    translate(client, news_site["home"], ru, title="Караван")
    translate(client, news_site["people"], ru, title="Наша команда")
    html = get(client, "/ru/people/")
    assert "Aigerim Sadykova" not in html
    assert AuthorPage.objects.filter(locale=ru).count() == 0


def test_article_time_names_its_zone(client, edition, settings):
    from wagtail.models import Site

    from caravan.core.models import SiteSettings

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.time_zone = "Asia/Almaty"
    site_settings.save()
    december = timezone.make_aware(dt.datetime(2026, 12, 4, 15, 49), dt.UTC)
    ArticlePage.objects.filter(pk=edition["ru_article"].pk).update(
        date_published=december
    )
    html = get(client, edition["ru_article"].url)
    assert "4 декабря 2026, 20:49 UTC+5" in html
