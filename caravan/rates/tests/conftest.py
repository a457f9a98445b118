import datetime as dt
from pathlib import Path

import pytest
from django.core.cache import cache

DATA = Path(__file__).resolve().parent / "data"


def payload(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fast_http(settings):
    settings.CARAVAN_RATES_HTTP_TIMEOUT = (0.5, 0.5)
    settings.CARAVAN_RATES_HTTP_RETRIES = 1
    settings.CARAVAN_RATES_HTTP_BACKOFF = 0
    return settings


@pytest.fixture
def bank_urls(httpserver, fast_http):
    """Point every provider at the local HTTP server (nothing served until a test
    registers a handler: unexpected requests get HTTP 500)."""
    base = httpserver.url_for("")
    fast_http.CARAVAN_RATES_URLS = {
        "nbk": f"{base}nbk/get_rates.cfm",
        "nbkr": f"{base}nbkr/daily.xml",
        "nbkr_weekly": f"{base}nbkr/weekly.xml",
        "cbu": base + "cbu/json/all/{date}/",
        "cbu_latest": f"{base}cbu/json/",
        "nbt": f"{base}nbt/export_xml.php",
        "cbt": base + "cbt/kurs/{year}/{ddmmyyyy}.xml",
        "cbr": f"{base}cbr/XML_daily.asp",
    }
    return httpserver


@pytest.fixture
def chains(settings):
    """Set CARAVAN_RATES_PROVIDERS for a test."""

    def set_chains(mapping):
        settings.CARAVAN_RATES_PROVIDERS = mapping
        cache.clear()

    return set_chains


def serve_all(httpserver):
    """Serve every recorded payload at the URL its provider asks for."""
    httpserver.expect_request(
        "/nbk/get_rates.cfm", query_string={"fdate": "01.04.2026"}
    ).respond_with_data(payload("nbk_get_rates.xml"), content_type="text/xml")
    httpserver.expect_request("/nbkr/daily.xml").respond_with_data(
        payload("nbkr_daily.xml"), content_type="application/xml"
    )
    httpserver.expect_request("/nbkr/weekly.xml").respond_with_data(
        payload("nbkr_weekly.xml"), content_type="application/xml"
    )
    httpserver.expect_request("/cbu/json/all/2026-04-01/").respond_with_data(
        payload("cbu_all.json"), content_type="application/json"
    )
    httpserver.expect_request(
        "/nbt/export_xml.php", query_string={"date": "2026-05-18", "export": "xmlout"}
    ).respond_with_data(payload("nbt_export.xml"), content_type="text/xml")
    httpserver.expect_request("/cbt/kurs/2026/20052026.xml").respond_with_data(
        payload("cbt_kurs.xml"), content_type="text/xml"
    )
    httpserver.expect_request(
        "/cbr/XML_daily.asp", query_string={"date_req": "25/04/2026"}
    ).respond_with_data(
        payload("cbr_xml_daily.xml"), content_type="text/xml; charset=windows-1251"
    )


D = dt.date


def seed(code: str, source: str, day: dt.date, units: str, **fields):
    """A rate stored earlier and published (a test's history), without the checks a
    fetched value goes through: what they judge a new value *against*."""
    from decimal import Decimal

    from caravan.rates.models import Rate, RateStatus
    from caravan.rates.services import currency_for, rate_values

    units_per_usd, value = rate_values(Decimal(units))
    fields.setdefault("status", RateStatus.PUBLISHED)
    return Rate.objects.create(
        currency=currency_for(code),
        source=source,
        rate_date=day,
        units_per_usd=units_per_usd,
        value=value,
        **fields,
    )


def seed_calm_history(code: str, source: str, end: dt.date, units: str, days=40):
    """``days`` business days before ``end``, the last one at ``units``, moving
    0.4 % a day (a calm currency, as KZT is most days)."""
    from decimal import Decimal

    day = end
    for i in range(days):
        day -= dt.timedelta(days=1)
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        seed(code, source, day, str(Decimal(units) * (1 + i % 2 * Decimal("0.004"))))
