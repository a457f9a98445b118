"""Page URLs from the memoised i18n prefix are exactly Wagtail's own."""

import pytest
from django.test import RequestFactory
from django.urls import set_script_prefix
from django.utils import translation
from wagtail.models import Locale, Page, Site

from caravan.news.models import ArticlePage
from caravan.news.tests import factories

pytestmark = pytest.mark.django_db


def wagtails(page, request=None):
    """What Wagtail's own Page.get_url_parts gives for the page."""
    return Page.get_url_parts(page, request)


def all_pages():
    return [p.specific for p in Page.objects.filter(depth__gt=1)]


def test_every_page_url_is_wagtails(news_site):
    pages = all_pages()
    assert len(pages) > 15
    for page in pages:
        assert page.get_url_parts() == wagtails(page), page.url_path
        assert page.get_url() == Page.get_url(page) or page.get_url() is None


def test_under_each_language_and_for_translations(news_site):
    ru = Locale.objects.create(language_code="ru")
    for page in (news_site["home"], news_site["business"], news_site["energy"]):
        page.copy_for_translation(ru).save_revision().publish()
    translated = news_site["lead"].copy_for_translation(ru)
    translated.save_revision().publish()
    Site.clear_site_root_paths_cache()
    for language in ("en", "ru"):
        with translation.override(language):
            for page in all_pages():
                assert page.get_url_parts() == wagtails(page), (language, page.url_path)
    assert translated.specific.url.startswith("/ru/")


def test_unicode_slugs_are_quoted_as_reverse_quotes(news_site):
    article = factories.make_article(news_site["politics"], title="Выборы")
    article.slug = "выборы-2026"
    article.save_revision().publish()
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.get_url_parts() == wagtails(article)
    assert "%D0%B2" in article.url


def test_pages_outside_any_site_and_on_two_sites(news_site):
    orphan_root = Page.get_first_root_node().add_child(
        instance=Page(title="Elsewhere", slug="elsewhere")
    )
    assert orphan_root.specific.get_url_parts() is None
    Site.objects.create(
        hostname="mirror.example", root_page=news_site["home"], site_name="Mirror"
    )
    Site.clear_site_root_paths_cache()
    request = RequestFactory().get("/", HTTP_HOST="mirror.example")
    lead = ArticlePage.objects.get(pk=news_site["lead"].pk)
    assert lead.get_url_parts(request) == wagtails(lead, request)
    assert lead.get_url(request) == Page.get_url(lead, request)


def test_script_prefix_is_kept(news_site):
    lead = ArticlePage.objects.get(pk=news_site["lead"].pk)
    plain = lead.get_url_parts()
    set_script_prefix("/news/")
    try:
        assert lead.get_url_parts() == wagtails(lead)
        assert lead.get_url_parts()[2] == "/news" + plain[2]
    finally:
        set_script_prefix("/")


def test_no_reverse_per_link(news_site, monkeypatch):
    import caravan.web.page_urls as page_urls

    lead = ArticlePage.objects.get(pk=news_site["lead"].pk)
    lead.get_url()  # the prefix is reversed once, then reused
    calls = []
    monkeypatch.setattr(page_urls, "reverse", lambda *a, **k: calls.append(a))
    for article in ArticlePage.objects.all():
        article.get_url()
    assert calls == []
