"""What a change to a podcast episode or show purges from the page cache.

An episode is listed by its show's page and feed (``list:<show path>``, which
``change_tags`` names as an ancestor's listing); a show's change reaches its
episodes' pages through ``tree:<show path>``. Outside the show (``links.py``):
the "Listen" links under its related articles and under the articles it was
found to be about (``p:<article>``), its guests'
and the show's hosts' author pages (``byline:<author>``, the author page's
listing tag), its tags' archives (``tag:<slug>``, now and before), and the process map of
those links (``podcast-links``). Site
search carries ``content``, which every change purges.

Related articles and guests are read from the episode now and from its
revision before the newest, so one that was just removed is purged too.
"""

from __future__ import annotations

from taggit.models import Tag

from caravan.news.purges import byline_tag, tag_tag
from caravan.web.pages import change_tags

from .links import LINKS_TAG


def _previous(episode, field: str) -> set[int]:
    revisions = episode.revisions.order_by("-pk").values_list("content", flat=True)
    older = list(revisions[1:2])
    if not older:
        return set()
    values = older[0].get(field, []) or []
    # Child objects (tags' through rows) are stored as dicts naming the tag.
    values = [v.get("tag") if isinstance(v, dict) else v for v in values]
    return {pk for pk in values if isinstance(pk, int)}


def episode_purge_tags(episode) -> set[str]:
    from .models import EpisodeMatch

    articles = set(episode.related_articles.values_list("pk", flat=True))
    for found in EpisodeMatch.objects.filter(episode_id=episode.pk).values_list(
        "articles", flat=True
    ):
        articles |= {pk for pk, _score in found}
    guests = set(episode.guests.values_list("pk", flat=True))
    if episode.pk is not None:
        articles |= _previous(episode, "related_articles")
        guests |= _previous(episode, "guests")
    tags = set(episode.tags.values_list("slug", flat=True))
    if episode.pk is not None:
        before = _previous(episode, "tagged_items")
        if before:
            tags |= set(
                Tag.objects.filter(pk__in=before).values_list("slug", flat=True)
            )
    show = episode.get_parent().specific
    hosts = set(show.hosts.values_list("pk", flat=True)) if show else set()
    return (
        change_tags(episode)
        | {LINKS_TAG}
        | {f"p:{pk}" for pk in articles}
        | {byline_tag(pk) for pk in guests | hosts}
        | {tag_tag(slug) for slug in tags}
    )


def show_purge_tags(show) -> set[str]:
    hosts = set(show.hosts.values_list("pk", flat=True))
    return {LINKS_TAG} | {byline_tag(pk) for pk in hosts}
