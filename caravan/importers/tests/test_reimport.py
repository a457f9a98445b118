"""Re-imports respect editors: a page edited in Caravan since its import is kept
and reported with what WordPress changed; --overwrite-edited forces it; the
importer changes only what it made; --dry-run says exactly what a run does."""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Revision

from caravan.importers import wordpress
from caravan.importers.models import LegacyItem
from caravan.importers.wordpress import wordpress_import
from caravan.news.models import ArticlePage
from caravan.news.tests import factories

from .conftest import DATA

SOURCE = DATA / "sections-and-terms.xml"


@pytest.fixture
def site(db, tmp_path):
    home = factories.make_home()
    # An editor's own redirect at an old WordPress path, made before the import.
    elsewhere = factories.make_section(home, "Elsewhere", slug="elsewhere")
    Redirect.objects.create(
        old_path="/2024/04/03/cotton-exports", redirect_page=elsewhere
    )
    first = wordpress_import(path=SOURCE, progress=False)
    editor = get_user_model().objects.create_user(
        "editor", password="x", is_staff=True, is_superuser=True
    )
    return {"home": home, "first": first, "editor": editor, "tmp": tmp_path}


def changed_export(tmp_path, *, draft_canal=True):
    """WordPress after the import: the canal post's body edited and the post made
    a draft; the cotton post's body edited; the council's password changed."""
    text = SOURCE.read_text(encoding="utf-8")
    text = text.replace("The canal is open again.", "The canal is open again, for now.")
    if draft_canal:
        text = text.replace(
            "<wp:post_name><![CDATA[canal-reopens]]></wp:post_name>\n"
            "    <wp:status><![CDATA[publish]]></wp:status>",
            "<wp:post_name><![CDATA[canal-reopens]]></wp:post_name>\n"
            "    <wp:status><![CDATA[draft]]></wp:status>",
        )
    text = text.replace("Exports rose; the river fell.", "Exports rose by a tenth.")
    text = text.replace("<![CDATA[aral]]>", "<![CDATA[aral-2024]]>")
    path = tmp_path / "changed.xml"
    path.write_text(text, encoding="utf-8")
    return path


def edit_in_caravan(editor):
    """What the issue describes: the canal post retitled and restricted to
    logged-in readers, as the admin does it (a revision, a logged restriction)."""
    page = ArticlePage.objects.get(slug="canal-reopens")
    page.title = "Canal reopens (corrected)"
    page.tags.add("Canals")
    page.save_revision(user=editor).publish(user=editor)
    PageViewRestriction(page=page, restriction_type="login").save(user=editor)
    return page


def body(slug):
    return json.dumps(list(ArticlePage.objects.get(slug=slug).body.raw_data))


def run_command(path, **options):
    out = io.StringIO()
    call_command(
        "import_wordpress",
        str(path),
        stdout=out,
        stderr=io.StringIO(),
        verbosity=0,
        **options,
    )
    return out.getvalue()


def state():
    return (
        sorted(Page.objects.values_list("pk", "title", "live", "latest_revision_id")),
        sorted(
            PageViewRestriction.objects.values_list(
                "page_id", "restriction_type", "password"
            )
        ),
        Revision.objects.count(),
        sorted(Redirect.objects.values_list("old_path", "redirect_page_id")),
    )


def test_reimport_keeps_what_editors_did(site):
    canal = edit_in_caravan(site["editor"])
    path = changed_export(site["tmp"])
    before = state()

    dry = run_command(path, dry_run=True)
    assert state() == before  # the dry run wrote nothing
    kept_line = (
        "kept: edited in Caravan — post 101 “Canal reopens after repairs”: "
        "WordPress changed body, status publish → draft"
    )
    assert kept_line in dry, dry
    assert "(in Caravan: 1 revision, publish, rename, view restriction.create)" in dry
    assert re.search(r"^post\s+0\s+2\s+0\s+1\s+0\s+0$", dry, re.M), dry
    assert "post 102 “Cotton exports and the river”: body" in dry
    assert "post 103 “Minutes of the water council”: password" in dry

    real = run_command(path)
    # Exactly what the dry run said.
    assert real == dry.replace(
        "DRY RUN — nothing was written; a real run does exactly this. ", ""
    )
    canal = ArticlePage.objects.get(pk=canal.pk)
    assert canal.title == "Canal reopens (corrected)"  # the editor's title
    assert canal.live  # not unpublished
    assert "for now" not in body("canal-reopens")
    assert list(
        PageViewRestriction.objects.filter(page=canal).values_list("restriction_type")
    ) == [("login",)]
    assert Client().get(canal.url).status_code == 302  # still for logged-in readers
    # The unedited pages follow WordPress.
    assert "Exports rose by a tenth." in body("cotton-exports")
    council = ArticlePage.objects.get(slug="water-council")
    assert PageViewRestriction.objects.get(page=council).password == "aral-2024"
    # The editor's redirect at an old path was left alone.
    assert (
        Redirect.objects.get(old_path="/2024/04/03/cotton-exports").redirect_page.title
        == "Elsewhere"
    )
    assert "a redirect made in Caravan has the old path: kept" in real

    # Kept again next time, still saying what WordPress changed.
    again = run_command(path)
    assert kept_line in again and re.search(r"^post\s+0\s+0\s+2\s+1", again, re.M)


def test_overwrite_edited_replaces_the_page_but_not_the_editors_restriction(site):
    canal = edit_in_caravan(site["editor"])
    out = run_command(changed_export(site["tmp"]), overwrite_edited=True)
    assert "overwrote what was done in Caravan" in out
    assert "unpublished (draft in WordPress)" in out
    canal = ArticlePage.objects.get(pk=canal.pk)
    assert canal.title == "Canal reopens after repairs"
    assert not canal.live
    assert "for now" in body("canal-reopens")
    # The importer deletes only what it made: the editor's restriction and tag stay.
    assert PageViewRestriction.objects.filter(
        page=canal, restriction_type="login"
    ).exists()
    assert "Canals" in {t.name for t in canal.tags.all()}


def test_unedited_page_follows_wordpress_status(site):
    run_command(changed_export(site["tmp"]))
    canal = ArticlePage.objects.get(slug="canal-reopens")
    assert not canal.live and "for now" in body("canal-reopens")


def test_importer_upgrade_reconverts_only_when_asked(site, monkeypatch):
    before = state()
    monkeypatch.setattr(wordpress, "IMPORTER_VERSION", wordpress.IMPORTER_VERSION + 1)
    out = run_command(SOURCE)
    assert state() == before, out
    assert "Imported by an older version of the importer" in out
    assert "--reconvert" in out
    out = run_command(SOURCE, reconvert=True)
    assert re.search(r"^post\s+0\s+3\s+0\s+0", out, re.M), out
    assert set(
        LegacyItem.objects.filter(kind="post").values_list(
            "importer_version", flat=True
        )
    ) == {wordpress.IMPORTER_VERSION}
    # Converted by the new version: nothing more to do.
    out = run_command(SOURCE)
    assert "older version" not in out and re.search(r"^post\s+0\s+0\s+3", out, re.M)


def test_source_checksum_ignores_comments(site, tmp_path):
    text = SOURCE.read_text(encoding="utf-8").replace(
        "<wp:post_id>101</wp:post_id>",
        "<wp:post_id>101</wp:post_id><wp:comment><wp:comment_id>1</wp:comment_id>"
        "<wp:comment_approved>1</wp:comment_approved></wp:comment>",
    )
    path = tmp_path / "commented.xml"
    path.write_text(text, encoding="utf-8")
    report = wordpress_import(path=path, progress=False)
    assert report.created == report.updated == 0 and report.comments == 1


def test_a_page_deleted_in_caravan_is_not_recreated(site):
    ArticlePage.objects.get(slug="cotton-exports").delete()
    out = run_command(changed_export(site["tmp"]))
    assert "post 102 “Cotton exports and the river”: deleted in Caravan" in out
    assert not ArticlePage.objects.filter(slug="cotton-exports").exists()
    run_command(changed_export(site["tmp"]), overwrite_edited=True)
    assert ArticlePage.objects.filter(slug="cotton-exports").exists()
