"""Where episodes show outside their show: "Listen" links under the articles
an episode names as related (first) and those it was found to be about
(``suggested``), the shows and episodes on their hosts' and
guests' author pages, tag and country archives, the section pages of their
show's section (and the sections above it), and the episodes matching a site
search.

The article, author, archive and section links are one small map of every live
episode's links, built in a few queries and kept in each process (``Memo``)
until a change to an episode or a show purges ``podcast-links`` (or a change to
the site's frame, ``chrome``: a section moved to another path): an article, an
author page, an archive or a section page costs no query for it. Shows and their
linked episodes are few; the map grows with them, not with the archive.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import DatabaseError, transaction

from caravan.caching.memo import Memo

logger = logging.getLogger(__name__)

LINKS_TAG = "podcast-links"
# "chrome": sections are found by their tree path, which a move changes.
LINKS = Memo("podcast-links", tags=(LINKS_TAG, "chrome"), max_entries=4)
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
    by_country: dict  # country slug → [EpisodeLink], newest first
    by_section: dict  # section tree path → [EpisodeLink], newest first


def _newest(found: list) -> list:
    """The newest AUTHOR_EPISODES of each language, newest first: a tag or a
    country is shared by the languages, and an archive shows its own only (ten
    newer Russian episodes must not leave the English archive none)."""
    kept, per_language = [], {}
    for link in sorted(found, key=lambda e: e.date, reverse=True):
        seen = per_language.get(link.locale_id, 0)
        if seen < AUTHOR_EPISODES:
            per_language[link.locale_id] = seen + 1
            kept.append(link)
    return kept


def _section_paths(shows) -> dict[int, list[str]]:
    """Show pk → the tree paths of its section and the sections above it (a
    section lists what its subsections list, as for articles)."""
    from wagtail.models import Page

    from caravan.caching.tags import ancestor_paths

    wanted = {show.section_id for show in shows.values() if show.section_id}
    if not wanted:
        return {}
    paths = dict(Page.objects.filter(pk__in=wanted).values_list("pk", "path"))
    return {
        show.pk: [*ancestor_paths(paths[show.section_id]), paths[show.section_id]]
        for show in shows.values()
        if show.section_id in paths
    }


def _build() -> Links:
    from django.db.models import Q

    from .models import EpisodeMatch, EpisodeTag, PodcastEpisodePage, PodcastShowPage

    shows = {
        show.pk: show
        for show in PodcastShowPage.objects.live()
        .only("pk", "title", "url_path", "path", "section_id")
        .prefetch_related("hosts")
    }
    section_paths = _section_paths(shows)
    related = PodcastEpisodePage.related_articles.through.objects
    guests = PodcastEpisodePage.guests.through.objects
    countries = PodcastEpisodePage.countries.through.objects
    tag_rows = list(EpisodeTag.objects.values_list("content_object_id", "tag__slug"))
    matches = dict(EpisodeMatch.objects.values_list("episode_id", "articles"))
    country_rows = list(countries.values_list("podcastepisodepage_id", "country__slug"))
    linked = (
        set(matches)
        | set(related.values_list("podcastepisodepage_id", flat=True))
        | set(guests.values_list("podcastepisodepage_id", flat=True))
        | {pk for pk, _ in tag_rows}
        | {pk for pk, _ in country_rows}
    )
    wanted = Q(pk__in=linked)
    for show_pk in section_paths:  # every episode of a show with a section
        wanted |= Q(path__startswith=shows[show_pk].path)
    episodes, show_of = {}, {}
    for episode in (
        PodcastEpisodePage.objects.live()
        .filter(wanted)
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
        show_of[episode.pk] = show.pk
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
    by_country: dict[str, list] = {}
    for episode_pk, slug in country_rows:
        if episode_pk in episodes:
            by_country.setdefault(slug, []).append(episodes[episode_pk])
    by_section: dict[str, list] = {}
    for episode_pk, link in episodes.items():  # newest first already
        for path in section_paths.get(show_of[episode_pk], ()):
            by_section.setdefault(path, []).append(link)
    for found in [
        *by_guest.values(),
        *tagged.values(),
        *by_country.values(),
        *by_section.values(),
    ]:
        found[:] = _newest(found)
    hosts: dict[int, list] = {}
    for show in shows.values():
        for host in show.hosts.all():
            hosts.setdefault(host.pk, []).append((show.title, show.url))
    any_episode = PodcastEpisodePage.objects.live().exists()
    return Links(listen, hosts, by_guest, any_episode, tagged, by_country, by_section)


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


def _archive_episodes(kind, subject) -> list:
    found = links()
    if kind == "tag":
        return found.tagged.get(str(subject.slug).lower(), [])
    if kind == "country":
        return found.by_country.get(subject.slug, [])
    if kind == "section":
        return found.by_section.get(subject.path, [])
    return []


def archive_context(kind, subject, home, request, context) -> None:
    """The first page of a tag or country archive, or of a section page: the
    newest episodes with the tag, with the country, or of the shows in the
    section (or a subsection), in the archive's language."""
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number != 1:
        return
    language = home.locale_id if home is not None else subject.locale_id
    found = [
        e for e in _archive_episodes(kind, subject) if e.locale_id in (None, language)
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
