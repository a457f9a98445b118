"""Reads for news listings. Every listing starts from ArticlePage.objects.published()."""

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.http import Http404
from taggit.models import Tag
from wagtail.images import get_image_model

from .models import ArticleAuthor, ArticlePage, Country, SectionPage

# Exactly the specs `{% picture img format-{webp,jpeg} fill-{400x225,800x450} %}`
# asks for (format first): listings prefetch them in one query, and Wagtail assumes
# a prefetched image has no other renditions, so a mismatch re-renders every time.
CARD_RENDITIONS = [
    f"format-{fmt}|fill-{size}"
    for fmt in ("webp", "jpeg")
    for size in ("400x225", "800x450")
]


def for_listing(queryset):
    """Everything an article card shows, in a fixed number of queries."""
    Image = get_image_model()
    return (
        queryset.select_related("locale")
        .prefetch_related(
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
        )
        .newest_first()
    )


def latest_articles(*, locale=None, limit: int = 10, exclude_ids=()):
    qs = ArticlePage.objects.published()
    if locale is not None:
        qs = qs.filter(locale=locale)
    if exclude_ids:
        qs = qs.exclude(pk__in=list(exclude_ids))
    return list(for_listing(qs)[:limit])


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
    """Lead story, latest news and one block per top-level section."""
    published = ArticlePage.objects.published().filter(locale=home.locale)
    lead = None
    if home.lead_article_id:
        lead = for_listing(published.filter(pk=home.lead_article_id)).first()
    if lead is None:
        lead = for_listing(published.order_by("-is_sticky", "-date_published")).first()
    exclude = [lead.pk] if lead else []
    latest_news = list(for_listing(published.exclude(pk__in=exclude))[:latest])
    shown = {a.pk for a in latest_news} | set(exclude)
    sections = []
    for section in SectionPage.objects.live().child_of(home).order_by("path"):
        articles = list(
            for_listing(published.descendant_of(section).exclude(pk__in=list(shown)))[
                :per_section
            ]
        )
        if articles:
            sections.append({"section": section, "articles": articles})
    return {"lead": lead, "latest_news": latest_news, "section_blocks": sections}


def suggested_articles(*, article: ArticlePage, limit: int = 4) -> list[ArticlePage]:
    """Articles sharing tags (weight 3 each), countries (2 each) or the section (1),
    best match first, then newest. Never the article itself, never unpublished ones.
    Tops up with the newest articles when too few are related."""
    tag_ids = list(article.tags.values_list("pk", flat=True))
    country_ids = list(article.countries.values_list("pk", flat=True))
    section_path = article.path[: -article.steplen]
    candidates = (
        ArticlePage.objects.published()
        .filter(locale_id=article.locale_id)
        .exclude(pk=article.pk)
    )
    related = (
        candidates.filter(
            Q(tagged_items__tag_id__in=tag_ids)
            | Q(countries__in=country_ids)
            | Q(path__startswith=section_path)
        )
        .annotate(
            score=Count(
                "tagged_items",
                filter=Q(tagged_items__tag_id__in=tag_ids),
                distinct=True,
            )
            * 3
            + Count("countries", filter=Q(countries__in=country_ids), distinct=True) * 2
            + Case(
                When(path__startswith=section_path, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-score", "-date_published", "-pk")
    )
    ids = list(related.values_list("pk", flat=True)[:limit])
    if len(ids) < limit:
        ids += list(
            candidates.exclude(pk__in=ids)
            .newest_first()
            .values_list("pk", flat=True)[: limit - len(ids)]
        )
    by_id = {a.pk: a for a in for_listing(ArticlePage.objects.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids if pk in by_id]
