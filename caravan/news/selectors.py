"""Reads for news listings. Every listing starts from ArticlePage.objects.published()."""

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
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
    return for_listing(
        ArticlePage.objects.published().in_section(section).in_language_of(section)
    )


def by_author(articles, author):
    """The author's articles in the language of the author's profile: a byline
    names the profile in the article's language, or the original profile while
    the author has no translation there."""
    return articles.in_language_of(author).filter(
        article_authors__author__translation_key=author.translation_key
    )


def articles_by_author(*, author):
    return for_listing(by_author(ArticlePage.objects.published(), author))


def tag_archive(*, slug: str, home):
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404("No such tag")
    return tag, for_listing(
        ArticlePage.objects.published().in_language_of(home).filter(tags=tag)
    )


def country_archive(*, slug: str, home):
    country = Country.objects.filter(slug=slug).first()
    if country is None:
        raise Http404("No such country")
    return country, for_listing(
        ArticlePage.objects.published().in_language_of(home).filter(countries=country)
    )


def home_page_blocks(*, home, per_section: int = 4, latest: int = 8) -> dict:
    """Lead story, the featured stories, latest news and one block per top-level
    section (the cards' images and authors are loaded once for all of them). The
    lead and featured stories are the editors' choice (``front_page``); the
    newest published articles fill what they left empty."""
    from .front_page import chosen_ids

    published = ArticlePage.objects.published().filter(locale_id=home.locale_id)

    def cards(queryset):
        return queryset.select_related("locale").newest_first()

    lead_id, feature_ids = chosen_ids(home)
    wanted = [pk for pk in [lead_id, *feature_ids] if pk is not None]
    chosen = {a.pk: a for a in cards(published.filter(pk__in=wanted))} if wanted else {}
    lead = chosen.get(lead_id)
    if lead is None:
        lead = cards(published.exclude(pk__in=wanted)).first()
    featured = [chosen[pk] for pk in feature_ids if pk in chosen and chosen[pk] != lead]
    exclude = [a.pk for a in [lead, *featured] if a is not None]
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
        + featured
        + latest_news
        + [a for block in sections for a in block["articles"]]
    )
    return {
        "lead": lead,
        "featured": featured,
        "latest_news": latest_news,
        "section_blocks": sections,
    }
