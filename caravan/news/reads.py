"""The reads every rendered article makes, as fixed SQL (``caravan.core.prepared``):
the route to the article (one query: the article, its locale and its number of
live translations) and its relations — bylines, tags, countries — in three
small ones. Through the ORM these four cost ~15 ms of Python per article; here
~1 ms. ``ArticlePage.relations`` is what templates, the SEO head and the
suggestions read.
"""

from __future__ import annotations

import dataclasses

from django.utils.functional import cached_property
from taggit.models import Tag
from wagtail.models import Locale, Page

from caravan.core.prepared import Columns, fetch, quote

from .models import ArticlePage, ArticleTag, Country


@dataclasses.dataclass(frozen=True)
class ArticleRelations:
    authors: list  # AuthorPage, byline order
    tags: list[Tag]
    countries: list[Country]  # by name


class _Sql:
    """The statements, built once per process from the models' own tables."""

    @cached_property
    def article(self):
        return Columns(ArticlePage)

    @cached_property
    def locale(self):
        return Columns(Locale)

    @cached_property
    def route(self) -> str:
        page, locale = quote(Page._meta.db_table), quote(Locale._meta.db_table)
        article = quote(ArticlePage._meta.db_table)
        return (
            f"SELECT {self.article.sql}, {self.locale.sql}, "  # noqa: S608 - names from the models, values as parameters
            f"(SELECT COUNT(*) FROM {page} t WHERE t.translation_key = "
            f"{page}.translation_key AND t.live) "
            f"FROM {article} JOIN {page} ON {page}.id = {article}.page_ptr_id "
            f"JOIN {locale} ON {locale}.id = {page}.locale_id "
            f"WHERE {page}.path LIKE %s AND {page}.depth = %s AND {page}.slug = %s "
            f"ORDER BY {page}.path LIMIT 1"
        )

    @cached_property
    def author(self):
        from caravan.people.models import AuthorPage

        # What bylines, author boxes and the SEO head show; the rest is deferred.
        return Columns(
            AuthorPage,
            [
                "id",
                "path",
                "depth",
                "title",
                "slug",
                "url_path",
                "locale_id",
                "live",
                "content_type_id",
                "page_ptr_id",
                "role",
                "photo_id",
                "bio",
            ],
        )

    @cached_property
    def authors(self) -> str:
        from caravan.people.models import AuthorPage

        from .models import ArticleAuthor

        links = quote(ArticleAuthor._meta.db_table)
        page, author = quote(Page._meta.db_table), quote(AuthorPage._meta.db_table)
        return (
            f"SELECT {self.author.sql} FROM {links} "  # noqa: S608 - names from the models, values as parameters
            f"JOIN {author} ON {author}.page_ptr_id = {links}.author_id "
            f"JOIN {page} ON {page}.id = {author}.page_ptr_id "
            f"WHERE {links}.article_id = %s ORDER BY {links}.sort_order, {links}.id"
        )

    @cached_property
    def tag(self):
        return Columns(Tag)

    @cached_property
    def tags(self) -> str:
        tags, links = quote(Tag._meta.db_table), quote(ArticleTag._meta.db_table)
        return (
            f"SELECT {self.tag.sql} FROM {links} JOIN {tags} ON {tags}.id = "  # noqa: S608 - names from the models, values as parameters
            f"{links}.tag_id WHERE {links}.content_object_id = %s ORDER BY {links}.id"
        )

    @cached_property
    def country(self):
        return Columns(Country)

    @cached_property
    def countries(self) -> str:
        countries = quote(Country._meta.db_table)
        links = quote(ArticlePage.countries.through._meta.db_table)
        return (
            f"SELECT {self.country.sql} FROM {links} JOIN {countries} ON "  # noqa: S608 - names from the models, values as parameters
            f"{countries}.id = {links}.country_id WHERE {links}.articlepage_id = %s "
            f"ORDER BY {countries}.name, {countries}.id"
        )


SQL = _Sql()


def route_article(parent: Page, slug: str) -> ArticlePage | None:
    """The article ``slug`` directly under ``parent``, with its locale and
    ``live_translations`` (as ``core.routing.with_live_translations`` gives)."""
    connection, rows = fetch(
        ArticlePage, SQL.route, [f"{parent.path}%", parent.depth + 1, slug]
    )
    if not rows:
        return None
    row = rows[0]
    article = SQL.article.load(connection, row)
    locale = SQL.locale.load(connection, row, SQL.article.width)
    ArticlePage._meta.get_field("locale").set_cached_value(article, locale)
    article.live_translations = row[-1]
    return article


def article_relations(article: ArticlePage) -> ArticleRelations:
    """Bylines, tags and countries. An article built in memory (a preview, a
    revision) has them in its cluster, not in the database: read from there."""
    if article.pk is None or getattr(article, "_cluster_related_objects", None):
        return ArticleRelations(
            authors=[link.author for link in article.article_authors.all()],
            tags=list(article.tags.all()),
            countries=sorted(article.countries.all(), key=lambda c: (c.name, c.pk)),
        )
    relations = {}
    for name, columns, sql in (
        ("authors", SQL.author, SQL.authors),
        ("tags", SQL.tag, SQL.tags),
        ("countries", SQL.country, SQL.countries),
    ):
        connection, rows = fetch(ArticlePage, sql, [article.pk])
        relations[name] = [columns.load(connection, row) for row in rows]
    return ArticleRelations(**relations)
