"""The public site's templates are Jinja2; the admin keeps Django's.

Why: rendering a cold article took ~20 ms of Django template engine (variable
resolution, node and context machinery around ~350 nodes and a dozen
includes); Jinja2 compiles templates to Python functions and renders the same
page in a fraction of that. Templates live in each app's ``jinja2/`` folder
(``caravan/jinja2/`` for the site-wide ones); each app adds its functions in a
``jinja2tags`` extension, as Wagtail does.

Translations: ``{{ _("text") }}`` (and ``|format(name=...)`` for placeholders) is
the one form used, because ``manage.py makemessages`` extracts it from templates
like Django's own ``{% translate %}``.
"""

from __future__ import annotations

from django.conf import settings
from django.templatetags.static import static as django_static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from jinja2 import ChainableUndefined, Environment

from caravan.caching.memo import Store, memoised_function

EXTENSIONS = [
    "wagtail.jinja2tags.core",
    "wagtail.images.jinja2tags.images",
    "caravan.web.jinja2tags.web",
    "caravan.news.jinja2tags.news",
    "caravan.seo.jinja2tags.seo",
    "caravan.rates.jinja2tags.rates",
]


# A page renders the same few static files and named URLs every time: each is
# looked up once per process (a static URL goes through the storage's manifest,
# a reverse() through the resolver, ~40 µs each), keyed by everything they
# depend on; a settings change (tests) clears them (caravan.caching.memo).
@memoised_function("static-urls", 512)
def static(path: str) -> str:
    return django_static(path)


@memoised_function("reversed-urls", 1024)
def _reverse(name, args, kwargs, language, script_prefix, urlconf) -> str:
    return reverse(
        name, args=args or None, kwargs=dict(kwargs) or None, urlconf=urlconf
    )


def url(name: str, *args, **kwargs) -> str:
    """``{% url %}``: ``url("search:search")``."""
    return _reverse(
        name,
        args,
        tuple(sorted(kwargs.items())),
        translation.get_language(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )


# A page asks for the same few dozen interface strings every time (~15 on an
# article); Django's gettext walks the active translation's catalogs for each
# (several µs). Remembered per language and string; translations do not change
# while the process runs (a settings change clears them).
TRANSLATED = Store("translated-strings", max_entries=20_000)


def gettext(message):
    """``gettext`` for templates: Django's, remembered per active language."""
    if type(message) is not str:  # a SafeString or a lazy string: as Django does
        return translation.gettext(message)
    key = (translation.get_language(), message)
    try:
        return TRANSLATED.data[key]
    except KeyError:
        result = translation.gettext(message)
        TRANSLATED.put(key, result)
        return result


class SiteEnvironment(Environment):
    def make_globals(self, d):
        """A template's globals as one plain dict, not Jinja's ChainMap over the
        environment's: each render copies them into its context, and each of
        the ~35 names first missed the ChainMap's empty first map (a KeyError
        raised and caught: ~35 per page). All globals are set below, when the
        environment is made, before any template is loaded."""
        return {**self.globals, **(d or {})}


def environment(**options) -> Environment:
    options["extensions"] = [*EXTENSIONS, *options.get("extensions", ())]
    # Like Django's templates, a missing variable or attribute renders as
    # nothing (``page.title`` on the search page, which has no page).
    options["undefined"] = ChainableUndefined
    options.pop("autoescape", None)  # always on: these templates write HTML
    env = SiteEnvironment(autoescape=True, **options)
    env.globals.update(
        static=static,
        url=url,
        _=gettext,
        gettext=gettext,
        ngettext=translation.ngettext,
        pgettext=translation.pgettext,
        get_language=translation.get_language,
    )
    return env
