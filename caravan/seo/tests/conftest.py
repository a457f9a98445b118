import pytest


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """These tests change settings and content between requests: always render."""
    settings.CARAVAN_PAGE_CACHE = False
