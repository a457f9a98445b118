"""The theme unit test export, imported once for this module."""

import json
import re
from collections import Counter

import pytest
from django.test import Client
from lxml import etree
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Revision, Site

from caravan.core.models import StandardPage
from caravan.importers.models import LegacyItem
from caravan.importers.wordpress import wordpress_import
from caravan.news.models import ArticleAuthor, ArticlePage, SectionPage
from caravan.people.models import AuthorPage

from .conftest import MISSING_UPLOADS, WP, WXR

EXECUTABLE = re.compile(r"<script|\bon\w+\s*=|javascript:|<iframe|<style", re.I)


@pytest.fixture(scope="module")
def expected():
    """What the file holds, counted with lxml independently of the importer."""
    tree = etree.parse(str(WXR))
    items = list(tree.iter("item"))
    by_type = Counter(i.findtext(f"{WP}post_type") for i in items)
    status = Counter(
        i.findtext(f"{WP}status")
        for i in items
        if i.findtext(f"{WP}post_type") == "post"
    )
    tags = {t.findtext(f"{WP}tag_slug") for t in tree.iter(f"{WP}tag")}
    tags |= {
        c.get("nicename")
        for c in tree.iter("category")
        if c.get("domain") == "post_tag"
    }
    # Tag names are case-insensitive on the new site (TAGGIT_CASE_INSENSITIVE).
    tag_names = {t.findtext(f"{WP}tag_name").lower() for t in tree.iter(f"{WP}tag")}
    tag_names |= {
        c.text.lower() for c in tree.iter("category") if c.get("domain") == "post_tag"
    }
    logins = {a.findtext(f"{WP}author_login") for a in tree.iter(f"{WP}author")}
    dc_creator = "{http://purl.org/dc/elements/1.1/}creator"
    return {
        "posts_by_exported_author": sum(
            i.findtext(f"{WP}post_type") == "post" and i.findtext(dc_creator) in logins
            for i in items
        ),
        "by_type": by_type,
        "post_status": status,
        "authors": len(list(tree.iter(f"{WP}author"))),
        "categories": len(list(tree.iter(f"{WP}category"))),
        "tags": len(tags),
        "tag_names": len(tag_names),
        "comments": len(list(tree.iter(f"{WP}comment"))),
        "posts": {
            int(i.findtext(f"{WP}post_id")): re.sub(r"<[^>]+>", "", i.findtext("title"))
            or f"Untitled {i.findtext(f'{WP}post_id')}"
            for i in items
            if i.findtext(f"{WP}post_type") == "post"
        },
    }


def legacy_page(kind, wp_id):
    return LegacyItem.objects.get(kind=kind, wp_key=str(wp_id)).page.specific


def test_counts_match_the_file(imported, expected, db):
    report = imported["report"]
    home = imported["home"]
    assert (
        ArticlePage.objects.descendant_of(home).count() == expected["by_type"]["post"]
    )
    assert (
        StandardPage.objects.descendant_of(home).count() == expected["by_type"]["page"]
    )
    assert AuthorPage.objects.descendant_of(home).count() == expected["authors"]
    # one section per category (the file has an "Uncategorized" category itself)
    assert SectionPage.objects.descendant_of(home).count() == expected["categories"]
    assert Tag.objects.count() == expected["tag_names"]
    assert report.counts["post"].created == expected["by_type"]["post"]
    assert report.counts["page"].created == expected["by_type"]["page"]
    assert report.counts["author"].created == expected["authors"]
    assert report.counts["category"].created == expected["categories"]
    assert report.counts["tag"].created == expected["tags"]
    assert report.comments == expected["comments"]
    assert report.counts["other"].skipped == expected["by_type"]["nav_menu_item"]
    assert not report.failures, report.failures
    att = report.counts["attachment"]
    assert att.created + att.skipped == expected["by_type"]["attachment"]
    assert get_image_model().objects.count() == att.created
    assert {p for _, p in report.missing_media} >= MISSING_UPLOADS
    assert "Missing media" in report.as_text()
    live = ArticlePage.objects.descendant_of(home).live().count()
    assert live == expected["post_status"]["publish"]


def test_every_article_renders(imported, expected, db):
    client = Client()
    articles = ArticlePage.objects.descendant_of(imported["home"])
    assert {a.title for a in articles} == set(expected["posts"].values())
    for article in articles:
        if article.live:
            response = client.get(article.url)
            assert response.status_code == 200, (article.title, response.status_code)
            html = response.content.decode()
        else:  # draft / scheduled: what an editor's preview shows
            response = article.make_preview_request()
            assert response.status_code == 200, article.title
            html = response.rendered_content
        body_html = html.split('class="article__body"', 1)[-1]  # or password form
        assert not EXECUTABLE.search(body_html), article.title


def test_statuses_dates_authors_and_sticky(imported, expected, db):
    scheduled = ArticlePage.objects.get(title="Scheduled")
    assert not scheduled.live and scheduled.go_live_at is not None
    assert Revision.objects.filter(
        object_id=str(scheduled.pk), approved_go_live_at__isnull=False
    ).exists()
    draft = ArticlePage.objects.get(title="Draft")
    assert not draft.live and draft.go_live_at is None
    protected = ArticlePage.objects.get(
        title__startswith="Template: Password Protected"
    )
    restriction = PageViewRestriction.objects.get(page=protected)
    assert restriction.password == "enter"
    sticky = ArticlePage.objects.get(title="Template: Sticky")
    assert sticky.is_sticky
    markup = ArticlePage.objects.get(title="Markup: HTML Tags and Formatting")
    assert (
        markup.date_published.isoformat() == "2013-01-12T03:22:19+00:00"
    )  # post_date_gmt
    assert [a.legacy_login for a in markup.authors] == ["themedemos"]
    with_author = ArticleAuthor.objects.values("article").distinct().count()
    assert with_author == expected["posts_by_exported_author"]
    excerpt = ArticlePage.objects.get(title="Template: Excerpt (Defined)")
    assert excerpt.standfirst.startswith("This is a user-defined post excerpt")
    featured = ArticlePage.objects.get(title="Template: Featured Image (Horizontal)")
    assert featured.hero_image is not None
    section = ArticlePage.objects.get(title="Edge Case: Many Categories").get_parent()
    assert section.specific_class is SectionPage


def test_category_hierarchy_and_pages_tree(imported, db):
    parent = SectionPage.objects.get(slug="parent")
    child = SectionPage.objects.get(slug="child-1")
    assert child.get_parent().pk == parent.pk
    level3 = StandardPage.objects.get(title="Level 3")
    assert level3.get_parent().title == "Level 2"
    assert level3.get_parent().get_parent().title == "Level 1"


def test_markup_survives(imported, db):
    page = ArticlePage.objects.get(title="Markup: HTML Tags and Formatting")
    types = [b.block_type for b in page.body]
    assert {"heading", "quote", "table", "paragraph"} <= set(types)
    headings = [
        (b.value["text"], b.value["level"])
        for b in page.body
        if b.block_type == "heading"
    ]
    assert ("Header two", "h2") in headings and ("Header four", "h4") in headings
    quote = next(b.value for b in page.body if b.block_type == "quote")
    assert quote["quote"] == "Stay hungry. Stay foolish."
    table = next(b.value for b in page.body if b.block_type == "table")
    assert table["first_row_is_table_header"]
    assert table["data"][1][:2] == ["John Doe", "$1"]
    raw = json.dumps(list(page.body.raw_data))
    assert "<ul><li>List item one<ul>" in raw and "<ol>" in raw
    images = ArticlePage.objects.get(title="Markup: Image Alignment")
    captions = [b.value["caption"] for b in images.body if b.block_type == "image"]
    assert (
        len(captions) >= 8 and "Look at 580x300 getting some caption love." in captions
    )
    embeds = ArticlePage.objects.get(title="Post Format: Video (YouTube)")
    assert [b.value.url for b in embeds.body if b.block_type == "embed"] == [
        "https://www.youtube.com/watch?v=SQEQr7c0-dw"
    ]
    gallery = ArticlePage.objects.get(title="Post Format: Gallery")
    assert sum(b.block_type == "image" for b in gallery.body) >= 5


def test_nothing_executable_is_stored(imported, db):
    for model in (ArticlePage, StandardPage):
        for page in model.objects.all():
            assert not EXECUTABLE.search(json.dumps(list(page.body.raw_data))), (
                page.title
            )
    for revision in Revision.objects.all():
        assert not EXECUTABLE.search(json.dumps(revision.content)), revision.object_str


@pytest.mark.parametrize(
    ("old", "title"),
    [
        (
            "/2013/01/11/markup-html-tags-and-formatting/",
            "Markup: HTML Tags and Formatting",
        ),
        ("/markup-html-tags-and-formatting/", "Markup: HTML Tags and Formatting"),
        ("/category/parent/child-1/", "Child 1"),
        ("/author/themedemos/", "Theme Buster"),
    ],
)
def test_old_paths_redirect(imported, db, old, title):
    response = Client().get(old)
    assert response.status_code == 301, old
    target = Page.objects.get(title=title)
    assert response["Location"] == target.url


def test_old_query_urls_redirect_with_one_query(
    imported, db, django_assert_num_queries, settings
):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:5],
        "caravan.importers.middleware.LegacyRedirectMiddleware",
        *settings.MIDDLEWARE[5:],
    ]
    client = Client()
    markup = ArticlePage.objects.get(title="Markup: HTML Tags and Formatting")
    wp_id = LegacyItem.objects.get(page=markup).wp_id
    from django.test import RequestFactory

    from caravan.importers.middleware import LegacyRedirectMiddleware

    middleware = LegacyRedirectMiddleware(lambda request: pytest.fail("not redirected"))
    middleware(RequestFactory().get("/", {"p": wp_id}))  # warms the process's memos
    # Wagtail's own copy of the site root paths (in the shared cache) is warm or
    # not depending on which tests ran before: the lookup must not depend on it.
    Site.clear_site_root_paths_cache()
    request = RequestFactory().get("/", {"p": wp_id})
    with django_assert_num_queries(1):
        response = middleware(request)
    assert response.status_code == 301 and response["Location"] == markup.url
    page = StandardPage.objects.get(title="About The Tests")
    response = client.get(f"/?page_id={LegacyItem.objects.get(page=page).wp_id}")
    assert response.status_code == 301 and response["Location"] == page.url


def test_middleware_makes_no_query_without_legacy_params(db, django_assert_num_queries):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from caravan.importers.middleware import LegacyRedirectMiddleware

    middleware = LegacyRedirectMiddleware(lambda request: HttpResponse("ok"))
    for url in ("/", "/news/some-article/", "/search/?q=p", "/?page=2"):
        with django_assert_num_queries(0):
            assert middleware(RequestFactory().get(url)).status_code == 200


def test_tag_urls_need_no_redirect(imported, db):
    # Only tags whose slug changed get a redirect ("content" was merged into the
    # case-insensitively equal "Content" tag, which has another slug).
    redirects = Redirect.objects.filter(old_path__startswith="/tag/")
    assert [r.old_path for r in redirects] == ["/tag/content"]
    client = Client()
    assert client.get("/tag/8bit/").status_code == 200
    response = client.get("/tag/content/")
    assert response.status_code == 301
    assert client.get(response["Location"]).status_code == 200


def test_second_import_changes_nothing(imported, media_dir, db):
    models = (
        Page,
        Revision,
        Tag,
        Redirect,
        LegacyItem,
        ArticleAuthor,
        PageViewRestriction,
        get_image_model(),
    )
    before = {m.__name__: m.objects.count() for m in models}
    report = wordpress_import(path=WXR, media_dir=media_dir, progress=False)
    assert report.created == 0 and report.updated == 0, report.as_text()
    assert report.counts["post"].unchanged == 51
    assert {m.__name__: m.objects.count() for m in models} == before


def test_changed_item_is_updated_not_duplicated(imported, media_dir, db, tmp_path):
    changed = tmp_path / "changed.xml"
    text = WXR.read_text(encoding="utf-8").replace(
        "Stay hungry. Stay foolish.", "Stay curious. Stay kind."
    )
    changed.write_text(text, encoding="utf-8")
    pages = Page.objects.count()
    report = wordpress_import(path=changed, media_dir=media_dir, progress=False)
    assert report.counts["post"].updated == 1 and report.created == 0
    assert Page.objects.count() == pages
    page = ArticlePage.objects.get(title="Markup: HTML Tags and Formatting")
    assert "Stay curious. Stay kind." in json.dumps(list(page.body.raw_data))
