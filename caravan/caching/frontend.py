"""Purge Varnish (or any HTTP cache that understands BAN by tag) when tags are
bumped. Pages carry their tags in ``X-Cache-Tags`` (Varnish strips it before
clients); ``deploy/varnish/caravan.vcl`` bans the objects whose tags match,
and accepts BAN only on its purge listener, which clients cannot reach.
"""

from __future__ import annotations

import http.client
import logging
import re
import threading
from urllib.parse import urlsplit

from . import conf

logger = logging.getLogger(__name__)


def tag_pattern(tags) -> str:
    """A regex matching any of the tags as a whole word in X-Cache-Tags."""
    alternatives = "|".join(re.escape(t) for t in sorted(tags))
    return rf"(^|\s)({alternatives})(\s|$)"


def ban_tags(tags) -> list[str]:
    """Send every Varnish a BAN for the tags; the URLs that failed."""
    failed = []
    for url in conf.varnish_urls():
        parts = urlsplit(url)
        try:
            connection = http.client.HTTPConnection(
                parts.hostname, parts.port or 80, timeout=2
            )
            connection.request("BAN", "/", headers={"X-Ban-Tags": tag_pattern(tags)})
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status >= 400:
                logger.warning("Varnish %s refused BAN: %s", url, response.status)
                failed.append(url)
        except OSError as error:
            logger.warning("Varnish %s unreachable for BAN: %s", url, error)
            failed.append(url)
    return failed


def ban_again_later(tags) -> None:
    """The same BAN after ``conf.ban_repeat_seconds()``: an answer rendered before
    the purge may reach Varnish just after the first BAN, and Varnish tests a
    ban only against objects older than it. Best effort (a thread of this
    process; nothing is written)."""
    delay = conf.ban_repeat_seconds()
    if delay <= 0 or not conf.varnish_urls():
        return
    timer = threading.Timer(delay, ban_tags, args=(list(tags),))
    timer.daemon = True
    timer.start()
