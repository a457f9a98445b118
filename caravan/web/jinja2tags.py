"""Template functions and filters every public template may use (Jinja2)."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.http import QueryDict
from django.template.defaultfilters import linebreaksbr
from django.urls import get_script_prefix
from django.utils import formats, timezone, translation
from jinja2 import pass_context
from jinja2.ext import Extension
from markupsafe import Markup
from wagtail.rich_text import RichText, expand_db_html

from caravan.caching import fragments, generations, slots
from caravan.caching.memo import Memo, memoised_function

from .routing import loaded_ancestors, site_for_request


@memoised_function("formatted-dates", 4096)
def _formatted(value, zone: str, fmt: str, language: str) -> str:
    with translation.override(language):
        return formats.date_format(value, fmt)


def date(value, fmt: str | None = None) -> str:
    """Django's ``date`` filter (same format letters, localised month and day
    names), for the datetime as given: convert it first (``in_site_tz``).
    Formatting is memoised: the same dates come back on many pages."""
    if value in (None, ""):
        return ""
    fmt = fmt or settings.DATE_FORMAT
    zone = str(value.tzinfo) if isinstance(value, dt.datetime) else ""
    return _formatted(value, zone, fmt, translation.get_language() or "")


def richtext(value) -> Markup:
    """Wagtail's ``richtext`` filter without its wrapper template: Wagtail renders
    ``wagtailcore/shared/richtext.html`` (``{{ html|safe }}``, which Caravan
    does not override) around every paragraph, a Django template found only
    after the Jinja2 loader has looked for it in every folder."""
    if value is None:
        return Markup("")
    source = value.source if isinstance(value, RichText) else str(value)
    return Markup(expand_db_html(source))  # noqa: S704 - Wagtail's rich text HTML


def in_site_tz(value, site_settings):
    """A datetime in the site's display time zone (a site setting)."""
    if value is None:
        return None
    return timezone.localtime(value, site_settings.tz)


def zone_name(value) -> str:
    """The time zone a datetime is shown in, as readers know it: its
    abbreviation ("CET"), or its offset from UTC ("UTC+5") where the zone has
    none (the tz database names Almaty's "+05")."""
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        return ""
    name = value.tzname() or ""
    if name[:1].isalpha():
        return name
    minutes = int(value.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def truncatewords(value, length: int) -> str:
    """``Truncator(value).words(length, truncate=" …")`` without the lazy
    object around it (each call built one; cards call it on every render)."""
    if int(length) <= 0:
        return ""
    words = str(value).split()
    if len(words) <= length:
        return " ".join(words)
    text = " ".join(words[:length])
    return text if text.endswith(" …") else f"{text} …"


def ancestors(page) -> list:
    """A page's ancestors below the tree root, top first (the home page first),
    as Wagtail's routing loaded them: usually no query."""
    return loaded_ancestors(page)


@pass_context
def page_url_for(context, number: int) -> str:
    """The current URL with ?page=<number>, keeping other query parameters."""
    request = context["request"]
    # The parameters the page has read (the page cache keeps copies apart by
    # those only); anything else is not carried into the links.
    read = getattr(request.GET, "read", None)
    query = QueryDict(mutable=True)
    for name, values in dict.items(request.GET):
        if read is None or name in read:
            query.setlist(name, values)
    if number == 1:
        query.pop("page", None)
    else:
        query["page"] = number
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def elided_page_range(page_obj) -> list:
    """Page numbers around the current one, with … gaps (cheap for 10,000 pages)."""
    return list(
        page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=2, on_ends=1
        )
    )


@pass_context
def routablepageurl(context, page, url_name: str, *args, **kwargs) -> str:
    """Wagtail's ``{% routablepageurl %}``: a RoutablePage's URL plus a sub-route."""
    base = page.get_url(context.get("request")) or "/"
    if not base.endswith("/"):
        base += "/"
    return base + _subpage(type(page), url_name, args, tuple(sorted(kwargs.items())))


@memoised_function("sub-route-paths", 4096)
def _subpage(page_class, url_name: str, args: tuple, kwargs: tuple) -> str:
    """A sub-route's path depends only on the page class's routes (its class-level
    resolver), not on the page: reversed once per process, not for every tag and
    country link of every page (~40 µs each)."""
    return page_class.get_resolver().reverse(url_name, *args, **dict(kwargs))


# The page's frame per site, language, script prefix, name and parts.
FRAMES = Memo("page-frames", tags=("chrome",), max_entries=1000)


@pass_context
def chrome_fragment(context, name: str, *parts, caller) -> Markup:
    """``{% call chrome_fragment(name, *parts) %}…{% endcall %}``: the page's
    frame (masthead, navigation, footer) is the same on every page, so its HTML
    is rendered once per process for each site, language and ``parts``, and
    kept while "chrome" is unchanged (site and SEO settings, sites, locales,
    the home page and sections). ``parts`` names whatever else the block shows
    (today's date, the current section). Rendered within a request's snapshot
    only (it shows what the request read); editors and previews render it
    afresh."""
    request = context.get("request")
    if not fragments.usable_for(request) or not generations.in_snapshot():
        return caller()
    site = site_for_request(request)
    key = (
        name,
        getattr(site, "pk", None),
        translation.get_language(),
        get_script_prefix(),
        parts,
    )
    return FRAMES.get(key, caller)


@pass_context
def slot(context, name: str) -> Markup:
    """``{{ slot("banner") }}``: a part of the page that changes on its own
    schedule (caravan.caching.slots). In a page the cache keeps, an include the
    cache (or Varnish) fills when it answers; elsewhere (editors, previews) the
    slot's HTML itself."""
    request = context.get("request")
    language = translation.get_language()
    if getattr(request, "_slot_includes", False):
        return Markup(slots.include(name, language))  # noqa: S704 - our own tag
    found = slots.get(name)
    if found is None:
        return Markup("")
    return Markup(found.current(language)[0])  # noqa: S704 - rendered by a template


def credit_beside(credit: str | None, caption: str | None) -> str:
    """A figure's credit, or "" when the caption already says it: every word of
    "Caravan demo" is in "Illustration generated for the Caravan demo." and a
    reader would read it twice."""
    if not credit:
        return ""
    words = re.findall(r"\w+", (caption or "").casefold())
    if all(w in words for w in re.findall(r"\w+", credit.casefold())):
        return ""
    return credit


class WebExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.globals.update(
            page_url_for=page_url_for,
            elided_page_range=elided_page_range,
            routablepageurl=routablepageurl,
            chrome_fragment=chrome_fragment,
            slot=slot,
            now=timezone.now,
        )
        environment.filters.update(
            date=date,
            richtext=richtext,
            in_site_tz=in_site_tz,
            zone_name=zone_name,
            truncatewords=truncatewords,
            ancestors=ancestors,
            linebreaksbr=linebreaksbr,  # Django's: escapes, then marks safe
            credit_beside=credit_beside,
        )


web = WebExtension
