"""Fixtures for the importer: the WordPress theme-unit-test export imported once per
test module (rolled back afterwards), a media dir with most of its uploads."""

import io
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test.utils import override_settings
from lxml import etree
from PIL import Image as PILImage

from caravan.importers.wordpress import upload_relpath, wordpress_import
from caravan.news.tests import factories

DATA = Path(__file__).parent / "data"
WXR = DATA / "themeunittestdata.wordpress.xml"
WP = "{https://wordpress.org/export/1.2/}"
# Two uploads deliberately left out of the media dir: reported as missing.
MISSING_UPLOADS = {
    "2013/03/soworthloving-wallpaper.jpg",
    "2013/09/dsc20040724_152504_532.jpg",
}


def attachment_paths(path=WXR) -> dict[int, str]:
    """Attachment id → upload path, read independently of the importer's parser."""
    tree = etree.parse(str(path))
    return {
        int(item.findtext(f"{WP}post_id")): upload_relpath(
            item.findtext(f"{WP}attachment_url")
        )
        for item in tree.iter("item")
        if item.findtext(f"{WP}post_type") == "attachment"
    }


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("uploads")
    for relpath in attachment_paths().values():
        if relpath in MISSING_UPLOADS:
            continue
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        fmt = {".png": "PNG", ".gif": "GIF"}.get(target.suffix.lower(), "JPEG")
        PILImage.new("RGB", (24, 16), (200, 120, 40)).save(buffer, fmt)
        target.write_bytes(buffer.getvalue())
    return root


@pytest.fixture(scope="session")
def media_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_and_cache(media_root):
    """Replaces the project-wide fixture: one MEDIA_ROOT for the whole session, so
    images imported by a module-scoped fixture stay readable in every test."""
    with override_settings(MEDIA_ROOT=media_root, WAGTAILEMBEDS_FINDERS=[]):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, media_dir, media_root):
    """The theme unit test export imported into a fresh site, shared by a module."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root, WAGTAILEMBEDS_FINDERS=[]),
    ):
        cache.clear()
        with transaction.atomic():
            home = factories.make_home()
            report = wordpress_import(path=WXR, media_dir=media_dir, progress=False)
            yield {"home": home, "report": report}
            transaction.set_rollback(True)
        cache.clear()
