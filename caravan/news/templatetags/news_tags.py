from django import template
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail.models import Locale, Site

from caravan.caching import fragments
from caravan.news.selectors import latest_articles, next_publication

register = template.Library()

CARD_TEMPLATE = "components/article_card.html"


@register.simple_tag
def sidebar_latest(limit=6, exclude=None):
    """Newest articles in the current language, for the sidebar."""
    locale = Locale.objects.filter(language_code=translation.get_language()).first()
    return latest_articles(
        locale=locale, limit=limit, exclude_ids=[exclude.pk] if exclude else ()
    )


def _render_cards(context, articles) -> list[tuple[int, str]]:
    card = context.template.engine.get_template(CARD_TEMPLATE)
    rendered = []
    for article in articles:
        with context.push(article=article, variant="compact", heading_level=3):
            rendered.append((article.pk, card.render(context)))
    return rendered


@register.simple_tag(takes_context=True)
def sidebar_latest_cards(context, limit=6, exclude=None):
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
        depends_on("all", "chrome", f"latest:{locale.pk}")
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
    return mark_safe(  # rendered by the card template (autoescaped)
        "".join(f"<li>{conditional_escape(html)}</li>" for html in cards)
    )
