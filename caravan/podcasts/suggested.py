"""Episodes suggested under the articles they are about, by content.

An episode's title, summary, show notes and transcript are matched against the
articles of its language with the related-articles index
(``caravan.related.services.articles_like``: the same candidates and score as
an article's own suggestions). The articles it fits best are stored on the
episode (``EpisodeMatch``) when it is published, and again by the scheduler
once a day, so articles published after the episode find it too. A render
reads them from the links map (``links``), no query; a change purges the
article pages before and after it and the map (``podcast-links``).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from caravan.caching.purge import purge_later

logger = logging.getLogger(__name__)

# An article shows an episode only where they are clearly about the same
# thing: more than a shared subject (worth 0.1) and the recency bonus.
MIN_SCORE = 0.2
PER_EPISODE = 5  # the articles one episode is suggested under, at most
REFRESH_AFTER = dt.timedelta(days=1)
BATCH = 20  # episodes refreshed per scheduler run


def episode_parts(episode) -> dict:
    from caravan.related.text import plain

    from .transcript import passages

    transcript = " ".join(p.text for p in passages(episode.transcript))
    return {
        "headline": episode.title,
        "standfirst": episode.summary,
        "body": f"{plain(episode.show_notes)}\n{transcript}",
    }


def matching_articles(episode) -> list[list]:
    """[[article id, score], …], best first: the published articles the episode
    is about, less those the editors already linked it to."""
    from caravan.related.services import articles_like

    linked = set(episode.related_articles.values_list("pk", flat=True))
    found = articles_like(
        locale_id=episode.locale_id,
        parts=episode_parts(episode),
        published=episode.date_published or timezone.now(),
        limit=PER_EPISODE + len(linked),
    )
    return [
        [pk, score] for score, pk in found if score >= MIN_SCORE and pk not in linked
    ][:PER_EPISODE]


def refresh(episode) -> set[int]:
    """Store the articles a live episode is suggested under (none for one that
    is not live); returns the articles whose pages change."""
    from .models import EpisodeMatch

    current = EpisodeMatch.objects.filter(episode_id=episode.pk).first()
    before = {pk for pk, _s in current.articles} if current else set()
    articles = matching_articles(episode) if episode.live else []
    with transaction.atomic():
        EpisodeMatch.objects.update_or_create(
            episode_id=episode.pk,
            defaults={"articles": articles, "computed_at": timezone.now()},
        )
    after = {pk for pk, _s in articles}
    return before ^ after


def purge(changed: set[int]) -> None:
    from .links import LINKS_TAG

    if changed:
        purge_later({LINKS_TAG} | {f"p:{pk}" for pk in changed})


def after_publication(episode_pk: int) -> None:
    """Once the publication is committed; a failure leaves the episode for the
    scheduler, never failing the publication."""

    def run():
        from .models import EpisodeMatch, PodcastEpisodePage

        episode = PodcastEpisodePage.objects.filter(pk=episode_pk).first()
        if episode is None:
            return
        try:
            purge(refresh(episode))
        except Exception:
            logger.exception("Articles for episode %s not matched; left", episode_pk)
            EpisodeMatch.objects.filter(episode_id=episode_pk).update(computed_at=None)

    transaction.on_commit(run)


def refresh_due(now=None) -> int:
    """The scheduler's job: live episodes never matched, or not for a day."""
    from django.db.models import Q

    from .models import PodcastEpisodePage

    now = now or timezone.now()
    due = (
        PodcastEpisodePage.objects.live()
        .filter(
            Q(match__isnull=True)
            | Q(match__computed_at__isnull=True)
            | Q(match__computed_at__lt=now - REFRESH_AFTER)
        )
        .order_by("-date_published", "pk")[:BATCH]
    )
    changed: set[int] = set()
    done = 0
    for episode in due:
        changed |= refresh(episode)
        done += 1
    purge(changed)
    return done
