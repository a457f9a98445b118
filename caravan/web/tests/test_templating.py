"""The template globals memoised per process give what Django's own would, per
language and after a settings change."""

from django.templatetags.static import static as django_static
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from caravan.news.models import HomePage
from caravan.web.jinja2tags import _subpage
from caravan.web.templating import static, url


def test_named_urls_are_reverses_in_each_language():
    for language in ("en", "ru"):
        with translation.override(language):
            assert url("search:search") == reverse("search:search")
            assert url("feeds:tag", "trade") == reverse("feeds:tag", args=["trade"])
    with translation.override("ru"):
        assert url("search:search").startswith("/ru/")


def test_static_urls_follow_a_settings_change():
    assert static("caravan/site.css") == django_static("caravan/site.css")
    with override_settings(STATIC_URL="https://cdn.example.org/static/"):
        assert static("caravan/site.css").startswith("https://cdn.example.org/static/")
    assert static("caravan/site.css") == django_static("caravan/site.css")


def test_sub_routes_are_the_page_class_routes():
    assert _subpage(HomePage, "tag", ("trade",), ()) == "tag/trade/"
    assert _subpage(HomePage, "country", ("kazakhstan",), ()) == "country/kazakhstan/"
