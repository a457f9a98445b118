"""Bylines follow an author's translation: when a profile is published in a
language, the articles of that language bylined to the author's profile in
another language are bylined to it instead (their byline links there, its
archive lists them). Articles translated later get it when saved
(``ArticlePage.save``)."""

from __future__ import annotations

from wagtail.signals import page_published

from caravan.caching.purge import purge_later


def relink_bylines(author) -> set[int]:
    """Bylines in ``author``'s language that name another translation of the
    author: moved to ``author``. Returns the articles changed."""
    from caravan.news.models import ArticleAuthor
    from caravan.news.purges import byline_tag

    links = ArticleAuthor.objects.filter(
        article__locale_id=author.locale_id,
        author__translation_key=author.translation_key,
    ).exclude(author_id=author.pk)
    # An article bylined to two translations of one author keeps one byline.
    already = set(
        ArticleAuthor.objects.filter(author_id=author.pk).values_list(
            "article_id", flat=True
        )
    )
    links.filter(article_id__in=already).delete()
    moved = list(links.values_list("article_id", "author_id"))
    links.update(author_id=author.pk)
    purge_later(
        {f"p:{article}" for article, _ in moved}
        | {byline_tag(old) for _, old in moved}
        | {byline_tag(author.pk)}
    )
    return {article for article, _ in moved}


def _author_published(sender, instance, **kwargs):
    from .models import AuthorPage

    if isinstance(instance, AuthorPage):
        relink_bylines(instance)


def connect() -> None:
    page_published.connect(_author_published, dispatch_uid="people-bylines")
