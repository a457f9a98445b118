from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from caravan.caching import views as cache_views
from caravan.web import views as web_views
from caravan.web.health import health

urlpatterns = [
    path("healthz", health, name="health"),
    path("-/slot/<str:name>/<str:language>/", cache_views.slot, name="slot"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("newsletter/", include("caravan.newsletters.urls")),
    path("", include("caravan.seo.urls")),
]

urlpatterns += i18n_patterns(
    path("search/", include("caravan.search.urls")),
    # /rates/ and /ru/rates/; the API and CSV answer in the default language's place.
    path("", include("caravan.rates.urls")),
    path("", include("caravan.seo.feed_urls")),
    # Wagtail's own URLs, its page view routed through caravan.web.routing.
    *[p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, web_views.serve, name="wagtail_serve"),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # The embedded default serves uploads itself; in production nginx, a CDN or S3
    # does. Documents are not under MEDIA_ROOT (caravan/security/storage.py).
    from caravan.security.media import serve_public_media

    urlpatterns.insert(0, re_path(r"^media/(?P<path>.*)$", serve_public_media))

# Object ids in admin URLs are integers: a 404 for anything else, before
# Wagtail's chooser views try pk="abc" (a ValueError, a 500).
from caravan.security.urls import integer_object_ids  # noqa: E402

integer_object_ids(urlpatterns)
