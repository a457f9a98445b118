"""Where episodes show outside their show: "Listen" links under the articles
an episode names as related (first) and those it was found to be about
(``suggested``), the shows and episodes on their hosts' and
guests' author pages, tag archives, and the episodes matching a site search.

The article, author and tag links are one small map of every live episode's links,
built in a few queries and kept in each process (``Memo``) until a change to an
episode or a show purges ``podcast-links``: an article or an author page costs
no query for it. Shows and their linked episodes are few; the map grows with
them, not with the archive.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import DatabaseError, transaction

from caravan.caching.memo import Memo

logger = logging.getLogger(__name__)

LINKS_TAG = "podcast-links"
LINKS = Memo("podcast-links", tags=(LINKS_TAG,), max_entries=4)
# On an author page: their newest episodes as a guest, and the shows they host.
AUTHOR_EPISODES = 10
SEARCH_RESULTS = 5


@dataclass(frozen=True)
class EpisodeLink:
    title: str
    url: str
    show: str
    date: object  # datetime
    locale_id: int | None = None


@dataclass(frozen=True)
class Links:
    listen: dict  # article pk → [EpisodeLink]
    hosts: dict  # author pk → [(show title, show url)]
    guests: dict  # author pk → [EpisodeLink], newest first
    any_episode: bool  # a live episode exists: site search looks for episodes
    tagged: dict  # tag slug → [EpisodeLink], newest first


def _build() -> Links:
    from .models import EpisodeMatch, EpisodeTag, PodcastEpisodePage, PodcastShowPage

    shows = {
        show.pk: show
        for show in PodcastShowPage.objects.live()
        .only("pk", "title", "url_path", "path")
        .prefetch_related("hosts")
    }
    related = PodcastEpisodePage.related_articles.through.objects
    guests = PodcastEpisodePage.guests.through.objects
    tag_rows = list(EpisodeTag.objects.values_list("content_object_id", "tag__slug"))
    matches = dict(EpisodeMatch.objects.values_list("episode_id", "articles"))
    linked = (
        set(matches)
        | set(related.values_list("podcastepisodepage_id", flat=True))
        | set(guests.values_list("podcastepisodepage_id", flat=True))
        | {pk for pk, _ in tag_rows}
    )
    episodes = {}
    for episode in (
        PodcastEpisodePage.objects.live()
        .filter(pk__in=linked)
        .only("pk", "title", "url_path", "path", "date_published", "locale_id")
        .order_by("-date_published", "-pk")
    ):
        show = next(
            (s for s in shows.values() if episode.path.startswith(s.path)), None
        )
        if show is None:  # under a show that is not live
            continue
        episodes[episode.pk] = EpisodeLink(
            episode.title,
            episode.url,
            show.title,
            episode.date_published,
            episode.locale_id,
        )
    listen: dict[int, list] = {}
    for episode_pk, article_pk in related.values_list(
        "podcastepisodepage_id", "articlepage_id"
    ):
        if episode_pk in episodes:
            listen.setdefault(article_pk, []).append(episodes[episode_pk])
    for episode_pk, articles in matches.items():
        for article_pk, _score in articles if episode_pk in episodes else []:
            found = listen.setdefault(article_pk, [])
            if episodes[episode_pk] not in found:
                found.append(episodes[episode_pk])
    by_guest: dict[int, list] = {}
    for episode_pk, author_pk in guests.values_list(
        "podcastepisodepage_id", "authorpage_id"
    ):
        if episode_pk in episodes:
            by_guest.setdefault(author_pk, []).append(episodes[episode_pk])
    tagged: dict[str, list] = {}
    for episode_pk, slug in tag_rows:
        if episode_pk in episodes:
            tagged.setdefault(str(slug).lower(), []).append(episodes[episode_pk])
    for found in [*by_guest.values(), *tagged.values()]:
        found.sort(key=lambda e: e.date, reverse=True)
        del found[AUTHOR_EPISODES:]
    hosts: dict[int, list] = {}
    for show in shows.values():
        for host in show.hosts.all():
            hosts.setdefault(host.pk, []).append((show.title, show.url))
    any_episode = PodcastEpisodePage.objects.live().exists()
    return Links(listen, hosts, by_guest, any_episode, tagged)


def links() -> Links:
    return LINKS.get("links", _build)


def article_context(article, request, context) -> None:
    found = links().listen.get(article.pk)
    if found:
        context["listen"] = found


def author_context(author, request, context) -> None:
    found = links()
    shows, episodes = found.hosts.get(author.pk), found.guests.get(author.pk)
    if shows or episodes:
        context["podcast_shows"] = shows or []
        context["podcast_episodes"] = episodes or []


def archive_context(kind, subject, home, request, context) -> None:
    """A tag archive's first page: the newest episodes with the tag, in the
    archive's language."""
    page_obj = context.get("page_obj")
    if kind != "tag" or (page_obj is not None and page_obj.number != 1):
        return
    found = [
        e
        for e in links().tagged.get(str(subject.slug).lower(), [])
        if e.locale_id in (None, home.locale_id)
    ]
    if found:
        context["archive_episodes"] = found


def search_results(request, terms: str, locale) -> dict | None:
    """The live episodes matching the terms (title, summary, show notes,
    transcript), newest first."""
    from django.utils.translation import gettext as _

    from .models import PodcastEpisodePage

    if not links().any_episode:
        return None  # no query on a site without episodes
    episodes = PodcastEpisodePage.objects.live()
    if locale is not None:
        episodes = episodes.filter(locale=locale)
    try:
        with transaction.atomic():  # a rejected query leaves the request's intact
            found = list(
                episodes.only(
                    "pk", "title", "url_path", "path", "summary", "date_published"
                )
                .order_by("-date_published")
                .search(terms, order_by_relevance=False)[:SEARCH_RESULTS]
            )
    except DatabaseError:
        logger.warning("Episode search rejected %r", terms, exc_info=True)
        return None
    if not found:
        return None
    return {
        "heading": _("Podcast episodes"),
        "items": [
            {
                "title": e.title,
                "url": e.url,
                "date": e.date_published,
                "summary": e.summary,
            }
            for e in found
        ],
    }
