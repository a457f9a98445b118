"""The article's fixed-SQL reads give what the ORM gives (on SQLite and PostgreSQL)."""

import pytest
from wagtail.models import Locale, Page

from caravan.news.models import ArticlePage
from caravan.news.reads import article_relations, route_article
from caravan.web.routing import with_live_translations

pytestmark = pytest.mark.django_db


def _field_values(page):
    return {
        f.attname: getattr(page, f.attname) for f in ArticlePage._meta.concrete_fields
    }


def test_route_reads_the_article_as_the_orm_does(news_site):
    lead = news_site["lead"]  # hero image, dateline, two authors, in a subsection
    routed = route_article(news_site["energy"], lead.slug)
    expected = (
        with_live_translations(ArticlePage.objects.child_of(news_site["energy"]))
        .filter(slug=lead.slug)
        .get()
    )
    assert type(routed) is ArticlePage
    assert _field_values(routed) == _field_values(expected)
    # Converted as the ORM converts: aware datetimes, the body as a stream.
    assert routed.date_published.tzinfo is not None
    assert [block.block_type for block in routed.body] == [
        block.block_type for block in expected.body
    ]
    assert routed.live_translations == expected.live_translations == 1
    assert routed.locale.language_code == "en"
    assert routed._state.adding is False


def test_route_reads_the_article_its_locale_and_relations_in_one_query(
    news_site, django_assert_num_queries
):
    with django_assert_num_queries(1):
        article = route_article(news_site["energy"], news_site["lead"].slug)
        assert article.locale.language_code == "en"
        assert article.url_path.endswith(f"/{news_site['lead'].slug}/")
        relations = article.relations
        assert [a.title for a in relations.authors] == [
            "Timur Rakhimov",
            "Aigerim Sadykova",
        ]
        assert sorted(t.name for t in relations.tags) == ["energy", "trade"]
        assert [c.name for c in relations.countries] == ["Uzbekistan"]
        assert relations.authors[0].role == "Business Correspondent"


def test_route_finds_only_a_child_with_that_slug(news_site):
    lead = news_site["lead"]
    assert route_article(news_site["business"], lead.slug) is None  # a grandchild
    assert route_article(news_site["energy"], "no-such-story") is None
    assert route_article(news_site["energy"], lead.slug[:-1] + "%") is None


def test_route_counts_live_translations(news_site):
    ru = Locale.objects.create(language_code="ru")
    lead = news_site["lead"]
    # Translations need the parents translated too.
    for page in (news_site["home"], news_site["business"], news_site["energy"]):
        page.copy_for_translation(ru).save_revision().publish()
    translation = lead.copy_for_translation(ru)
    translation.save_revision().publish()
    assert route_article(news_site["energy"], lead.slug).live_translations == 2
    ArticlePage.objects.get(pk=translation.pk).unpublish()
    assert route_article(news_site["energy"], lead.slug).live_translations == 1


def test_relations_in_byline_order_with_tags_and_countries(news_site):
    lead = ArticlePage.objects.get(pk=news_site["lead"].pk)
    relations = article_relations(lead)
    assert [a.title for a in relations.authors] == [
        "Timur Rakhimov",
        "Aigerim Sadykova",
    ]
    assert [a.pk for a in relations.authors] == [
        link.author_id for link in lead.article_authors.order_by("sort_order")
    ]
    assert sorted(t.name for t in relations.tags) == ["energy", "trade"]
    assert [c.name for c in relations.countries] == ["Uzbekistan"]
    author = relations.authors[0]
    # What bylines and author boxes show is loaded; the rest is deferred.
    assert author.role == "Business Correspondent"
    assert author.get_url() == news_site["timur"].get_url()
    assert "email" in author.get_deferred_fields()


def test_relations_are_one_query(news_site, django_assert_num_queries):
    lead = ArticlePage.objects.get(pk=news_site["lead"].pk)
    with django_assert_num_queries(1):
        relations = article_relations(lead)
        [a.title for a in relations.authors]
        [t.slug for t in relations.tags]
        [c.slug for c in relations.countries]


def test_relations_of_a_preview_come_from_its_revision(news_site):
    lead = news_site["lead"]
    draft = lead.get_latest_revision_as_object()
    draft.article_authors = [draft.article_authors.all()[1]]  # Aigerim only
    draft.tags.set(["water"])
    draft.countries.set([news_site["kz"], news_site["uz"]])
    relations = article_relations(draft)
    assert [a.title for a in relations.authors] == ["Aigerim Sadykova"]
    assert [t.name for t in relations.tags] == ["water"]
    assert [c.name for c in relations.countries] == ["Kazakhstan", "Uzbekistan"]
    # The live article is unchanged.
    live = article_relations(ArticlePage.objects.get(pk=lead.pk))
    assert len(live.authors) == 2


def test_an_unsaved_article_has_its_own_relations(news_site):
    article = ArticlePage(title="Not saved", slug="not-saved")
    assert article_relations(article).authors == []


def test_a_subsection_still_routes(news_site, client):
    # SectionPage routes articles in fixed SQL; a child section the generic way.
    assert client.get(news_site["energy"].url).status_code == 200
    assert client.get(news_site["lead"].url).status_code == 200
    assert client.get(news_site["business"].url + "nothing-here/").status_code == 404
    assert Page.objects.filter(slug="energy").exists()


def test_sqlite_values_are_converted(news_site):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("checks SQLite's converters (booleans and dates come back as text)")
    routed = route_article(news_site["energy"], news_site["lead"].slug)
    assert routed.live is True and routed.is_sticky is False  # not 1 and 0
    assert routed.first_published_at.tzinfo is not None


def test_the_route_statement_stays_short_enough_for_psycopg_to_cache(news_site):
    """psycopg caches the parsing of a statement only under 4 KB: a longer one
    was parsed again on every rendered article (~0.1 ms)."""
    from django.db import connection

    from caravan.news.reads import SQL

    try:
        from psycopg._queries import MAX_CACHED_STATEMENT_LENGTH as limit
    except ImportError:  # psycopg absent (SQLite only) or renamed
        limit = 4096
    assert len(SQL.route(connection).encode()) <= limit
    assert len(SQL.relations(connection).encode()) <= limit
