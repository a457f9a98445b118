"""Bad input never writes anything; --dry-run never writes anything."""

import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from caravan.importers.models import LegacyItem
from caravan.news.tests import factories

from .conftest import WXR

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
RSS = (
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
)
BILLION_LAUGHS = HEAD + (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>\n'
    + RSS
    + "<channel><title>&lol4;</title><wp:wxr_version>1.2</wp:wxr_version>"
    "</channel></rss>"
)
EXTERNAL_ENTITY = HEAD + (
    '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    + RSS
    + "<channel><title>&xxe;</title><wp:wxr_version>1.2</wp:wxr_version>"
    "<item><title>&xxe;</title><wp:post_id>1</wp:post_id>"
    "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>"
    "</channel></rss>"
)


def truncated() -> str:
    text = WXR.read_text(encoding="utf-8")
    return text[: len(text) * 2 // 3]


CASES: dict = {
    "empty": ("", "empty"),
    "blank": ("  \n\n ", "empty"),
    "not-xml": ("this is not xml at all", "no XML element"),
    "garbage-xml": (HEAD + RSS + "<channel><item></rss>", "malformed XML"),
    "truncated": (truncated(), "malformed XML"),
    "non-wxr": (
        HEAD + "<html><body><p>hello</p></body></html>",
        "not a WordPress export",
    ),
    "rss-not-wxr": (
        HEAD + '<rss version="2.0"><channel><title>x</title></channel></rss>',
        "not a WordPress export",
    ),
    "billion-laughs": (BILLION_LAUGHS, "DOCTYPE"),
    "external-entity": (EXTERNAL_ENTITY, "DOCTYPE"),
}


def table_counts():
    return {
        m.__name__: m.objects.count()
        for m in (Page, Revision, Tag, Redirect, LegacyItem, get_image_model())
    }


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_a_clear_error_and_writes_nothing(db, tmp_path, case):
    content, message = CASES[case]
    factories.make_home()
    path = tmp_path / f"{case}.xml"
    path.write_text(content, encoding="utf-8")
    before = table_counts()
    with pytest.raises(CommandError, match=message) as excinfo:
        call_command("import_wordpress", str(path), verbosity=0)
    assert "Nothing was imported" in str(excinfo.value)
    assert table_counts() == before


def test_missing_file_and_bad_site(db, tmp_path):
    factories.make_home()
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_wordpress", str(tmp_path / "nope.xml"), verbosity=0)
    with pytest.raises(CommandError, match="no Wagtail site"):
        call_command("import_wordpress", str(WXR), site="nowhere.example", verbosity=0)


def test_dry_run_reports_and_writes_nothing(db, media_dir, media_root, capsys):
    factories.make_home()
    before = table_counts()
    files_before = sorted(p for p in media_root.rglob("*") if p.is_file())
    call_command(
        "import_wordpress",
        str(WXR),
        media_dir=str(media_dir),
        dry_run=True,
        verbosity=1,
    )
    out, err = capsys.readouterr()
    assert "DRY RUN" in out
    assert re.search(r"^post\s+51\s+0\s+0\s+0\s+0\s+0$", out, re.M)  # every post
    assert "Importing" in err  # the progress bar goes to stderr
    assert table_counts() == before
    assert sorted(p for p in media_root.rglob("*") if p.is_file()) == files_before


def test_failure_halfway_rolls_everything_back(db, media_dir, monkeypatch):
    from caravan.importers import wordpress

    factories.make_home()
    before = table_counts()

    def boom(self):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(wordpress._Importer, "import_categories", boom)
    with pytest.raises(RuntimeError):
        wordpress.wordpress_import(path=WXR, media_dir=media_dir, progress=False)
    assert table_counts() == before
    assert json.dumps(before)
