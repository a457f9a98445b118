"""The reads every rendered article makes, as fixed SQL (``caravan.web.prepared``):
one statement routes to the article (its row, its locale and its number of live
translations) and reads its relations — bylines, tags, countries — with it.
Through the ORM these reads were four querysets and ~15 ms of Python per
article; as four fixed statements ~1 ms and four round trips; as one, a
quarter of those round trips and of PostgreSQL's per-statement work.
``ArticlePage.relations`` is what templates, the SEO head and the suggestions
read.

The statement is a UNION ALL: the article's row first, then one row per byline,
tag and country, each kind in columns of its own (NULL elsewhere) after a kind
number and the link's ordering columns — portable SQL, no JSON or arrays.
"""

from __future__ import annotations

import dataclasses
import functools

from django.utils.functional import cached_property
from taggit.models import Tag
from wagtail.models import Locale, Page

from caravan.web.prepared import Columns, fetch, quote

from .models import ArticleAuthor, ArticlePage, ArticleTag, Country

ARTICLE, AUTHOR, TAG, COUNTRY = range(4)  # the kind number leading each row
HEAD = 3  # kind, then two ordering columns (a link's sort order and id)


def byline_author_model():
    """The author page model a byline points to (``ArticleAuthor.author``): the
    people app's, which sits above this one and is not imported here."""
    return ArticleAuthor._meta.get_field("author").related_model


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
    def author(self):
        AuthorPage = byline_author_model()
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
    def tag(self):
        return Columns(Tag)

    @cached_property
    def country(self):
        return Columns(Country)

    @cached_property
    def offsets(self) -> dict[int | None, int]:
        """Where each kind's columns start in a row (None: the row's width)."""
        article = HEAD
        author = article + self.article.width + self.locale.width + 1  # + count
        tag = author + self.author.width
        country = tag + self.tag.width
        width = country + self.country.width
        return {
            ARTICLE: article,
            AUTHOR: author,
            TAG: tag,
            COUNTRY: country,
            None: width,
        }

    def _empty_row(self, connection, typed: bool) -> list[str]:
        """Every cell NULL; ``typed``: each a NULL of its column's type. Only
        the first branch of the UNION needs them (PostgreSQL resolves a UNION's
        types pair by pair, left to right: NULL against NULL would be text),
        and the statement stays short."""
        from .models import ArticleAuthor

        if not typed:
            return ["NULL"] * self.offsets[None]
        links = Columns(ArticleAuthor, ["sort_order", "id"])
        return [
            "NULL",  # the kind, always given
            *links.nulls(connection),
            *self.article.nulls(connection),
            *self.locale.nulls(connection),
            "CAST(NULL AS bigint)",  # the translations' COUNT(*)
            *self.author.nulls(connection),
            *self.tag.nulls(connection),
            *self.country.nulls(connection),
        ]

    def _row(self, connection, kind, order, values, typed=False) -> str:
        """A SELECT list in the combined layout: the kind, its two ordering
        columns, ``values`` where that kind's columns go, NULL elsewhere."""
        cells = self._empty_row(connection, typed)
        start = self.offsets[kind]
        cells[0] = str(kind)
        cells[1:HEAD] = [order[i] if order[i] else cells[1 + i] for i in (0, 1)]
        cells[start : start + len(values)] = values
        return "SELECT " + ", ".join(cells)

    def _relations(self, connection, article_id: str, typed: bool) -> str:
        """The bylines, tags and countries of the article whose id is the SQL
        expression ``article_id``, as UNION ALL branches (``typed``: the first
        branch of the statement)."""
        author_table = byline_author_model()._meta.db_table
        author, page = quote(author_table), quote(Page._meta.db_table)
        bylines = quote(ArticleAuthor._meta.db_table)
        tags, tag_links = quote(Tag._meta.db_table), quote(ArticleTag._meta.db_table)
        countries = quote(Country._meta.db_table)
        country_links = quote(ArticlePage.countries.through._meta.db_table)
        authors = self.author.refs({author_table: "a", Page._meta.db_table: "p"})
        row = functools.partial(self._row, connection)
        return (
            row(AUTHOR, ["b.sort_order", "b.id"], authors, typed=typed)
            + f" FROM {bylines} b JOIN {author} a ON a.page_ptr_id = b.author_id"
            f" JOIN {page} p ON p.id = a.page_ptr_id WHERE b.article_id = {article_id}"
            " UNION ALL "
            + row(TAG, ["l.id", ""], self.tag.refs({Tag._meta.db_table: "t"}))
            + f" FROM {tag_links} l JOIN {tags} t ON t.id = l.tag_id"
            f" WHERE l.content_object_id = {article_id}"
            " UNION ALL "
            + row(COUNTRY, ["", ""], self.country.refs({Country._meta.db_table: "c"}))
            + f" FROM {country_links} l JOIN {countries} c ON c.id = l.country_id"
            f" WHERE l.articlepage_id = {article_id}"
        )

    def _route(self, connection) -> str:
        page, locale = quote(Page._meta.db_table), quote(Locale._meta.db_table)
        article = quote(ArticlePage._meta.db_table)
        aliases = {
            Page._meta.db_table: "p",
            ArticlePage._meta.db_table: "a",
            Locale._meta.db_table: "l",
        }
        # Named columns in the CTE: pages, articles and locales all have an "id".
        names = [f"c{i}" for i in range(self.article.width + self.locale.width)]
        columns = [*self.article.refs(aliases), *self.locale.refs(aliases)]
        selected = ", ".join(f"{c} AS {n}" for c, n in zip(columns, names, strict=True))
        pk = names[self.article.attnames.index("page_ptr_id")]
        return (
            f"WITH routed AS (SELECT {selected}, "  # noqa: S608 - names from the models, values as parameters
            f"(SELECT COUNT(*) FROM {page} t WHERE t.translation_key = "
            f"p.translation_key AND t.live) AS n "
            f"FROM {article} a JOIN {page} p ON p.id = a.page_ptr_id "
            f"JOIN {locale} l ON l.id = p.locale_id "
            f"WHERE p.path LIKE %s AND p.depth = %s AND p.slug = %s "
            f"ORDER BY p.path LIMIT 1) "
            + self._row(connection, ARTICLE, ["", ""], [*names, "n"], typed=True)
            + " FROM routed UNION ALL "
            + self._relations(connection, f"(SELECT {pk} FROM routed)", typed=False)  # noqa: S608 - a column name
        )

    def route(self, connection) -> str:
        """The article by parent path, depth and slug, then its relations (the
        statement for this connection's backend, built once)."""
        return self._built(connection, "route", self._route)

    def relations(self, connection) -> str:
        """The relations of the article whose id is the parameter (three times)."""
        return self._built(
            connection, "relations", lambda c: self._relations(c, "%s", typed=True)
        )

    def _built(self, connection, name, build) -> str:
        key = (connection.vendor, name)
        if key not in self._statements:
            self._statements[key] = build(connection)
        return self._statements[key]

    @cached_property
    def _statements(self) -> dict:
        return {}


SQL = _Sql()


def route_article(parent: Page, slug: str) -> ArticlePage | None:
    """The article ``slug`` directly under ``parent``, with its locale,
    ``live_translations`` (as ``web.routing.with_live_translations`` gives) and
    ``relations``: one statement."""
    connection, rows = fetch(
        ArticlePage, SQL.route, [f"{parent.path}%", parent.depth + 1, slug]
    )
    # UNION ALL promises no order: the article's row is found by its kind.
    row = next((row for row in rows if row[0] == ARTICLE), None)
    if row is None:
        return None
    start = SQL.offsets[ARTICLE]
    article = SQL.article.load(connection, row, start)
    locale = SQL.locale.load(connection, row, start + SQL.article.width)
    ArticlePage._meta.get_field("locale").set_cached_value(article, locale)
    article.live_translations = row[start + SQL.article.width + SQL.locale.width]
    article.__dict__["relations"] = _relations(connection, rows)
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
    connection, rows = fetch(ArticlePage, SQL.relations, [article.pk] * 3)
    return _relations(connection, rows)


def _relations(connection, rows) -> ArticleRelations:
    offsets = SQL.offsets
    by_kind = {ARTICLE: [], AUTHOR: [], TAG: [], COUNTRY: []}
    for row in rows:
        by_kind[row[0]].append(row)
    # Byline order is the links' sort order (unset last), then their ids; tags in
    # the order they were added; countries by name.
    authors = sorted(by_kind[AUTHOR], key=lambda r: (r[1] is None, r[1] or 0, r[2]))
    tags = sorted(by_kind[TAG], key=lambda r: r[1])
    countries = [
        SQL.country.load(connection, row, offsets[COUNTRY]) for row in by_kind[COUNTRY]
    ]
    return ArticleRelations(
        authors=[SQL.author.load(connection, r, offsets[AUTHOR]) for r in authors],
        tags=[SQL.tag.load(connection, r, offsets[TAG]) for r in tags],
        countries=sorted(countries, key=lambda c: (c.name, c.pk)),
    )
