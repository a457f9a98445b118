"""A show with episodes, built with Wagtail's own APIs (tests and the demo's tests)."""

import io
import itertools
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from caravan.podcasts.models import PodcastEpisodePage, PodcastShowPage
from caravan.podcasts.silence import silent_mp3

_counter = itertools.count(1)

TRANSCRIPT = """[00:00] Aigerim: Welcome to Spotlight on Central Asia.
[00:02] Timur: Thanks for having me.
An untimed aside.
[01:05] Aigerim: That is all for today."""
CHAPTERS = "00:00 Introduction\n00:02 The interview"


def make_artwork(size=(1400, 1400), fmt="PNG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (180, 60, 40)).save(buffer, fmt)
    return get_image_model().objects.create(
        title="Show artwork",
        file=ImageFile(buffer, name=f"artwork-{next(_counter)}.{fmt.lower()}"),
    )


def make_show(home, *, hosts=(), **fields) -> PodcastShowPage:
    fields.setdefault("artwork", make_artwork())
    show = PodcastShowPage(
        title=fields.pop("title", "Spotlight on Central Asia"),
        slug=fields.pop("slug", f"podcast-{next(_counter)}"),
        description="Conversations about the region, every other week.",
        language="en",
        category="News|Politics",
        owner_name="Caravan",
        owner_email="podcast@example.org",
        **fields,
    )
    show.hosts = list(hosts)
    home.add_child(instance=show)
    show.save_revision().publish()
    show.refresh_from_db()
    return show


def make_episode(
    show,
    *,
    title=None,
    seconds=3,
    live=True,
    age=timedelta(hours=1),
    guests=(),
    **fields,
) -> PodcastEpisodePage:
    n = next(_counter)
    episode = PodcastEpisodePage(
        title=title or f"Episode {n}",
        slug=f"episode-{n}",
        summary=fields.pop("summary", f"What episode {n} is about."),
        date_published=fields.pop("date_published", timezone.now() - age),
        duration=fields.pop("duration", seconds),
        **fields,
    )
    if not episode.audio_url:
        episode.audio_file = ContentFile(silent_mp3(seconds), name=f"episode-{n}.mp3")
    episode.guests = list(guests)
    episode.live = live
    episode.full_clean(exclude=["path", "depth", "url_path"])  # reads the audio's facts
    show.add_child(instance=episode)
    revision = episode.save_revision()
    if live:
        revision.publish()
    episode.refresh_from_db()
    return episode
