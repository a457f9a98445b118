"""An old URL's new address costs the same whatever ran before: it does not
depend on Wagtail's copy of the site root paths in the shared cache being warm
(that made the one-query redirect test fail or pass with the order of tests)."""

from django.test import RequestFactory
from wagtail.models import Site

from caravan.importers.models import LegacyItem


def test_legacy_url_needs_no_query_when_wagtails_cache_is_cold(
    news_site, django_assert_num_queries
):
    site = Site.objects.get(is_default_site=True)
    created = LegacyItem.objects.create(
        site=site, kind="post", wp_key="7", wp_id=7, page=news_site["lead"].page_ptr
    )
    LegacyItem.objects.get(pk=created.pk).get_url(RequestFactory().get("/"))  # memos
    Site.clear_site_root_paths_cache()
    item = LegacyItem.objects.select_related("page", "site").get(pk=created.pk)
    with django_assert_num_queries(0):
        url = item.get_url(RequestFactory().get("/", {"p": 7}))
    assert url == news_site["lead"].url
