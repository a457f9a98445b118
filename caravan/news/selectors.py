"""Reads for news listings. Every listing starts from ArticlePage.objects.published()."""

from django.db import connections, router
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page

from .models import ArticleAuthor, ArticlePage, ArticleTag, Country, SectionPage

# Exactly the specs `{% picture img format-{webp,jpeg} fill-{400x225,800x450} %}`
# asks for (format first): listings prefetch them in one query, and Wagtail assumes
# a prefetched image has no other renditions, so a mismatch re-renders every time.
CARD_RENDITIONS = [
    f"format-{fmt}|fill-{size}"
    for fmt in ("webp", "jpeg")
    for size in ("400x225", "800x450")
]


def _card_prefetches() -> list[Prefetch]:
    Image = get_image_model()
    return [
        Prefetch(
            "hero_image",
            queryset=Image.objects.prefetch_renditions(*CARD_RENDITIONS),
        ),
        Prefetch(
            "article_authors",
            queryset=ArticleAuthor.objects.select_related("author").order_by(
                "sort_order"
            ),
        ),
    ]


def for_listing(queryset):
    """Everything an article card shows, in a fixed number of queries."""
    return (
        queryset.select_related("locale")
        .prefetch_related(*_card_prefetches())
        .newest_first()
    )


def prefetch_cards(articles) -> None:
    """What ``for_listing`` prefetches, for articles from several lists at once."""
    prefetch_related_objects(list(articles), *_card_prefetches())


def prefetch_article(article) -> None:
    """Load an article's authors (with photos), tags and countries once; the byline,
    author boxes, topic links, SEO head and suggestions all read them."""
    prefetch_related_objects(
        [article],
        Prefetch(
            "article_authors",
            queryset=ArticleAuthor.objects.select_related("author").order_by(
                "sort_order"
            ),
        ),
        "tags",
        "countries",
    )


def latest_articles(*, locale=None, limit: int = 10, exclude_ids=()):
    qs = ArticlePage.objects.published()
    if locale is not None:
        qs = qs.filter(locale=locale)
    if exclude_ids:
        qs = qs.exclude(pk__in=list(exclude_ids))
    return list(for_listing(qs)[:limit])


def next_publication(*, locale=None) -> float | None:
    """When the next live article dated in the future becomes visible, as a UNIX
    time: lists and counts change then, and nothing purges at that moment."""
    upcoming = ArticlePage.objects.live().filter(date_published__gt=timezone.now())
    if locale is not None:
        upcoming = upcoming.filter(locale=locale)
    first = (
        upcoming.order_by("date_published")
        .values_list("date_published", flat=True)
        .first()
    )
    return first.timestamp() if first else None


def section_articles(*, section: SectionPage):
    return for_listing(ArticlePage.objects.published().descendant_of(section))


def articles_by_author(*, author):
    return for_listing(
        ArticlePage.objects.published().filter(article_authors__author=author)
    )


def tag_archive(*, slug: str):
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404("No such tag")
    return tag, for_listing(ArticlePage.objects.published().filter(tags=tag))


def country_archive(*, slug: str):
    country = Country.objects.filter(slug=slug).first()
    if country is None:
        raise Http404("No such country")
    return country, for_listing(
        ArticlePage.objects.published().filter(countries=country)
    )


def home_page_blocks(*, home, per_section: int = 4, latest: int = 8) -> dict:
    """Lead story, latest news and one block per top-level section (the cards'
    images and authors are loaded once for all of them)."""
    published = ArticlePage.objects.published().filter(locale_id=home.locale_id)

    def cards(queryset):
        return queryset.select_related("locale").newest_first()

    lead = None
    if home.lead_article_id:
        lead = cards(published.filter(pk=home.lead_article_id)).first()
    if lead is None:
        lead = cards(published.order_by("-is_sticky", "-date_published")).first()
    exclude = [lead.pk] if lead else []
    latest_news = list(cards(published.exclude(pk__in=exclude))[:latest])
    shown = {a.pk for a in latest_news} | set(exclude)
    sections = []
    for section in SectionPage.objects.live().child_of(home).order_by("path"):
        articles = list(
            cards(published.descendant_of(section).exclude(pk__in=list(shown)))[
                :per_section
            ]
        )
        if articles:
            sections.append({"section": section, "articles": articles})
    prefetch_cards(
        [lead] * bool(lead)
        + latest_news
        + [a for block in sections for a in block["articles"]]
    )
    return {"lead": lead, "latest_news": latest_news, "section_blocks": sections}


def suggested_articles(*, article: ArticlePage, limit: int = 4) -> list[ArticlePage]:
    """Articles sharing tags (weight 3 each), countries (2 each) or the section (1),
    best match first, then newest. Never the article itself, never unpublished ones.
    Tops up with the newest articles when too few are related.

    Any shared tag or country outweighs the section, so the ranking is done in two
    steps: articles sharing a tag or country (scored from the small link tables
    alone, then joined to the pages), topped up with the section's newest, then the
    newest of all. Uses ``article.tags``/``countries`` as prefetched by the page.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    country_ids = [country.pk for country in article.countries.all()]
    section_path = article.path[: -article.steplen]
    candidates = (
        ArticlePage.objects.published()
        .filter(locale_id=article.locale_id)
        .exclude(pk=article.pk)
    )
    ids = _sharing_tags_or_countries(article, tag_ids, country_ids, limit)
    if len(ids) < limit:
        ids += list(
            candidates.filter(path__startswith=section_path)
            .exclude(pk__in=ids)
            .newest_first()
            .values_list("pk", flat=True)[: limit - len(ids)]
        )
    if len(ids) < limit:
        ids += list(
            candidates.exclude(pk__in=ids)
            .newest_first()
            .values_list("pk", flat=True)[: limit - len(ids)]
        )
    by_id = {a.pk: a for a in for_listing(ArticlePage.objects.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


# Suggestions come from the newest articles of the archive: scoring every article
# that shares a country grows with the archive (a 100,000-article archive took
# ~670 ms per page); scoring a fixed window of the newest keeps it constant.
SUGGESTION_WINDOW = 1000


def _sharing_tags_or_countries(article, tag_ids, country_ids, limit) -> list[int]:
    """Published articles among the newest SUGGESTION_WINDOW sharing a tag or a
    country, by score (3 per tag, 2 per country, 1 for the same section), then
    newest: one query that walks the newest-first index for the window, then
    aggregates the matching link rows of those articles only."""
    if not (tag_ids or country_ids) or limit <= 0:
        return []
    page_table = Page._meta.db_table
    article_table = ArticlePage._meta.db_table
    params = [True, timezone.now(), article.locale_id, article.pk, SUGGESTION_WINDOW]
    parts = []
    if tag_ids:
        parts.append(
            f"SELECT content_object_id AS id, 3 AS w FROM {ArticleTag._meta.db_table}"  # noqa: S608
            f" WHERE tag_id IN ({', '.join(['%s'] * len(tag_ids))})"
            " AND content_object_id IN (SELECT id FROM recent)"
        )
        params += tag_ids
    if country_ids:
        through = ArticlePage.countries.through._meta.db_table
        parts.append(
            f"SELECT articlepage_id AS id, 2 AS w FROM {through}"  # noqa: S608
            f" WHERE country_id IN ({', '.join(['%s'] * len(country_ids))})"
            " AND articlepage_id IN (SELECT id FROM recent)"
        )
        params += country_ids
    section_path = article.path[: -article.steplen]
    # Only table names from the models and placeholders are formatted in.
    sql = (
        "WITH recent AS ("  # noqa: S608
        f"SELECT a.page_ptr_id AS id, a.date_published, p.path FROM {article_table} a"
        f" JOIN {page_table} p ON p.id = a.page_ptr_id"
        " WHERE p.live = %s AND a.date_published <= %s AND p.locale_id = %s"
        " AND a.page_ptr_id <> %s"
        " ORDER BY a.date_published DESC, a.page_ptr_id DESC LIMIT %s)"
        " SELECT r.id FROM recent r JOIN (SELECT id, SUM(w) AS score FROM ("
        f"{' UNION ALL '.join(parts)}) link_rows GROUP BY id) matched"
        " ON matched.id = r.id"
        " ORDER BY matched.score + CASE WHEN r.path LIKE %s THEN 1 ELSE 0 END DESC,"
        " r.date_published DESC, r.id DESC"
        " LIMIT %s"
    )
    params += [section_path + "%", limit]
    db = router.db_for_read(ArticlePage)
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
