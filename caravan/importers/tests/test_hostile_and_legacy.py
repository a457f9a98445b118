"""A small hand-written export: statuses the theme data lacks, hostile markup, and
pre-WordPress (Joomla) URLs."""

import json
import re

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from caravan.importers.middleware import DEFAULT_LEGACY_URL_PATTERNS
from caravan.importers.models import LegacyItem
from caravan.importers.wordpress import wordpress_import
from caravan.news.models import ArticlePage
from caravan.news.tests import factories

EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/">
<channel><title>Old Times</title><link>http://old.example</link>
<wp:wxr_version>1.1</wp:wxr_version><wp:base_blog_url>http://old.example</wp:base_blog_url>
<wp:author><wp:author_id>3</wp:author_id><wp:author_login>ed</wp:author_login>
<wp:author_display_name><![CDATA[Ed <script>x</script>Itor]]></wp:author_display_name>
</wp:author>
<wp:category><wp:term_id>5</wp:term_id><wp:category_nicename>news</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name>News</wp:cat_name></wp:category>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>http://old.example/?p={id}</link>
<dc:creator>ed</dc:creator><content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{id}</wp:post_id>
<wp:post_date>2019-05-01 10:00:00</wp:post_date>
<wp:post_date_gmt>2019-05-01 04:00:00</wp:post_date_gmt>
<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>
<wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>
<category domain="category" nicename="news"><![CDATA[News]]></category>
<wp:postmeta><wp:meta_key>_fgj2wp_old_id</wp:meta_key>
<wp:meta_value>{joomla}</wp:meta_value></wp:postmeta></item>"""
HOSTILE = (
    '<p onmouseover="steal()">Hello <a href="javascript:steal()">link</a></p>'
    '<script>steal()</script><img src="http://old.example/x.png" onerror="steal()">'
    '<iframe src="https://evil.example/"></iframe><style>*{}</style>'
)


@pytest.fixture
def hostile_site(db, tmp_path):
    items = [
        ITEM.format(
            title="Hostile",
            id=101,
            slug="hostile",
            status="publish",
            content=HOSTILE,
            joomla=21753,
        ),
        ITEM.format(
            title="Private",
            id=102,
            slug="private",
            status="private",
            content="<p>members</p>",
            joomla=5993,
        ),
        ITEM.format(
            title="Pending",
            id=103,
            slug="pending",
            status="pending",
            content="<p>waiting</p>",
            joomla=7,
        ),
    ]
    path = tmp_path / "old.xml"
    path.write_text(EXPORT.format(items="".join(items)), encoding="utf-8")
    home = factories.make_home()
    report = wordpress_import(path=path, progress=False)
    return {"home": home, "report": report, "path": path}


def test_hostile_markup_is_neutralised(hostile_site):
    page = ArticlePage.objects.get(title="Hostile")
    raw = json.dumps(list(page.body.raw_data))
    assert not re.search(r"<script|on\w+=|javascript:|<iframe|<style", raw)
    html = Client().get(page.url).content.decode()
    assert "steal()" not in html
    author = page.authors[0]
    assert "<script" not in author.title


def test_private_and_pending(hostile_site):
    private = ArticlePage.objects.get(title="Private")
    assert private.live
    assert PageViewRestriction.objects.get(page=private).restriction_type == "login"
    assert Client().get(private.url).status_code == 302  # to the login page
    pending = ArticlePage.objects.get(title="Pending")
    assert not pending.live and pending.has_unpublished_changes


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/index.php/news/21753-hostile", "Hostile"),
        ("/index.php?option=com_content&view=article&catid=5&id=21753", "Hostile"),
        ("/?catid=5&id=5993", "Private"),
        ("/?p=101", "Hostile"),
    ],
)
def test_legacy_urls(hostile_site, settings, url, title):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:5],
        "caravan.importers.middleware.LegacyRedirectMiddleware",
        *settings.MIDDLEWARE[5:],
    ]
    response = Client().get(url)
    assert response.status_code == 301, url
    assert response["Location"] == ArticlePage.objects.get(title=title).url


def test_patterns_are_configurable(hostile_site, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "caravan.importers.middleware.LegacyRedirectMiddleware",
    ]
    settings.CARAVAN_LEGACY_URL_PATTERNS = [
        r"^/old-story/(?P<id>\d+)$",
        *DEFAULT_LEGACY_URL_PATTERNS,
    ]
    response = Client().get("/old-story/5993")
    assert response["Location"] == ArticlePage.objects.get(title="Private").url


def test_reimport_is_idempotent(hostile_site):
    report = wordpress_import(path=hostile_site["path"], progress=False)
    assert report.created == report.updated == 0
    assert LegacyItem.objects.filter(kind="post").count() == 3
