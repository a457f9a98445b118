"""What a change to a podcast episode purges from the page cache.

An episode is listed by its show's page and feed (``list:<show path>``, which
``change_tags`` names as an ancestor's listing) and by nothing else; a show's
change reaches its episodes' pages through ``tree:<show path>``. No tags of
its own.
"""

from __future__ import annotations

from caravan.web.pages import change_tags


def episode_purge_tags(episode) -> set[str]:
    return change_tags(episode)
