"""Feed routes, inside i18n_patterns (so /ru/feed/ is the Russian feed) and before
Wagtail's catch-all."""

from django.urls import path, re_path

from . import feeds

app_name = "feeds"

urlpatterns = [
    path("feed/", feeds.site_feed, name="site"),
    path("feed/atom/", feeds.site_feed, {"fmt": "atom"}, name="site_atom"),
    # What <str:> takes, less NUL: PostgreSQL refuses it in a text parameter (a
    # 500 on /tag/%00/feed/).
    re_path(r"^tag/(?P<slug>[^/\x00]+)/feed/$", feeds.tag_feed, name="tag"),
    re_path(
        r"^tag/(?P<slug>[^/\x00]+)/feed/atom/$",
        feeds.tag_feed,
        {"fmt": "atom"},
        name="tag_atom",
    ),
    path("country/<slug:slug>/feed/", feeds.country_feed, name="country"),
    path(
        "country/<slug:slug>/feed/atom/",
        feeds.country_feed,
        {"fmt": "atom"},
        name="country_atom",
    ),
    re_path(r"^(?P<page_path>(?:[-\w]+/)+)feed/$", feeds.page_feed, name="page"),
    re_path(
        r"^(?P<page_path>(?:[-\w]+/)+)feed/atom/$",
        feeds.page_feed,
        {"fmt": "atom"},
        name="page_atom",
    ),
]
