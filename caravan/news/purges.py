"""What a change to the news purges from the page cache.

Tags this app names (besides ``caravan.web.pages``'):
  tag:<slug>      a tag archive (slugs match any case)
  country:<slug>  a country archive
  byline:<pk>     the articles bylined to an author (their archive)
"""

from __future__ import annotations

from django.db.models.signals import pre_save

from caravan.caching.purge import purge_later
from caravan.caching.tags import ancestor_paths

# How many of the newest articles the home page and the sidebars can show.
LATEST_WINDOW = 9


def tag_tag(slug) -> str:
    return f"tag:{str(slug).lower()}"


def country_tag(slug) -> str:
    return f"country:{slug}"


def byline_tag(author_pk) -> str:
    return f"byline:{author_pk}"


def article_relations(pk: int) -> dict:
    """An article's archives as stored now (before a save: its previous state)."""
    from .models import ArticleAuthor, ArticlePage, ArticleTag, Country

    return {
        "tags": set(
            ArticleTag.objects.filter(content_object_id=pk).values_list(
                "tag__slug", flat=True
            )
        ),
        "countries": set(
            Country.objects.filter(articles=pk).values_list("slug", flat=True)
        ),
        "authors": set(
            ArticleAuthor.objects.filter(article_id=pk).values_list(
                "author_id", flat=True
            )
        ),
        # Further sections that list it (their listings and their ancestors').
        "sections": set(
            ArticlePage.other_sections.through.objects.filter(
                articlepage_id=pk
            ).values_list("sectionpage__path", flat=True)
        ),
    }


def relation_tags(relations: dict) -> set[str]:
    return (
        {tag_tag(slug) for slug in relations["tags"]}
        | {country_tag(slug) for slug in relations["countries"]}
        | {byline_tag(pk) for pk in relations["authors"]}
        | {
            f"list:{p}"
            for path in relations.get("sections", ())
            for p in [*ancestor_paths(path), path]
        }
    )


def in_latest_window(article) -> bool:
    """Would the article show (or have shown) in "latest news" lists?"""
    from .models import ArticlePage

    if article.date_published is None:
        return True
    edge = list(
        ArticlePage.objects.published()
        .filter(locale_id=article.locale_id)
        .order_by("-date_published")
        .values_list("date_published", flat=True)[LATEST_WINDOW - 1 : LATEST_WINDOW]
    )
    return not edge or article.date_published >= edge[0]


def article_purge_tags(article) -> set[str]:
    """Besides the page's own: its archives, and its locale's lists when it is
    among the newest."""
    tags = relation_tags(article_relations(article.pk))
    if in_latest_window(article):
        tags.add(f"locale:{article.locale_id}")
    return tags


def remember_previous_archives(sender, instance, update_fields=None, **kwargs):
    """Before an article's new version is saved, purge what listed its previous
    version (a removed tag's archive must drop it too)."""
    from .models import ArticlePage

    if instance.pk is None or update_fields:
        return
    if ArticlePage.objects.filter(pk=instance.pk, live=True).exists():
        purge_later(relation_tags(article_relations(instance.pk)) | {"content"})


def connect() -> None:
    from django.apps import apps

    from .models import ArticlePage

    # Signals don't follow subclasses: every kind of article (a live blog is one)
    # gets the handler, whichever app defines it. Called from ready(), when all
    # models are loaded.
    for model in apps.get_models():
        if issubclass(model, ArticlePage):
            pre_save.connect(
                remember_previous_archives,
                sender=model,
                dispatch_uid=f"news-previous-{model._meta.label_lower}",
            )
