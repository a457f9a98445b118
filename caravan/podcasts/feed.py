"""The show's RSS 2.0 feed, with Apple's ``itunes:`` tags and the Podcasting 2.0
``podcast:`` namespace (guid, locked, transcript, person): what Apple Podcasts,
Spotify and the Podcast Index read."""

from __future__ import annotations

from email.utils import format_datetime
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.utils.html import strip_tags
from wagtail.rich_text import expand_db_html

from caravan.seo.feeds import absolutize_html

from . import categories
from .transcript import JSON_CHAPTERS_TYPE, has_times, hms

NAMESPACES = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "atom": "http://www.w3.org/2005/Atom",
}
for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)
# Apple's artwork bounds; the feed always links a square JPEG this size.
ARTWORK_RENDITION = "fill-1400x1400|format-jpeg"
CONTENT_TYPE = "application/rss+xml; charset=utf-8"


def _q(name: str) -> str:
    prefix, _, local = name.partition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}" if local else name


def _add(parent, name, text=None, attrs=None, **attributes):
    attributes.update(attrs or {})
    element = ET.SubElement(parent, _q(name), attributes)
    if text is not None:
        element.text = str(text)
    return element


def _yes(value: bool) -> str:
    return "true" if value else "false"


def artwork_url(show, request) -> str:
    if show.artwork is None:
        return ""
    rendition = show.artwork.get_rendition(ARTWORK_RENDITION)
    # On the site's own host, as the pages' URLs are (unless media has its own).
    return urljoin(show.get_full_url(request), rendition.url)


def enclosure_url(episode, request) -> str:
    return urljoin(episode.get_full_url(request), episode.audio_href)


def build_feed(show, request) -> bytes:
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _add(rss, "channel")
    show_url = show.get_full_url(request)
    feed_url = urljoin(show_url, "rss/")
    _add(channel, "title", show.title)
    _add(channel, "link", show_url)
    _add(channel, "description", show.description)
    _add(channel, "language", show.language)
    if show.copyright:
        _add(channel, "copyright", show.copyright)
    _add(channel, "atom:link", href=feed_url, rel="self", type="application/rss+xml")
    # Apple's tag for a feed that moved (a show imported from WordPress, whose
    # old feed URLs answer 301 here): apps that read it keep this URL.
    _add(channel, "itunes:new-feed-url", feed_url)
    hosts = list(show.hosts.all())
    _add(channel, "itunes:author", ", ".join(h.title for h in hosts) or show.owner_name)
    owner = _add(channel, "itunes:owner")
    _add(owner, "itunes:name", show.owner_name)
    _add(owner, "itunes:email", show.owner_email)
    art = artwork_url(show, request)
    if art:
        _add(channel, "itunes:image", href=art)
        image = _add(channel, "image")
        _add(image, "url", art)
        _add(image, "title", show.title)
        _add(image, "link", show_url)
    parent, child = categories.split(show.category)
    category = _add(channel, "itunes:category", attrs={"text": parent})
    if child:
        _add(category, "itunes:category", attrs={"text": child})
    _add(channel, "itunes:explicit", _yes(show.explicit))
    _add(channel, "itunes:type", "episodic")
    if show.podcast_guid:
        _add(channel, "podcast:guid", show.podcast_guid)
    _add(
        channel,
        "podcast:locked",
        "yes" if show.feed_locked else "no",
        owner=show.owner_email,
    )
    for host in hosts:
        _add(
            channel,
            "podcast:person",
            host.title,
            role="host",
            href=host.get_full_url(request),
        )
    episodes = list(show.episodes().prefetch_related("guests"))
    if episodes:
        _add(channel, "lastBuildDate", format_datetime(episodes[0].date_published))
    for episode in episodes:
        _item(channel, episode, request)
    ET.indent(rss)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, "utf-8")


def _item(channel, episode, request):
    item = _add(channel, "item")
    page_url = episode.get_full_url(request)
    _add(item, "title", episode.title)
    _add(item, "link", page_url)
    _add(item, "guid", episode.guid, isPermaLink="false")
    _add(item, "pubDate", format_datetime(episode.date_published))
    _add(item, "description", episode.summary or strip_tags(episode.show_notes))
    if episode.show_notes:
        _add(
            item,
            "content:encoded",
            absolutize_html(
                expand_db_html(episode.show_notes), urljoin(page_url, "/").rstrip("/")
            ),
        )
    _add(
        item,
        "enclosure",
        url=enclosure_url(episode, request),
        length=str(episode.audio_length),
        type=episode.audio_type,
    )
    if episode.duration:
        _add(item, "itunes:duration", hms(episode.duration))
    if episode.season_number:
        _add(item, "itunes:season", episode.season_number)
    if episode.episode_number:
        _add(item, "itunes:episode", episode.episode_number)
    _add(item, "itunes:episodeType", episode.episode_type)
    _add(item, "itunes:explicit", _yes(episode.explicit))
    if episode.transcript:
        _add(
            item,
            "podcast:transcript",
            url=page_url + "#transcript",
            type="text/html",
        )
        if has_times(episode.passages):
            _add(
                item,
                "podcast:transcript",
                url=page_url + "transcript/",
                type="text/vtt",
                rel="captions",
            )
    if has_times(episode.chapter_list):
        _add(
            item,
            "podcast:chapters",
            url=page_url + "chapters/",
            type=JSON_CHAPTERS_TYPE,
        )
    for guest in episode.guests.all():
        _add(
            item,
            "podcast:person",
            guest.title,
            role="guest",
            href=guest.get_full_url(request),
        )


def feed_response(show, request) -> HttpResponse:
    return HttpResponse(build_feed(show, request), content_type=CONTENT_TYPE)
