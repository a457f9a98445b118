"""Languages: translating from the admin, hreflang alternates, the language
switcher, Russian UI strings from the committed catalog, the demo translations."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from lxml import etree
from wagtail.models import Locale

from caravan.news.models import ArticlePage, HomePage, SectionPage
from caravan.seo.demo import load_demo_translations

MO = Path(settings.BASE_DIR) / "caravan" / "locale" / "ru" / "LC_MESSAGES" / "django.mo"


@pytest.fixture
def ru(db):
    return Locale.objects.get_or_create(language_code="ru")[0]


def translate_in_admin(client, page, locale):
    response = client.post(
        f"/admin/translation/submit/page/{page.pk}/",
        {"locales": [locale.pk]},
    )
    assert response.status_code == 302, response.content[:500]
    return page.get_translation(locale).specific


@pytest.fixture
def translated(client, news_site, ru, django_user_model):
    """Home › Business › one article translated into Russian from the admin."""
    admin = django_user_model.objects.create_superuser("boss", password="pw")
    client.force_login(admin)
    home = translate_in_admin(client, news_site["home"], ru)
    business = translate_in_admin(client, news_site["business"], ru)
    article = translate_in_admin(client, news_site["articles"][0], ru)
    for page, title in [
        (home, "Караван"),
        (business, "Бизнес"),
        (article, "Деловая история"),
    ]:
        page = page.specific_class.objects.get(pk=page.pk)  # fresh tree counts
        page.title = title
        page.save_revision().publish()
    client.logout()
    return {
        name: page.specific_class.objects.get(pk=page.pk)
        for name, page in [("home", home), ("business", business), ("article", article)]
    }


def alternates(html):
    tree = etree.HTML(html)
    return {
        link.get("hreflang"): link.get("href")
        for link in tree.iterfind(".//head/link[@rel='alternate'][@hreflang]")
    }


@pytest.mark.django_db
def test_translate_action_creates_a_russian_copy(translated, news_site, ru):
    article = translated["article"]
    assert article.locale == ru
    assert article.translation_key == news_site["articles"][0].translation_key
    assert article.get_parent().specific == translated["business"]
    assert article.live
    # Authors, countries and tags travel with the copy.
    assert [a.title for a in article.authors] == ["Aigerim Sadykova"]
    assert article.url.startswith("/ru/")


@pytest.mark.django_db
def test_translations_link_to_each_other(client, translated, news_site):
    en = news_site["articles"][0]
    ru_article = translated["article"]
    expected = {
        "en": f"http://testserver{en.url}",
        "ru": f"http://testserver{ru_article.url}",
        "x-default": f"http://testserver{en.url}",
    }
    assert alternates(client.get(en.url).content) == expected
    assert alternates(client.get(ru_article.url).content) == expected


@pytest.mark.django_db
def test_every_article_has_hreflang_even_untranslated(client, news_site):
    lead = news_site["lead"]
    assert alternates(client.get(lead.url).content) == {
        "en": f"http://testserver{lead.url}",
        "x-default": f"http://testserver{lead.url}",
    }


def switcher(html):
    tree = etree.HTML(html)
    nav = tree.find(".//nav[@class='lang-switch']")
    if nav is None:
        return {}
    return {a.get("hreflang"): a.get("href") for a in nav.iterfind(".//a")}


@pytest.mark.django_db
def test_language_switcher(client, translated, news_site):
    en = news_site["articles"][0]
    html = client.get(en.url).content
    assert switcher(html) == {"en": en.url, "ru": translated["article"].url}
    # No translation: the switcher offers the Russian home page.
    lead = news_site["lead"]
    assert switcher(client.get(lead.url).content) == {"en": lead.url, "ru": "/ru/"}
    # Archives keep their sub-route; search keeps the query.
    assert switcher(client.get("/tag/trade/").content)["ru"] == "/ru/tag/trade/"
    assert switcher(client.get("/search/?q=gas").content)["ru"] == "/ru/search/?q=gas"
    ru_html = client.get(translated["article"].url).content.decode()
    assert 'aria-current="true">Русский' in ru_html


@pytest.mark.django_db
def test_no_switcher_with_a_single_language(client, news_site):
    assert switcher(client.get(news_site["lead"].url).content) == {}


@pytest.mark.django_db
def test_russian_pages_show_russian_interface(client, translated):
    html = client.get(translated["article"].url).content.decode()
    assert '<html lang="ru">' in html
    for text in [
        "Перейти к содержанию",
        "Последние новости",
        "Другие статьи автора",
    ]:
        assert text in html, text
    section = client.get(translated["business"].url).content.decode()
    assert "Показаны результаты 1–1 из 1" in section
    english = client.get("/business/").content.decode()
    assert "Viewing results 1 - 12 of 12" in english


def test_committed_catalog_is_compiled_and_current():
    assert MO.exists()
    po = MO.with_suffix(".po")
    assert MO.stat().st_size > 1000
    assert "Рекомендуемые статьи" in po.read_text(encoding="utf-8")
    with translation.override("ru"):
        assert translation.gettext("Suggested articles") == "Рекомендуемые статьи"
        assert translation.gettext("More articles from %(name)s") % {"name": "A"} == (
            "Другие статьи автора: A"
        )
        assert translation.gettext("All rates") == "Все курсы"
        assert translation.ngettext(
            "%(minutes)s min read", "%(minutes)s min read", 5
        ) == ("%(minutes)s минут чтения")


def test_languages_come_from_the_environment():
    env = {
        **os.environ,
        "LANGUAGES": "en,ru,kk,ky,uz,tg,tk,xx",
        "DJANGO_SETTINGS_MODULE": "caravan.settings.test",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(','.join(c for c, _ in s.LANGUAGES), s.LANGUAGE_CODE, "
        "len(s.WAGTAIL_CONTENT_LANGUAGES), str(dict(s.LANGUAGES)['kk']))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    ).stdout.split()
    assert out == ["en,ru,kk,ky,uz,tg,tk", "en", "7", "Kazakh"]


@pytest.mark.django_db
def test_demo_translations_are_idempotent(client, news_site):
    first = load_demo_translations()
    second = load_demo_translations()
    assert first == second
    ru_home = HomePage.objects.get(locale__language_code="ru")
    assert ru_home.title == "Караван" and ru_home.live
    ru_sections = SectionPage.objects.filter(locale__language_code="ru")
    # The fixture's "business" and "politics" sections have demo translations.
    assert {s.title for s in ru_sections} >= {"Политика", "Бизнес и экономика"}
    assert ArticlePage.objects.filter(locale__language_code="ru").count() == 0
    html = client.get("/ru/").content.decode()
    assert "Последние новости" in html
    assert switcher(html) == {"en": "/", "ru": "/ru/"}
