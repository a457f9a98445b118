import hashlib
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from caravan.news.models import ArticlePage, Country, SectionPage
from caravan.newsletters.models import NewsletterList
from caravan.people.models import AuthorPage
from caravan.podcasts.models import PodcastEpisodePage
from caravan.readership.models import ArticleViews
from caravan.telegram.models import TelegramPost

pytestmark = pytest.mark.django_db


def counts():
    return {
        "pages": Page.objects.count(),
        "articles": ArticlePage.objects.filter(locale__language_code="en").count(),
        "translations": Page.objects.filter(locale__language_code="ru").count(),
        "authors": AuthorPage.objects.filter(locale__language_code="en").count(),
        "authors_ru": AuthorPage.objects.filter(locale__language_code="ru").count(),
        "sections": SectionPage.objects.count(),
        "countries": Country.objects.count(),
        "images": get_image_model().objects.count(),
        "users": User.objects.count(),
        "views": ArticleViews.objects.count(),
        "episodes": PodcastEpisodePage.objects.live().count(),
        "newsletters": NewsletterList.objects.filter(public=True).count(),
    }


def test_demo_loads_a_convincing_site_once(client, settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", site_url="http://127.0.0.1:8010/")
    output = capsys.readouterr().out
    first = counts()
    assert first["articles"] == 42  # 40 published + 1 scheduled + the live blog
    assert (
        ArticlePage.objects.published().filter(locale__language_code="en").count() == 41
    )
    # Home, sections, people and some articles also exist in Russian.
    assert first["translations"] >= 5
    assert ArticlePage.objects.filter(locale__language_code="ru").exists()
    assert first["authors"] == 6 and first["sections"] >= 5 and first["countries"] == 5
    assert first["authors_ru"] == 6  # every author has a Russian profile
    assert all(a.photo_id and a.bio for a in AuthorPage.objects.all())
    assert all(a.hero_image_id for a in ArticlePage.objects.all())
    # Readers' views, so "Most read" shows something on the first visit.
    assert first["views"] > 0
    assert first["episodes"] == 3  # with audio made at load time
    assert first["newsletters"] == 3  # two in English, one in Russian
    assert all(
        e.audio_length > 0 and e.transcript for e in PodcastEpisodePage.objects.all()
    )
    password = (tmp_path / "demo_admin_password").read_text().strip()
    assert password in output and "http://127.0.0.1:8010/admin/" in output

    assert_articles_read_as_news()

    call_command("load_demo")
    assert counts() == first  # running it twice duplicates nothing
    assert_articles_read_as_news()  # and changes nothing a reader sees

    # Signed in as a person would (django-axes needs the request to count failures).
    signed_in = client.post(
        "/admin/login/", {"username": "admin", "password": password}
    )
    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    article = ArticlePage.objects.published().first()
    author = AuthorPage.objects.first()
    for url in [
        "/",
        "/business/",
        "/business/energy/",
        article.url,
        author.url,
        "/people/",
        "/tag/trade/",
        "/country/kazakhstan/",
        "/search/?q=gas",
        "/rates/",
        "/spotlight/",
        "/spotlight/rss/",
        PodcastEpisodePage.objects.first().url,
        PodcastEpisodePage.objects.first().audio_file.url,
        "/ru/",
        ArticlePage.objects.filter(locale__language_code="ru").first().url,
    ]:
        assert client.get(url).status_code == 200, url
    assert "Most read" in client.get("/").content.decode()
    # The show is filed under Politics, its episodes under their countries.
    for url in ("/politics/", "/country/kazakhstan/"):
        assert "The Middle Corridor" in client.get(url).content.decode(), url
    # The sign-up form, with the lists of the page's language.
    english = client.get(article.url).content.decode()
    assert 'action="/newsletter/subscribe/"' in english
    assert "Daily briefing" in english and "Weekly digest" in english
    assert "Ежедневная сводка" not in english
    russian = client.get(
        ArticlePage.objects.filter(locale__language_code="ru").first().url
    ).content.decode()
    assert "Ежедневная сводка" in russian and "Daily briefing" not in russian
    # Nothing is queued for Telegram: no bot token in the demo.
    assert not TelegramPost.objects.exists()


def words(text: str) -> set[str]:
    """Words of five letters or more, lower case (stems are enough: "glaciers"
    and "glacier" share "glaci")."""
    return {w[:5] for w in re.findall(r"\w{5,}", text.casefold())}


def assert_articles_read_as_news():
    from caravan.demo import content

    english = {
        a.slug: a
        for a in ArticlePage.objects.filter(
            locale__language_code="en", slug__in=[row[0] for row in content.ARTICLES]
        )
    }
    assert len(english) == len(content.ARTICLES)
    heroes = set()
    for slug, article in english.items():
        body = " ".join(
            str(block.value)
            for block in article.body
            if block.block_type == "paragraph"
        )
        # the body is about its headline, not filler shared across stories
        assert words(article.title) & words(body), slug
        ru = article.get_translation_or_none(Locale.objects.get(language_code="ru"))
        assert ru is not None and ru.live, f"{slug} has no Russian translation"
        ru = ru.specific
        assert ru.title != article.title and re.search("[а-я]", ru.title), slug
        ru_body = " ".join(str(b.value) for b in ru.body if b.block_type == "paragraph")
        assert re.search("[а-я]{4}", ru_body) and words(ru.title) & words(ru_body), slug
        heroes.add(article.hero_image_id)
    # the pictures differ: several images, each file different
    assert len(heroes) >= 10
    images = get_image_model().objects.filter(pk__in=heroes)
    digests = set()
    for image in images:
        with image.file.open("rb") as handle:
            digests.add(hashlib.sha256(handle.read()).hexdigest())
    assert len(digests) == len(heroes)
