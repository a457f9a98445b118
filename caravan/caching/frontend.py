"""Purge Varnish (or any HTTP cache that understands BAN by tag) when tags are
bumped. Pages carry their tags in ``X-Cache-Tags``; ``deploy/varnish/caravan.vcl``
bans objects whose tags match. Wagtail's own frontend cache invalidation
(WAGTAILFRONTENDCACHE, set from VARNISH_URL) additionally PURGEs the page's URL.
"""

from __future__ import annotations

import http.client
import logging
import re
from urllib.parse import urlsplit

from . import conf

logger = logging.getLogger(__name__)


def tag_pattern(tags) -> str:
    """A regex matching any of the tags as a whole word in X-Cache-Tags."""
    alternatives = "|".join(re.escape(t) for t in sorted(tags))
    return rf"(^|\s)({alternatives})(\s|$)"


def ban_tags(tags) -> None:
    for url in conf.varnish_urls():
        parts = urlsplit(url)
        try:
            connection = http.client.HTTPConnection(
                parts.hostname, parts.port or 80, timeout=1
            )
            connection.request("BAN", "/", headers={"X-Ban-Tags": tag_pattern(tags)})
            response = connection.getresponse()
            response.read()
            if response.status >= 400:
                logger.warning("Varnish %s refused BAN: %s", url, response.status)
            connection.close()
        except OSError:
            logger.warning("Varnish %s unreachable for BAN", url, exc_info=True)
