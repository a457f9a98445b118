"""The site's navigation: the home page's top-level sections."""

from django.utils import translation
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from caravan.caching.memo import Memo

from .models import SectionPage

NAVIGATION = Memo("navigation", max_entries=100)


def _navigation(request) -> list[dict]:
    """Top-level sections of the home page in the current language, from the
    process's memo: on every page, it changes only when a section is published,
    moved or deleted, which purges "chrome"."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    language = translation.get_language() or "en"

    def build():
        root = site.root_page.localized
        return [
            {"title": section.title, "url": section.get_url(request), "pk": section.pk}
            for section in SectionPage.objects.live()
            .public()
            .child_of(root)
            .filter(show_in_menus=True)
            .order_by("path")
        ]

    return NAVIGATION.get((site.pk, language), build)


def navigation(request):
    return {"navigation": SimpleLazyObject(lambda: _navigation(request))}
