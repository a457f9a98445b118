"""Countries and existing tags an editor may add to an article in one click:
countries its text names (the gazetteer), tags whose every word (stemmed)
it uses, and tags that name one of its main subjects (a tag "Water" for a story
on a reservoir and canals), less those it already has."""

from __future__ import annotations

from taggit.models import Tag

from caravan.news.models import ArticlePage, Country

from .countries import suggested_countries
from .text import analyse, article_parts, subjects_named, words

MAX_TAGS = 10
# A subject is one of the article's main ones when it weighs this much of its
# profile (unit length: a story on one subject weighs 1.0).
MAIN_SUBJECT = 0.5


def suggestions(article: ArticlePage) -> dict:
    have_countries = set(article.countries.values_list("pk", flat=True))
    have_tags = set(article.tags.values_list("pk", flat=True))
    counts, profile = analyse(**article_parts(article))
    used = set(counts)
    main = {slug for slug, weight in profile.items() if weight >= MAIN_SUBJECT}
    tags = []
    for tag in Tag.objects.exclude(pk__in=have_tags).order_by("name"):
        stems = [s for s, _name, _start in words(tag.name)]
        if stems and all(s in used for s in stems):
            tags.append(tag)
        elif main & subjects_named(tag.name):
            tags.append(tag)
    return {
        "countries": [
            c for c in suggested_countries(article) if c.pk not in have_countries
        ],
        "tags": tags[:MAX_TAGS],
    }


def accept(
    *,
    article: ArticlePage,
    user,
    country: Country | None = None,
    tag: Tag | None = None,
):
    """Add one country or tag to the article's latest version: a new revision,
    published at once only if the article was live with nothing else unpublished."""
    page = article.get_latest_revision_as_object()
    publish = article.live and not article.has_unpublished_changes
    if country is not None:
        page.countries.add(country)
    if tag is not None:
        page.tags.add(tag)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return revision
