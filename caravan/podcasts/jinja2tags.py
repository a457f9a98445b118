"""Template functions for podcast pages (Jinja2)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from jinja2.ext import Extension


def episode_length(seconds: int) -> str:
    """ "42 min", "1 h 5 min", "45 s": how long an episode is, for readers."""
    if seconds < 60:
        return _("%(n)d s") % {"n": seconds}
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    return ngettext("%(m)d min", "%(m)d min", minutes) % {"m": minutes}


def audio_size(length: int) -> str:
    megabytes = length / 1_000_000
    if megabytes >= 1:
        return _("%(n).1f MB") % {"n": megabytes}
    return _("%(n)d kB") % {"n": max(1, round(length / 1000))}


class PodcastsExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.globals.update(episode_length=episode_length, audio_size=audio_size)


podcasts = PodcastsExtension
