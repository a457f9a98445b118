import pytest
import time_machine
from django.utils import timezone

from caravan.news.models import ArticlePage
from caravan.news.suggestions import suggested_articles
from caravan.news.tests import factories

pytestmark = pytest.mark.django_db


def test_suggested_weighs_tags_over_countries_over_section(news_site):
    home, politics = news_site["home"], news_site["politics"]
    author = news_site["timur"]
    other = factories.make_section(home, "Culture", slug="culture")
    article = factories.make_article(
        politics,
        title="Subject",
        authors=[author],
        tags=["water", "climate"],
        countries=[news_site["uz"]],
    )
    two_tags = factories.make_article(
        other,
        title="Two tags",
        authors=[author],
        tags=["water", "climate"],
        age=factories.timedelta(days=30),
    )
    one_tag = factories.make_article(
        other,
        title="One tag",
        authors=[author],
        tags=["water"],
        age=factories.timedelta(days=20),
    )
    country = factories.make_article(
        other,
        title="Country",
        authors=[author],
        countries=[news_site["uz"]],
        age=factories.timedelta(days=10),
    )
    suggested = suggested_articles(article=article, limit=4)
    # equal scores (the solar plant story shares the country too) go newest first
    assert [a.title for a in suggested] == [
        "Two tags",
        "One tag",
        "Solar plant opens",
        "Country",
    ]
    # the lead shares the country but also one section-less link; never the subject itself
    assert article not in suggested
    assert two_tags in suggested and one_tag in suggested and country in suggested


def test_suggested_never_includes_unpublished_or_future(news_site):
    suggested = suggested_articles(article=news_site["articles"][0], limit=20)
    titles = {a.title for a in suggested}
    assert "Unpublished draft" not in titles
    assert "Dated tomorrow" not in titles
    assert news_site["articles"][0].title not in titles
    assert len(titles) == 11  # 10 other business stories + the solar plant


def test_suggested_tops_up_with_newest_when_nothing_is_related(news_site):
    lonely_section = factories.make_section(news_site["home"], "Lonely", slug="lonely")
    lonely = factories.make_article(
        lonely_section, title="Lonely", authors=[news_site["idle"]]
    )
    suggested = suggested_articles(article=lonely, limit=3)
    assert [a.title for a in suggested] == [
        "Solar plant opens",
        "Business story 0",
        "Business story 1",
    ]


def test_suggested_query_count_is_bounded(news_site, django_assert_max_num_queries):
    article = news_site["lead"]
    with django_assert_max_num_queries(9):
        result = suggested_articles(article=article, limit=4)
        for a in result:
            a.hero_image  # noqa: B018 - prefetched
            list(a.article_authors.all())


def test_suggestions_come_from_the_newest_window_of_the_archive(news_site, monkeypatch):
    # Scoring is bounded to the newest WINDOW articles, so its cost does not grow
    # with the archive: an old article sharing every tag is not scored.
    from caravan.news import suggestions

    author, other = news_site["timur"], news_site["business"]
    subject = factories.make_article(
        news_site["politics"], title="Subject", authors=[author], tags=["glacier"]
    )
    old_match = factories.make_article(
        other,
        title="Old glacier story",
        authors=[author],
        tags=["glacier"],
        age=factories.timedelta(days=4000),
    )
    assert old_match in suggested_articles(article=subject, limit=1)
    monkeypatch.setattr(suggestions, "WINDOW", 5)
    assert old_match not in suggested_articles(article=subject, limit=1)


def test_a_newly_published_article_is_suggested_at_once(news_site):
    subject = news_site["lead"]
    suggested_articles(article=subject)  # the index of recent articles is built
    fresh = factories.make_article(
        news_site["politics"],
        title="Fresh energy story",
        authors=[news_site["timur"]],
        tags=["energy", "trade"],
        age=factories.timedelta(seconds=1),
    )
    assert suggested_articles(article=subject)[0] == fresh


def test_an_unpublished_article_leaves_the_suggestions_at_once(news_site):
    subject = news_site["lead"]
    first = suggested_articles(article=subject)[0]
    ArticlePage.objects.get(pk=first.pk).unpublish()
    assert first not in suggested_articles(article=subject)


def test_a_future_dated_article_is_suggested_when_it_comes_due(news_site):
    subject = news_site["articles"][0]
    future = news_site["future"]  # tagged "trade" too, dated tomorrow
    assert future not in suggested_articles(article=subject, limit=20)
    with time_machine.travel(timezone.now() + factories.timedelta(days=2)):
        assert future in suggested_articles(article=subject, limit=20)


def test_warm_suggestions_make_no_query(news_site, django_assert_num_queries):
    subject, other = news_site["articles"][0], news_site["articles"][1]
    for article in (subject, other):
        article.relations  # noqa: B018 - read as the page does: tags and countries
    first = suggested_articles(article=subject)
    with django_assert_num_queries(0):  # index and cards are in memory
        assert suggested_articles(article=subject) == first
    with django_assert_num_queries(2):  # only the cards not loaded yet, and bylines
        suggested_articles(article=other)


def test_published_cards_are_bounded_and_never_unpublished(news_site, monkeypatch):
    from caravan.news import suggestions

    monkeypatch.setattr(suggestions, "MAX_CARDS", 3)
    articles = ArticlePage.objects.published().order_by("pk")
    ids = list(articles.values_list("pk", flat=True))
    locale_id = articles.first().locale_id
    draft = factories.make_article(news_site["politics"], live=False)
    cards = suggestions.published_cards(locale_id=locale_id, ids=[*ids[:3], draft.pk])
    assert [c.pk for c in cards] == ids[:3]  # the draft is no card
    suggestions.published_cards(locale_id=locale_id, ids=ids[3:5])
    assert len(suggestions._recent(locale_id).cards) <= 3
