"""What every page's chrome (masthead, navigation, footer) needs."""

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .models import SiteSettings

NAV_CACHE_SECONDS = 300


def navigation_key(site_id: int, language: str) -> str:
    return f"caravan:nav:{site_id}:{language}"


def _navigation(request) -> list[dict]:
    """Top-level sections of the home page in the current language (cached: it is
    on every page and changes only when a section is published or moved)."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    language = translation.get_language() or "en"
    key = navigation_key(site.pk, language)
    items = cache.get(key)
    if items is None:
        from caravan.news.models import SectionPage

        root = site.root_page.localized
        items = [
            {"title": section.title, "url": section.get_url(request), "pk": section.pk}
            for section in SectionPage.objects.live()
            .public()
            .child_of(root)
            .filter(show_in_menus=True)
            .order_by("path")
        ]
        cache.set(key, items, NAV_CACHE_SECONDS)
    return items


def site_chrome(request):
    site_settings = SimpleLazyObject(lambda: SiteSettings.for_request(request))

    def today():
        return timezone.localdate(timezone=site_settings.tz)

    return {
        "site_settings": site_settings,
        "today": SimpleLazyObject(today),
        "navigation": SimpleLazyObject(lambda: _navigation(request)),
    }
