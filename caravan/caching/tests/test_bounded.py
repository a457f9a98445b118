"""The shared cache cannot be flooded from outside: parameters no page reads
never reach the page or its key, a 404 is kept in the process only, and every
key the page cache writes expires."""

import random
import string

import pytest
from django.core.cache import cache

from caravan.caching import keys

from .support import reset_page_cache

pytestmark = pytest.mark.django_db

REQUESTS = 10_000


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    reset_page_cache(settings, enabled=True)


def cache_keys() -> dict[str, int | None]:
    """Every key of this test's cache, with its remaining lifetime (None: never
    expires)."""
    backend = getattr(cache, "_cache", None)
    if hasattr(backend, "get_client"):  # Redis, under this test run's prefix
        client = backend.get_client(None)
        found = {}
        for key in client.scan_iter(match=f"{cache.key_prefix}:*", count=1000):
            ttl = client.ttl(key)
            found[key.decode()] = None if ttl < 0 else ttl
        return found
    expiry = cache._expire_info  # locmem
    return {key: expiry.get(key) for key in list(cache._cache)}


def junk(rng, n=8) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(n))


def test_random_parameters_and_paths_add_a_bounded_number_of_keys(client, news_site):
    rng = random.Random(20261204)
    pages = ["/", news_site["lead"].url, news_site["business"].url, "/tag/trade/"]
    for url in pages:
        assert client.get(url).status_code == 200
    before = cache_keys()
    statuses = set()
    for i in range(REQUESTS):
        if i % 2:
            url = f"{rng.choice(pages)}?{junk(rng)}={junk(rng)}&utm_source={junk(rng)}"
        elif i % 4:
            url = f"/tag/{junk(rng)}/"
        else:
            url = f"{rng.choice(pages)}?page={rng.randint(2, 10**9)}&fbclid={i}"
        statuses.add(client.get(url).status_code)
    after = cache_keys()
    assert statuses == {200, 404}
    added = set(after) - set(before)
    assert len(added) <= 10, sorted(added)[:20]
    assert all(ttl is not None for ttl in after.values()), [
        key for key, ttl in after.items() if ttl is None
    ]


def test_undeclared_parameters_never_reach_the_page(client, news_site):
    first = client.get("/search/?q=solar&utm_source=mail&gclid=x")
    assert first.status_code == 200
    second = client.get("/search/?gclid=y&q=solar")
    assert second["X-Cache"] == "HIT"
    assert b"utm_source" not in second.content and b"gclid" not in second.content


def test_varnish_keeps_the_same_parameters_as_the_app():
    from pathlib import Path

    vcl = Path(__file__).resolve().parents[3] / "deploy/varnish/caravan.vcl"
    text = vcl.read_text()
    kept = text.split("(?!(?:", 1)[1].split(")=)", 1)[0].split("|")
    passed = text.split('"[?&](', 1)[1].split(")=", 1)[0].split("|")
    assert set(passed) == keys.bypassing_params()
    assert set(kept) == keys.query_params() - keys.bypassing_params()


def test_only_the_parameters_a_page_reads_enter_its_key(client, news_site):
    assert client.get("/")["X-Cache"] == "MISS"
    # The home page reads no parameter: ?page=7 or ?q=x is the same page.
    assert client.get("/?page=7")["X-Cache"] == "HIT"
    assert client.get("/?q=anything&page=2")["X-Cache"] == "HIT"
    section = news_site["business"].url
    first, second = client.get(section), client.get(f"{section}?page=2")
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "MISS")
    assert first.content != second.content
    # A parameter the section does not read is not carried into its links.
    third = client.get(f"{section}?page=2&q=junk")
    assert third["X-Cache"] == "HIT" and b"junk" not in third.content


def test_a_parameter_read_only_sometimes_still_keeps_copies_apart(client, news_site):
    """The converter reads its currencies only when an amount is given: the
    copy made without them must not answer a request that gives them."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from caravan.rates.models import Currency, Rate

    tenge = Currency.objects.get_or_create(code="KZT", defaults={"name": "Tenge"})[0]
    Rate.objects.create(
        currency=tenge,
        source="nbk",
        rate_date=timezone.localdate() - dt.timedelta(days=1),
        units_per_usd=Decimal("500"),
        value=Decimal("0.002"),
    )
    plain = client.get("/rates/?amount=100")
    dollars = client.get("/rates/?amount=100&source=KZT&target=USD")
    assert plain.status_code == dollars.status_code == 200
    assert dollars["X-Cache"] == "MISS"
    assert plain.content != dollars.content
    again = client.get("/rates/?target=USD&source=KZT&amount=100&utm_medium=x")
    assert again["X-Cache"] == "HIT" and again.content == dollars.content
