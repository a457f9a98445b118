"""The view beacon: ``/-/v/<article id>.gif``, a 1x1 image each article page
loads (no script, no cookie). Answered in front of Django (a WSGI wrapper, like
the page cache's fast path) from memory: a view costs a dictionary increment.

    application = Beacon(FastPath(get_wsgi_application()))   # caravan/wsgi.py
"""

from __future__ import annotations

import base64
import re

from .counting import Counter

PREFIX = "/-/v/"
PATH = re.compile(r"/-/v/([0-9]{1,12})\.gif")
GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
HEADERS = [
    ("Content-Type", "image/gif"),
    ("Content-Length", str(len(GIF))),
    # Every view asks again; nothing in between keeps it.
    ("Cache-Control", "no-store"),
    ("X-Robots-Tag", "noindex"),
]


class Beacon:
    def __init__(self, application, counter: Counter | None = None):
        self.application = application
        self.counter = counter or Counter()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith(PREFIX):
            return self.application(environ, start_response)
        match = PATH.fullmatch(path)
        method = environ.get("REQUEST_METHOD")
        if match is None or method not in ("GET", "HEAD"):
            start_response(
                "404 Not Found",
                [("Content-Type", "text/plain"), ("Content-Length", "0")],
            )
            return [b""]
        self.counter.count(int(match.group(1)), environ)
        start_response("200 OK", HEADERS)
        return [b"" if method == "HEAD" else GIF]
