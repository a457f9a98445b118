"""What search engines and social sites read about a show or an episode:
``PodcastSeries``/``PodcastEpisode`` JSON-LD and OpenGraph audio."""

from __future__ import annotations

from django.utils.html import escape
from markupsafe import Markup

from caravan.seo.head import json_ld

from .feed import artwork_url, enclosure_url


def _iso_duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"PT{hours}H{minutes}M{secs}S"


def series_data(show, request) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "PodcastSeries",
        "name": show.title,
        "description": show.description,
        "url": show.get_full_url(request),
        "webFeed": show.get_full_url(request) + "rss/",
        "inLanguage": show.language,
    }
    image = artwork_url(show, request)
    if image:
        data["image"] = image
    hosts = list(show.hosts.all())
    if hosts:
        data["author"] = [
            {"@type": "Person", "name": h.title, "url": h.get_full_url(request)}
            for h in hosts
        ]
    return data


def episode_data(episode, show, request) -> dict:
    audio = {
        "@type": "AudioObject",
        "contentUrl": enclosure_url(episode, request),
        "encodingFormat": episode.audio_type,
        "contentSize": str(episode.audio_length),
    }
    if episode.duration:
        audio["duration"] = _iso_duration(episode.duration)
    if episode.transcript:
        audio["transcript"] = " ".join(p.text for p in episode.passages)[:5000]
    data = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": episode.title,
        "url": episode.get_full_url(request),
        "description": episode.summary,
        "associatedMedia": audio,
        "partOfSeries": {
            "@type": "PodcastSeries",
            "name": show.title,
            "url": show.get_full_url(request),
        },
    }
    if episode.date_published:
        data["datePublished"] = episode.date_published.isoformat()
    if episode.episode_number:
        data["episodeNumber"] = episode.episode_number
    if episode.duration:
        data["timeRequired"] = _iso_duration(episode.duration)
    guests = list(episode.guests.all())
    if guests:
        data["actor"] = [
            {"@type": "Person", "name": g.title, "url": g.get_full_url(request)}
            for g in guests
        ]
    return data


def episode_head(episode, show, request) -> Markup:
    """JSON-LD and OpenGraph audio for an episode page's <head>."""
    audio_url = escape(enclosure_url(episode, request))
    return Markup(  # noqa: S704 - every value is escaped or JSON-escaped
        json_ld(episode_data(episode, show, request))
        + f'\n<meta property="og:audio" content="{audio_url}">'
        + f'\n<meta property="og:audio:type" content="{escape(episode.audio_type)}">'
    )


def show_head(show, request) -> Markup:
    return Markup(json_ld(series_data(show, request)))  # noqa: S704 - JSON-escaped
