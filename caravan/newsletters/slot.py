"""The sign-up form as slots (caravan.caching.slots): the same form at the end
of every article and in every page's footer, listing the language's public
newsletters. Cached pages keep only the include; a list saved or deleted
purges the "newsletter-lists" tag, not the pages."""

from __future__ import annotations

from django.template.loader import render_to_string

TAG = "newsletter-lists"
SLOTS = {"newsletter_article": "article", "newsletter_footer": "footer"}


def renderer(place: str):
    def render(language: str) -> tuple[str, float | None]:
        from .subscribing import offered_lists

        newsletters = list(offered_lists(language))
        if not newsletters:
            return "", None
        html = render_to_string(
            "newsletters/form.html",
            {"newsletters": newsletters, "place": place, "language": language},
        )
        return html.strip(), None

    return render
