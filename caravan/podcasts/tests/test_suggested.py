"""Episodes suggested under the articles they are about, found by their
content (``caravan.podcasts.suggested``), and kept right in the page cache."""

import datetime as dt

import pytest
from django.utils import timezone

from caravan.news.tests import factories as news
from caravan.podcasts import suggested
from caravan.podcasts.models import EpisodeMatch

from . import factories

pytestmark = pytest.mark.django_db

DAM = "The Rogun dam on the Vakhsh river will flood valleys, Tajik engineers said."
BANK = "The central bank raised its base rate to curb inflation of the tenge."
TRANSCRIPT = """[00:00] Host: Today, the Rogun dam on the Vakhsh.
[00:10] Guest: Engineers say the dam will flood the valleys upstream."""


def para(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def site(django_capture_on_commit_callbacks):
    home = news.make_home()
    section = news.make_section(home, "News", slug="news")
    with django_capture_on_commit_callbacks(execute=True):
        dam = news.make_article(section, title="Rogun floods valleys", body=para(DAM))
        bank = news.make_article(section, title="Bank rate", body=para(BANK))
    return {"home": home, "section": section, "dam": dam, "bank": bank}


def publish_episode(site, capture, **fields):
    show = site.get("show") or factories.make_show(site["home"])
    site["show"] = show
    with capture(execute=True):
        return factories.make_episode(
            show, title="The dam question", transcript=TRANSCRIPT, **fields
        )


def test_an_episode_is_suggested_under_the_articles_it_is_about(
    client, site, django_capture_on_commit_callbacks
):
    dam, bank = site["dam"], site["bank"]
    client.get(dam.url)
    assert client.get(dam.url)["X-Cache"] == "HIT"
    episode = publish_episode(site, django_capture_on_commit_callbacks)
    # The cached page was purged: the suggestion shows at once.
    assert f'Listen: <a href="{episode.url}">The dam question</a>' in html(
        client, dam.url
    )
    assert "The dam question" not in html(client, bank.url)
    assert [pk for pk, _s in EpisodeMatch.objects.get(episode=episode).articles] == [
        dam.pk
    ]
    # Edited to be about the base rate: it moves from one page to the other,
    # both cached before.
    assert client.get(bank.url)["X-Cache"] == "HIT"
    episode.title = "The rate question"
    episode.transcript = "[00:00] Host: The central bank and its base rate."
    with django_capture_on_commit_callbacks(execute=True):
        episode.save_revision().publish()
    assert "The rate question" in html(client, bank.url)
    assert "question" not in html(client, dam.url)
    # Unpublished: gone from the article's page.
    with django_capture_on_commit_callbacks(execute=True):
        episode.unpublish()
    assert "The rate question" not in html(client, bank.url)


def test_a_linked_article_shows_the_episode_once(
    client, site, django_capture_on_commit_callbacks
):
    episode = publish_episode(site, django_capture_on_commit_callbacks)
    episode.related_articles = [site["dam"]]
    with django_capture_on_commit_callbacks(execute=True):
        episode.save_revision().publish()
    assert EpisodeMatch.objects.get(episode=episode).articles == []
    assert html(client, site["dam"].url).count("The dam question") == 1


def test_articles_published_later_find_the_episode_the_next_day(
    client, site, django_capture_on_commit_callbacks
):
    episode = publish_episode(site, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        later = news.make_article(
            site["section"],
            title="Rogun dam: the valleys",
            body=para("Vakhsh valleys below the Rogun dam will flood."),
        )
    assert suggested.refresh_due() == 0  # matched less than a day ago
    assert "The dam question" not in html(client, later.url)
    tomorrow = timezone.now() + dt.timedelta(days=1, minutes=1)
    assert suggested.refresh_due(tomorrow) == 1
    assert "The dam question" in html(client, later.url)
    assert later.pk in {
        pk for pk, _s in EpisodeMatch.objects.get(episode=episode).articles
    }


def test_a_failed_match_never_fails_the_publication(
    client, site, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr("caravan.related.services.articles_like", broken)
    episode = publish_episode(site, django_capture_on_commit_callbacks)
    assert episode.live
    assert html(client, episode.url)
    monkeypatch.undo()
    # Left for the scheduler, which finds it.
    assert suggested.refresh_due() == 1
    assert "The dam question" in html(client, site["dam"].url)


def test_an_episode_is_matched_only_with_articles_of_its_language(
    client, site, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale

    ru = Locale.objects.get_or_create(language_code="ru")[0]
    ru_home = site["home"].copy_for_translation(ru)
    ru_home.save_revision().publish()
    ru_section = news.make_section(ru_home, "Новости", slug="novosti")
    with django_capture_on_commit_callbacks(execute=True):
        news.make_article(ru_section, title="Плотина Рогун", body=para(DAM))
    episode = publish_episode(site, django_capture_on_commit_callbacks)
    articles = [pk for pk, _s in EpisodeMatch.objects.get(episode=episode).articles]
    assert articles == [site["dam"].pk]
