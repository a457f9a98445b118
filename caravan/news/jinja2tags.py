"""News template functions (Jinja2): the sidebar's latest cards, reading time."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import ngettext
from jinja2 import pass_context
from jinja2.ext import Extension
from markupsafe import Markup
from wagtail.models import Locale, Site

from caravan.caching import fragments, generations
from caravan.caching.memo import Memo
from caravan.web.routing import site_for_request

from .selectors import latest_articles, next_publication

CARDS_TEMPLATE = "components/cards.html"
# A card's HTML per language, site, article, variant and heading level.
CARDS = Memo("card-html", tags=("content", "chrome"), max_entries=20_000)


def _render_cards(context, articles) -> list[tuple[int, str]]:
    card = _card_macro(context)
    return [
        (article.pk, str(card(article, variant="compact", heading_level=3)))
        for article in articles
    ]


@pass_context
def sidebar_latest_cards(context, limit: int = 6, exclude=None) -> Markup:
    """The sidebar's newest articles in the current language as rendered cards
    (``<li>`` each), without ``exclude``. The newest ``limit + 1`` cards are kept
    in the fragment cache, shared by every page of the language and purged with
    the pages' "latest" lists (``caravan.caching.fragments``)."""
    request = context.get("request")
    language = translation.get_language()
    exclude_pk = getattr(exclude, "pk", None)

    def build(depends_on):
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            return _render_cards(
                context, latest_articles(limit=limit + 1, exclude_ids=())
            ), None
        # Tokens first, then the reads they cover.
        depends_on("all", "chrome", f"locale:{locale.pk}")
        articles = latest_articles(locale=locale, limit=limit + 1)
        # A card shows its author names: an author's publish purges p:<article>.
        depends_on(*(f"p:{article.pk}" for article in articles))
        return _render_cards(context, articles), next_publication(locale=locale)

    if fragments.usable_for(request):
        site = Site.find_for_request(request)
        key = fragments.fragment_key(
            "sidebar", getattr(site, "pk", ""), language, limit
        )
        cards = fragments.get_or_build(key, build)
    else:
        cards = build(lambda *tags: None)[0]
    cards = [html for pk, html in cards if pk != exclude_pk][:limit]
    # Rendered by the card template (autoescaped).
    return Markup("".join(f"<li>{html}</li>" for html in cards))  # noqa: S704


def _card_macro(context):
    """The card macro of ``components/cards.html``, bound to this page's context
    (its links and dates read the request and the site settings)."""
    return (
        context.environment.get_template(CARDS_TEMPLATE)
        .make_module(context.get_all())
        .card
    )


@pass_context
def cached_card(context, article, variant: str = "", heading_level: int = 3):
    """An article card (``components/cards.html``), rendered once per process:
    home blocks, archives and suggestions show the same cards on page after
    page. Valid while neither "content" (any publication, an author's included)
    nor "chrome" (site settings: the time zone of its date; sites and locales:
    its URL) changes. The article was read by this request, so the card is kept
    only under the request's snapshot (a purge since leaves it unkept).
    Editors and previews render it afresh. The card template is loaded only to
    render one, not on every page."""
    request = context.get("request")

    def render():
        return _card_macro(context)(
            article, variant=variant, heading_level=heading_level
        )

    if (
        article.pk is None
        or not fragments.usable_for(request)
        or not generations.in_snapshot()
    ):
        return render()
    site = site_for_request(request)
    key = (
        translation.get_language(),
        getattr(site, "pk", None),
        article.pk,
        variant,
        heading_level,
    )
    return CARDS.get(key, render)


def reading_time(minutes: int) -> str:
    return ngettext("%(minutes)s min read", "%(minutes)s min read", minutes) % {
        "minutes": minutes
    }


class NewsExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.globals.update(
            sidebar_latest_cards=sidebar_latest_cards,
            reading_time=reading_time,
            cached_card=cached_card,
        )


news = NewsExtension
