"""What a change to a podcast episode or show purges from the page cache.

An episode is listed by its show's page and feed (``list:<show path>``, which
``change_tags`` names as an ancestor's listing); a show's change reaches its
episodes' pages through ``tree:<show path>``. Outside the show (``links.py``):
the "Listen" links under its related articles and under the articles it was
found to be about (``p:<article>``), its guests'
and the show's hosts' author pages (``byline:<author>``, the author page's
listing tag), its tags' archives (``tag:<slug>``, now and before), its
countries' archives (``country:<slug>``), the pages of its show's section and
the sections above it (``list:<section path>``, a section page's listing tag),
and the process map of those links (``podcast-links``). Site search carries
``content``, which every change purges.

Related articles, guests, tags and countries are read from the episode now
and, before a live episode is saved, as stored then
(``remember_previous_archives``, as news does for articles): the published
state is what the pages show, so one just removed is purged too, even when a
draft saved in between (the revision before the newest) no longer had it. A show's change purges "chrome",
every page's tag: its section's pages, before and after, need no tag of their
own.
"""

from __future__ import annotations

from django.db.models.signals import pre_save

from caravan.caching.purge import purge_later
from caravan.caching.tags import ancestor_paths
from caravan.news.purges import byline_tag, country_tag, tag_tag
from caravan.web.pages import change_tags

from .links import LINKS_TAG


def episode_purge_tags(episode) -> set[str]:
    from .models import EpisodeMatch

    articles = set(episode.related_articles.values_list("pk", flat=True))
    for found in EpisodeMatch.objects.filter(episode_id=episode.pk).values_list(
        "articles", flat=True
    ):
        articles |= {pk for pk, _score in found}
    guests = set(episode.guests.values_list("pk", flat=True))
    tags = set(episode.tags.values_list("slug", flat=True))
    show = episode.get_parent().specific
    hosts = set(show.hosts.values_list("pk", flat=True)) if show else set()
    section = getattr(show, "section_id", None)
    return (
        change_tags(episode)
        | {LINKS_TAG}
        | {f"p:{pk}" for pk in articles}
        | {byline_tag(pk) for pk in guests | hosts}
        | {tag_tag(slug) for slug in tags}
        | {
            country_tag(slug)
            for slug in episode.countries.values_list("slug", flat=True)
        }
        | section_tags([section] if section else [])
    )


def section_tags(section_pks) -> set[str]:
    """The listings of these sections and of the sections above them (a section
    lists its subsections' episodes)."""
    from wagtail.models import Page

    pks = [pk for pk in section_pks if pk]
    if not pks:
        return set()
    paths = Page.objects.filter(pk__in=pks).values_list("path", flat=True)
    return {f"list:{p}" for path in paths for p in [*ancestor_paths(path), path]}


def show_purge_tags(show) -> set[str]:
    # Its section's pages, before and after, need nothing here: a show's change
    # purges "chrome" (the home page links shows), which every page carries.
    hosts = set(show.hosts.values_list("pk", flat=True))
    return {LINKS_TAG} | {byline_tag(pk) for pk in hosts}


def remember_previous_archives(sender, instance, update_fields=None, **kwargs):
    """Before a live episode's new version is saved, purge the pages of what it
    has as stored (the published state the pages show): related articles,
    guests, tags and countries. One taken off must drop it too, even when a
    draft saved in between (the revision before the newest) has lost it."""
    from .models import EpisodeTag, PodcastEpisodePage

    if instance.pk is None or update_fields:
        return
    if not PodcastEpisodePage.objects.filter(pk=instance.pk, live=True).exists():
        return
    episode = {"podcastepisodepage_id": instance.pk}
    through = PodcastEpisodePage
    countries = through.countries.through.objects.filter(**episode)
    articles = through.related_articles.through.objects.filter(**episode)
    guests = through.guests.through.objects.filter(**episode)
    tags = EpisodeTag.objects.filter(content_object_id=instance.pk)
    found = (
        {
            country_tag(slug)
            for slug in countries.values_list("country__slug", flat=True)
        }
        | {f"p:{pk}" for pk in articles.values_list("articlepage_id", flat=True)}
        | {byline_tag(pk) for pk in guests.values_list("authorpage_id", flat=True)}
        | {tag_tag(slug) for slug in tags.values_list("tag__slug", flat=True)}
    )
    if found:
        purge_later(found | {LINKS_TAG})


def connect() -> None:
    from .models import PodcastEpisodePage

    pre_save.connect(
        remember_previous_archives,
        sender=PodcastEpisodePage,
        dispatch_uid="podcasts-previous-episode-archives",
    )
