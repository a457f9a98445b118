"""Which requests the page cache answers, and the key that tells copies apart.

A key is: scheme, host (checked against ALLOWED_HOSTS), path, the *declared*
query parameters, the language, and the site's local date (the masthead shows
it). Apps declare the query parameters their pages read
(``declare_query_params`` in ``AppConfig.ready()``); any other parameter
(``utm_source``, ``fbclid``, random ones) is removed from a cacheable request
before anything sees it, so it can neither change the page nor add copies.
``deploy/varnish/caravan.vcl`` keeps the same list (a test compares them).

Only a real editor bypasses the cache: a signed cookie (``EDITOR_COOKIE``) set
while someone is logged in (``EditorCookieMiddleware``), checked with the secret
key — a made-up session cookie is served from the cache like anyone else.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import DisallowedHost
from django.http import QueryDict
from django.utils import translation

from . import conf
from .entries import entry_key
from .memo import Memo, Store

logger = logging.getLogger(__name__)

MAX_QUERY = 1024
EDITOR_COOKIE = "caravan_editor"
_SALT = "caravan.caching.editor"

_declared: set[str] = set()
_bypassing: set[str] = set()


def declare_query_params(*names: str, bypass: bool = False) -> None:
    """Query parameters some page reads (``page``, ``q``): those it reads enter
    its key. ``bypass``: a request carrying one is never answered from the cache
    nor stored (old WordPress URLs: whether ``?p=123`` redirects depends on the
    database, and random values must not fill the cache)."""
    _declared.update(names)
    if bypass:
        _bypassing.update(names)


def query_params() -> frozenset[str]:
    return frozenset(_declared) | conf.query_params()


def bypassing_params() -> frozenset[str]:
    return frozenset(_bypassing)


# --- editors ---


def editor_cookie_value(user) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(str(user.pk))


def is_editor(cookies) -> bool:
    value = cookies.get(EDITOR_COOKIE)
    if not value:
        return False
    try:
        signing.TimestampSigner(salt=_SALT).unsign(
            value, max_age=settings.SESSION_COOKIE_AGE
        )
    except signing.BadSignature:
        return False
    return True


class EditorCookieMiddleware:
    """After AuthenticationMiddleware: a logged-in user carries the signed editor
    cookie (the page cache and Varnish let it through), anyone else loses it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME not in request.COOKIES and (
            EDITOR_COOKIE not in request.COOKIES
        ):
            return response  # a reader: nothing to check (no session query)
        user = getattr(request, "user", None)
        logged_in = bool(user is not None and user.is_authenticated)
        if logged_in and not is_editor(request.COOKIES):
            response.set_cookie(
                EDITOR_COOKIE,
                editor_cookie_value(user),
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif not logged_in and EDITOR_COOKIE in request.COOKIES:
            response.delete_cookie(EDITOR_COOKIE, samesite="Lax")
        return response


# --- which requests ---


def request_is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if not conf.enabled():
        return False
    if request.path_info.startswith(conf.skip_prefixes()):
        return False
    if is_editor(request.COOKIES):
        return False  # editors always get a fresh page
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY:
        return False
    if query and _bypassing and not _bypassing.isdisjoint(request.GET):
        return False
    return True


class ReadTrackingQueryDict(QueryDict):
    """``request.GET`` of a cacheable request: it notes which parameters the page
    reads (a whole-dict read — iterating, copying, encoding — reads all)."""

    def __init__(self, query_string: str):
        self.read: set[str] = set()
        super().__init__(query_string)
        self.read = set()  # filling it was no reading

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def _all(self) -> None:
        self.read.update(dict.keys(self))

    def __iter__(self):
        self._all()
        return super().__iter__()

    def __len__(self):
        self._all()
        return super().__len__()

    def keys(self):
        self._all()
        return super().keys()

    def items(self):
        self._all()
        return super().items()

    def lists(self):
        self._all()
        return super().lists()

    def values(self):
        self._all()
        return super().values()

    def dict(self):
        self._all()
        return super().dict()

    def copy(self):
        self._all()
        return QueryDict(self.urlencode(), mutable=True)

    def urlencode(self, safe=None):
        self._all()
        return super().urlencode(safe)


def prepare(request) -> None:
    """Keep only the declared query parameters (in their order), and note which
    of them the page reads."""
    declared = query_params()
    items = _items(request.GET)
    kept = [(name, value) for name, value in items if name in declared]
    query = urlencode(kept)
    if len(kept) != len(items):
        request.META["QUERY_STRING"] = query
    request.GET = ReadTrackingQueryDict(query)


def _items(query) -> list[tuple[str, str]]:
    return [(name, value) for name, values in dict.items(query) for value in values]


def params_read(request) -> frozenset[str]:
    """The parameters the page read (those present, or asked for and absent)."""
    query = request.GET
    if isinstance(query, ReadTrackingQueryDict):
        return frozenset(query.read) & query_params()
    return query_params()


def full_path_as_read(request) -> str:
    """``request.get_full_path()`` with only the parameters the page has read:
    what a page may show of its own URL, since its copies are kept apart by
    those only."""
    query = request.GET
    read = getattr(query, "read", None)
    if read is None:
        return request.get_full_path()
    kept = [(name, value) for name, value in _items(query) if name in read]
    return request.path + (f"?{urlencode(kept)}" if kept else "")


def language_for(request) -> str:
    """The language the response will be in: from the URL prefix, else what
    LocaleMiddleware would pick (cookie, Accept-Language) — at most one entry per
    supported language."""
    return translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request, check_path=False)


# Which declared parameters the page at a path reads ("shape"), as learnt by
# this process from its renders. Unknown: all of them (the most specific key).
SHAPES = Store("query-shapes", max_entries=10_000)
_shapes_changed = {"count": 0}


def shapes_version() -> int:
    """Changes whenever a shape is learnt (the fast path's memo of keys)."""
    return _shapes_changed["count"]


def _where(request):
    """(host, the shape's key), or None for a disallowed Host (Django answers
    400)."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return host, (request.scheme, host, request.path, language_for(request))


def key_for(request, day: dt.date, shape: frozenset[str] | None = None):
    """(key, shape): the cache key of a prepared request, made of the parameters
    in ``shape`` (by default the page's known shape, else all declared). None
    for a disallowed Host."""
    where = _where(request)
    if where is None:
        return None
    host, base = where
    if shape is None:
        shape = SHAPES.get(base)
        if shape is None:
            shape = query_params()
    query = sorted((n, v) for n, v in _items(request.GET) if n in shape)
    parts = "|".join(
        (
            request.scheme,
            host,
            request.path,
            urlencode(query),  # sorted: ?b=2&a=1 and ?a=1&b=2 share a copy
            base[3],
            day.isoformat(),
        )
    )
    return entry_key(parts), shape


def learn_shape(request, read: frozenset[str]) -> frozenset[str] | None:
    """The page at this path reads (at least) ``read``: the shape grows to
    include it. The new shape, or None for a disallowed Host."""
    where = _where(request)
    if where is None:
        return None
    _host, base = where
    known = SHAPES.get(base)
    shape = read if known is None else known | read
    if shape != known:
        SHAPES.put(base, shape)
        _shapes_changed["count"] += 1
    return shape


# --- the site's local date ---

_zone_source = {"read": None, "last": None}
ZONES = Memo("site-time-zone", tags=("chrome",), max_entries=1)
DEFAULT_ZONE = zoneinfo.ZoneInfo("Asia/Almaty")


def time_zone_source(read) -> None:
    """``read()`` gives the site's display time zone (a name); the site settings'
    app registers it."""
    _zone_source["read"] = read


def _read_zone():
    read = _zone_source["read"]
    name = read() if read is not None else None
    try:
        return zoneinfo.ZoneInfo(name) if name else DEFAULT_ZONE
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return DEFAULT_ZONE


def site_timezone():
    try:
        zone = _zone_source["last"] = ZONES.get(None, _read_zone)
        return zone
    except Exception:
        logger.debug("site time zone unavailable", exc_info=True)
        return _zone_source["last"] or DEFAULT_ZONE


def known_timezone(snapshot=None):
    """The site's zone if this process holds a valid one, else None (without
    touching the database: the WSGI fast path then leaves the request to
    Django)."""
    return ZONES.peek(None, snapshot)


def local_now() -> dt.datetime:
    return dt.datetime.now(site_timezone())


def seconds_to_midnight(now: dt.datetime) -> int:
    tomorrow = (now + dt.timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return max(1, int((tomorrow - now).total_seconds()))
