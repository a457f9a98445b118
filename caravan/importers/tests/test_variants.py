"""Every WXR variant the field produces imports, and every item left out is counted
with its reason. The files are in tests/data/, written for these tests."""

import codecs
import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction

from caravan.core.models import StandardPage
from caravan.importers import wxr
from caravan.importers.models import LegacyItem
from caravan.importers.wordpress import wordpress_import
from caravan.news.models import ArticlePage, SectionPage
from caravan.news.tests import factories
from caravan.people.models import AuthorPage

from .conftest import DATA


def run(name, **kwargs):
    return wordpress_import(path=DATA / name, progress=False, **kwargs)


def section_titles(path):
    """The titles a section's listing shows, read from the page as a reader gets it."""
    html = Client().get(path).content.decode()
    assert "<h1" in html, path
    html = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    html = html.split('class="card-list"', 1)[1]  # the listing, not the header
    return {t for t in ArticlePage.objects.values_list("title", flat=True) if t in html}


@pytest.fixture
def home(db):
    return factories.make_home()


def test_https_export_without_post_ids(home):
    """A theme-preview export: https namespaces, ids only in <guid>/<link>,
    categories without domain/nicename and not declared in the header."""
    report = run("preview-https-no-ids.xml")
    text = report.as_text()
    assert report.counts["post"].created == 3, text
    assert report.counts["page"].created == 1, text
    assert "no post id" in text and re.search(
        r"^post\s+3\s+0\s+0\s+0\s+1\s+0$", text, re.M
    )
    travel = SectionPage.objects.get(title="Travel")
    routes = SectionPage.objects.get(title="Trade Routes")
    assert travel.slug == "travel" and routes.slug == "trade-routes"
    assert "not declared in the file's header" in text
    first = ArticlePage.objects.get(title="Caravans cross the steppe")
    assert first.get_parent().pk == travel.pk  # the first category is primary
    assert list(first.other_sections.all()) == [routes]  # the other kept
    assert section_titles(routes.url) == {
        "Caravans cross the steppe",
        "Markets of the old city",
    }
    untyped = ArticlePage.objects.get(title="A note from the road")
    assert untyped.live
    assert list(first.tags.all()) == []
    assert [t.name for t in Tag.objects.all()] == ["bazaar"]
    client = Client()
    for query, title in (("p=19", "Caravans cross the steppe"), ("p=31", None)):
        response = client.get(f"/?{query}")
        assert response.status_code == 301, query
        target = ArticlePage.objects.get(title=title or "A note from the road")
        assert response["Location"] == target.url
    response = client.get("/?page_id=2")
    assert (
        response["Location"] == StandardPage.objects.get(title="About this preview").url
    )
    again = run("preview-https-no-ids.xml")
    assert again.created == again.updated == 0, again.as_text()


def test_wxr_1_0(home):
    """No <wp:author> (profiles from dc:creator), each category twice, tags as
    domain="tag", plain text."""
    report = run("wxr-1.0.xml")
    assert report.wxr_version == "1.0"
    post = ArticlePage.objects.get(title="Silk prices rise")
    assert post.get_parent().specific.title == "News"
    assert SectionPage.objects.descendant_of(home).count() == 1
    assert [t.name for t in post.tags.all()] == ["Silk"]
    assert [a.legacy_login for a in post.authors] == ["olduser"]
    assert "Traders blame the weather." in json.dumps(list(post.body.raw_data))


def test_two_wxr_namespace_versions_are_both_read(home):
    report = run("two-wxr-versions.xml")
    assert report.counts["post"].created == 5, report.as_text()
    assert report.wxr_version == "1.2"
    assert set(ArticlePage.objects.values_list("slug", flat=True)) == {
        "one",
        "two",
        "three",
        "four",
        "five",
    }
    news = SectionPage.objects.get(slug="news")
    assert {a.title for a in ArticlePage.objects.child_of(news)} == {"One", "Two"}


def test_namespace_uri_libxml2_warns_about(home):
    report = run("unicode-namespace.xml")
    assert report.counts["post"].created == 1
    assert "is not a valid URI" in report.as_text()  # noted, not refused
    post = ArticlePage.objects.get(slug="slashes")
    assert post.title == "Slashes \\\\ and / and \\\\\\\\ שלום\u200f zero\u200bwidth"
    raw = json.dumps(list(post.body.raw_data), ensure_ascii=False)
    assert "A CDATA end: ]]&gt; and a path C:\\\\\\\\dir\\\\\\\\file, مرحبا." in raw


def test_every_category_and_term(home):
    report = run("sections-and-terms.xml")
    text = report.as_text()
    news = SectionPage.objects.get(slug="news")
    updates = SectionPage.objects.get(slug="updates")
    business = SectionPage.objects.get(slug="business")
    assert updates.get_parent().pk == news.pk
    canal = ArticlePage.objects.get(title="Canal reopens after repairs")
    assert canal.get_parent().pk == news.pk
    assert list(canal.other_sections.all()) == [updates]
    # Listed in /news/updates/ (and, being under News, in /news/).
    assert "Canal reopens after repairs" in section_titles(updates.url)
    # The SEO plugin's primary category wins; "agriculture" is used but not
    # declared: a top-level section of its own.
    cotton = ArticlePage.objects.get(title="Cotton exports and the river")
    assert cotton.get_parent().pk == business.pk
    agriculture = SectionPage.objects.get(slug="agriculture")
    assert agriculture.get_parent().pk == home.pk
    assert set(cotton.other_sections.all()) == {news, agriculture}
    assert "Cotton exports and the river" in section_titles(news.url)
    assert "Cotton exports and the river" in section_titles(agriculture.url)
    # A custom taxonomy's term is a tag; a post format, a menu and a tag's
    # description are counted, with their reasons.
    assert sorted(t.name for t in canal.tags.all()) == ["Aral Diaries", "Water"]
    assert (
        "post_format on a post: 1 × post format (Caravan has no post formats)" in text
    )
    assert "nav_menu term: 1 × navigation menu (menus are not imported)" in text
    assert "tag description: 1 × Caravan's tags have none" in text
    assert "series on a post: 1 × custom taxonomy: kept as a tag" in text
    assert "post type 'nav_menu_item' is not imported" in text
    # Authors: e-mail and names kept; an invalid address counted.
    aigerim = AuthorPage.objects.get(legacy_login="aigerim")
    assert (
        aigerim.title,
        aigerim.first_name,
        aigerim.last_name,
        aigerim.private_email,
        aigerim.email,
    ) == (
        "Aigerim S.",
        "Aigerim",
        "Seitkali",
        "aigerim@steppe.example",
        "",
    )
    assert AuthorPage.objects.get(legacy_login="timur").private_email == ""
    assert "author e-mail: 1 × not a valid address" in text
    profile = Client().get(aigerim.url).content.decode()
    assert '"givenName": "Aigerim"' in profile or '"givenName":"Aigerim"' in profile
    assert "aigerim@steppe.example" not in profile  # never published


def test_draft_page_old_url_does_not_redirect_to_a_404(home):
    run("sections-and-terms.xml")
    draft = StandardPage.objects.get(title="Contact (draft)")
    assert not draft.live
    response = Client().get("/?page_id=201")
    assert response.status_code == 200  # the home page, as WordPress would
    assert LegacyItem.objects.get(kind="page", wp_key="201").get_url() is None
    assert Client().get("/?p=101").status_code == 301


def test_protected_post_is_restricted_by_its_password(home):
    run("sections-and-terms.xml")
    post = ArticlePage.objects.get(slug="water-council")
    restriction = PageViewRestriction.objects.get(page=post)
    assert (restriction.restriction_type, restriction.password) == ("password", "aral")


def test_a_file_whose_published_posts_were_all_skipped_fails(home, tmp_path):
    text = (DATA / "preview-https-no-ids.xml").read_text(encoding="utf-8")
    # No id anywhere: every post and page is skipped.
    text = re.sub(r"\?(p|page_id)=\d+", "", text)
    path = tmp_path / "no-ids.xml"
    path.write_text(text, encoding="utf-8")
    pages = Page.objects.count()
    out = io.StringIO()
    with pytest.raises(CommandError, match="none of the 5 published posts") as exc:
        call_command("import_wordpress", str(path), verbosity=0, stdout=out)
    assert "Nothing was imported" in str(exc.value)
    # The report says why: every item counted with its reason.
    assert "post: 4 × no post id" in out.getvalue()
    assert "page: 1 × no post id" in out.getvalue()
    assert Page.objects.count() == pages and not LegacyItem.objects.exists()


def test_cdata_or_plain_text_read_alike(tmp_path):
    plain = (DATA / "wxr-1.0.xml").read_text(encoding="utf-8")
    cdata = re.sub(
        r"<title>([^<]*)</title>", r"<title><![CDATA[\1]]></title>", plain, count=2
    )
    a, b = tmp_path / "a.xml", tmp_path / "b.xml"
    a.write_text(plain, encoding="utf-8")
    b.write_text(cdata, encoding="utf-8")
    items = [
        next(r for r in wxr.iter_wxr(p) if isinstance(r, wxr.Item)) for p in (a, b)
    ]
    assert items[0] == items[1]
    terms = [(t.domain, t.slug, t.name) for t in items[0].terms]
    assert terms == [("category", "news", "News"), ("post_tag", "silk", "Silk")]


# ---------------------------------------------------------------- DOCTYPE checks

RSS = (
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">'
    "<channel><title>&lol2;</title><wp:wxr_version>1.2</wp:wxr_version>"
    "</channel></rss>"
)
DTD = '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
PROLOGUES = {
    "after a 1 MiB comment": '<?xml version="1.0" encoding="UTF-8"?>\n<!--'
    + "x" * (1 << 20)
    + "-->\n"
    + DTD
    + RSS,
    "after a 3 MiB processing instruction": '<?xml version="1.0"?><?pad '
    + "y" * (3 << 20)
    + "?>"
    + DTD
    + RSS,
}


@pytest.mark.parametrize("case", PROLOGUES)
def test_doctype_anywhere_in_the_prologue_is_refused(db, tmp_path, case):
    path = tmp_path / "late-doctype.xml"
    path.write_text(PROLOGUES[case], encoding="utf-8")
    with pytest.raises(wxr.WxrError, match="DOCTYPE"):
        list(wxr.iter_wxr(path))


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_doctype_in_utf16_is_refused(db, tmp_path, codec):
    text = '<?xml version="1.0" encoding="UTF-16"?>\n' + DTD + RSS
    data = text.encode(codec)
    if codec != "utf-16":  # no BOM from these codecs: add one, as editors do
        data = (
            codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
        ) + data
    path = tmp_path / "utf16.xml"
    path.write_bytes(data)
    with pytest.raises(wxr.WxrError, match="DOCTYPE"):
        list(wxr.iter_wxr(path))


def test_the_parser_itself_refuses_a_dtd(tmp_path):
    """Whatever the pre-check misses, the reader refuses a DTD at the root's
    first event, before any content is read."""
    path = tmp_path / "dtd.xml"
    path.write_text('<?xml version="1.0"?>' + DTD + RSS, encoding="utf-8")
    with pytest.raises(wxr.WxrError, match="DOCTYPE"):
        list(wxr._Reader(path))


def test_utf16_export_without_dtd_imports(home, tmp_path):
    text = (DATA / "wxr-1.0.xml").read_text(encoding="utf-8")
    path = tmp_path / "utf16.xml"
    path.write_bytes(
        text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    )
    report = wordpress_import(path=path, progress=False)
    assert report.counts["post"].created == 1


def test_lxml_options_hold_without_the_doctype_checks(tmp_path, monkeypatch):
    """The last layer: even with both DOCTYPE checks switched off, the parser's
    options resolve no entity and read no file."""
    monkeypatch.setattr(wxr._Reader, "_check_doctype", lambda self, elem: None)
    path = tmp_path / "xxe.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<title>&xxe;</title><wp:wxr_version>1.2</wp:wxr_version>"
        "<item><title>x&xxe;</title><wp:post_id>1</wp:post_id></item></channel></rss>",
        encoding="utf-8",
    )
    records = list(wxr._Reader(path))
    channel = records[0]
    item = next(r for r in records if isinstance(r, wxr.Item))
    assert "root:" not in channel.title and "root:" not in item.title
