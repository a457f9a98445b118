"""An episode's publication finds the articles it is suggested under
(``suggested``), once the publishing transaction commits."""

from __future__ import annotations


def episode_changed(sender, instance, **kwargs):
    from .models import PodcastEpisodePage
    from .suggested import after_publication

    if isinstance(instance, PodcastEpisodePage):
        after_publication(instance.pk)
