"""The front page editors choose: lead and featured stories, per language, with
an optional expiry; the newest fill what is not chosen. The cached front page
follows a new choice at once and an expiry without anyone publishing."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from caravan.caching.tests.support import reset_page_cache
from caravan.news.front_page import chosen_ids, next_expiry
from caravan.news.models import HomeFeature
from caravan.news.selectors import home_page_blocks

pytestmark = pytest.mark.django_db


def choose(home, lead=None, lead_until=None, features=()):
    """As an editor does: edit the home page and publish it."""
    home = home.specific
    home.lead_article = lead
    home.lead_until = lead_until
    home.features = [
        HomeFeature(article=article, until=until, sort_order=i)
        for i, (article, until) in enumerate(features)
    ]
    home.save_revision().publish()
    home.refresh_from_db()
    return home


def featured_titles(html: str) -> list[str]:
    block = html.split('id="featured-title"', 1)
    if len(block) == 1:
        return []
    section = block[1].split("</section>", 1)[0]
    return re.findall(r'class="card__title"><a [^>]*>([^<]+)</a>', section)


def test_without_a_choice_the_newest_leads_and_nothing_is_featured(news_site):
    blocks = home_page_blocks(home=news_site["home"])
    assert blocks["lead"] == news_site["lead"]
    assert blocks["featured"] == []


def test_the_chosen_lead_and_features_show_in_order_and_leave_the_latest(news_site):
    older = news_site["articles"]
    home = choose(
        news_site["home"], lead=older[5], features=[(older[3], None), (older[1], None)]
    )
    blocks = home_page_blocks(home=home)
    assert blocks["lead"] == older[5]
    assert blocks["featured"] == [older[3], older[1]]
    shown = {a.pk for a in blocks["latest_news"]}
    assert not shown & {older[5].pk, older[3].pk, older[1].pk}
    assert news_site["lead"].pk in shown  # the newest is still in the latest news


def test_expired_or_unpublished_choices_give_way_to_the_newest(news_site):
    older = news_site["articles"]
    past = timezone.now() - dt.timedelta(minutes=1)
    home = choose(
        news_site["home"],
        lead=older[5],
        lead_until=past,
        features=[(older[3], past), (news_site["draft"], None), (older[2], None)],
    )
    blocks = home_page_blocks(home=home)
    assert blocks["lead"] == news_site["lead"]
    assert blocks["featured"] == [older[2]]
    assert chosen_ids(home) == (None, [news_site["draft"].pk, older[2].pk])


def test_a_featured_story_that_is_also_the_lead_shows_once(news_site):
    older = news_site["articles"]
    home = choose(news_site["home"], lead=older[4], features=[(older[4], None)])
    blocks = home_page_blocks(home=home)
    assert blocks["lead"] == older[4] and blocks["featured"] == []


def test_next_expiry_is_the_soonest_choice_to_run_out(news_site):
    now = timezone.now()
    older = news_site["articles"]
    home = choose(
        news_site["home"],
        lead=older[5],
        lead_until=now + dt.timedelta(hours=2),
        features=[(older[3], now + dt.timedelta(hours=1)), (older[2], None)],
    )
    assert next_expiry(home, now) == now + dt.timedelta(hours=1)
    assert next_expiry(home, now + dt.timedelta(minutes=90)) == now + dt.timedelta(
        hours=2
    )
    assert next_expiry(home, now + dt.timedelta(hours=3)) is None


@pytest.fixture
def page_cache(settings):
    reset_page_cache(settings, enabled=True)


def test_a_new_choice_purges_the_cached_front_page(client, news_site, page_cache):
    client.get("/")
    assert client.get("/")["X-Cache"] == "HIT"
    chosen = news_site["articles"][6]
    choose(news_site["home"], features=[(chosen, None)])
    response = client.get("/")
    assert response["X-Cache"] != "HIT"
    assert chosen.title in featured_titles(response.content.decode())


def test_an_expiry_takes_effect_without_a_publish(client, news_site, page_cache):
    chosen = news_site["articles"][6]
    choose(
        news_site["home"],
        features=[(chosen, timezone.now() + dt.timedelta(minutes=2))],
    )
    first = client.get("/")
    assert chosen.title in featured_titles(first.content.decode())
    max_age = int(re.search(r"max-age=(\d+)", first["Cache-Control"]).group(1))
    assert max_age <= 120
    assert client.get("/")["X-Cache"] == "HIT"
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3), tick=False):
        later = client.get("/")
        assert later["X-Cache"] != "HIT"
        assert featured_titles(later.content.decode()) == []


def test_each_language_has_its_own_choice(news_site):
    from wagtail.models import Locale

    from caravan.news.tests import factories

    ru = Locale.objects.get_or_create(language_code="ru")[0]
    home = news_site["home"]
    ru_home = home.copy_for_translation(ru)
    ru_home.save_revision().publish()
    ru_section = news_site["politics"].copy_for_translation(ru)
    ru_section.save_revision().publish()
    ru_story = factories.make_article(ru_section, title="Новость дня")
    choose(home, lead=news_site["articles"][5])
    ru_home = choose(ru_home, features=[(ru_story, None)])
    russian = home_page_blocks(home=ru_home)
    assert russian["featured"] == [ru_story] and russian["lead"] is None
    english = home_page_blocks(home=home)
    assert english["lead"] == news_site["articles"][5]
    assert ru_story not in english["featured"] + english["latest_news"]
